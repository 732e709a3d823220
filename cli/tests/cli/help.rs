//! `--help` on every command shows examples; `--version`; `pce` alone shows the help.

use crate::{pce, run};

#[test]
fn every_command_has_help_with_examples() {
    let commands: &[&[&str]] = &[
        &[],
        &["validate"],
        &["schema", "list"],
        &["schema", "show"],
        &["features", "list"],
        &["features", "enable"],
        &["features", "disable"],
        &["login"],
    ];
    for command in commands {
        let run = run(pce(*command).arg("--help"));
        assert_eq!(run.code, 0, "{command:?}: {}", run.stderr);
        assert!(
            run.stdout.contains("Usage: pce"),
            "{command:?}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("Examples:\n  pce "),
            "{command:?}: {}",
            run.stdout
        );
    }
}

#[test]
fn version_is_printed() {
    let run = run(&mut pce(["--version"]));
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, format!("pce {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_missing_command_shows_the_help_and_exits_2() {
    for args in [&[][..], &["schema"][..], &["features"][..]] {
        let run = run(&mut pce(args));
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.contains("Usage: pce"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn help_never_puts_a_password_on_the_command_line() {
    let run = run(&mut pce(["login", "--help"]));
    for line in run.stdout.lines() {
        if let Some((_, value)) = line.split_once("ILLUMIO_PASSWORD=") {
            assert!(
                value.starts_with("\"$("),
                "a password in shell history: {line}"
            );
        }
    }
    assert!(
        run.stdout.contains("prompts for the password"),
        "{}",
        run.stdout
    );
}
