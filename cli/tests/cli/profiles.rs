//! `pce profile add|list` and `pce --profile NAME` / `PCE_PROFILE`: a profile reaches the
//! mock with its secret from an environment variable, a command that prints it, or a file of
//! its own (mode 0600);
//! the config file never holds a secret; each `ILLUMIO_*` variable wins over the profile.

use std::path::Path;

use crate::{pce, run, scratch, Pce, KEY_SECRET, KEY_USERNAME};

/// `pce profile add NAME` for `pce`'s mock with `extra` arguments, into `config`.
fn add(pce_mock: &Pce, config: &Path, name: &str, url: &str, extra: &[&str]) -> crate::Run {
    let ca = pce_mock.ca_cert.to_str().expect("a UTF-8 path");
    let fqdn = pce_mock.mock.fqdn();
    let mut args = vec![
        "profile",
        "add",
        name,
        "--url",
        url,
        "--org",
        "1",
        "--fqdn",
        &fqdn,
        "--ca-cert",
        ca,
        "--api-key-username",
        KEY_USERNAME,
    ];
    args.extend_from_slice(extra);
    let mut command = pce(args);
    command.env("PCE_CONFIG", config).write_stdin(KEY_SECRET);
    run(&mut command)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_hold_no_secret_in_the_config_and_the_environment_wins() {
    let mock = Pce::start("profiles").await;
    let config = scratch("profiles_config").join("config.toml");
    let url = mock.mock.url();

    let saved = add(&mock, &config, "lab", &url, &["--secret-env", "LAB_SECRET"]);
    assert_eq!(saved.code, 0, "{}", saved.stderr);
    let stdin = add(&mock, &config, "ci", &url, &["--secret-stdin"]);
    assert_eq!(stdin.code, 0, "{}", stdin.stderr);
    // As `pass show pce/prod` would: the command, not the config, knows the secret.
    let vault = crate::write(&scratch("profiles_vault"), "secret", KEY_SECRET);
    let printed = format!("cat '{}'", vault.display());
    let command = add(&mock, &config, "cmd", &url, &["--secret-command", &printed]);
    assert_eq!(command.code, 0, "{}", command.stderr);
    let elsewhere = add(
        &mock,
        &config,
        "moved",
        "https://127.0.0.1:9",
        &["--secret-stdin"],
    );
    assert_eq!(elsewhere.code, 0, "{}", elsewhere.stderr);

    let text = std::fs::read_to_string(&config).expect("the config file");
    assert!(
        !text.contains(KEY_SECRET),
        "a secret in the config file:\n{text}"
    );
    assert!(text.contains("secret_env = \"LAB_SECRET\""), "{text}");
    let secret_file = config
        .parent()
        .expect("a folder")
        .join("secrets")
        .join("ci");
    assert_eq!(
        std::fs::read_to_string(&secret_file).expect("the secret file"),
        KEY_SECRET
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret_file)
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }

    let listed = run(pce(["profile", "list"]).env("PCE_CONFIG", &config));
    assert_eq!(
        listed.stdout,
        format!("ci\t{url}\ncmd\t{url}\nlab\t{url}\nmoved\thttps://127.0.0.1:9\n")
    );
    let as_json = run(pce(["profile", "list", "--format", "json"]).env("PCE_CONFIG", &config));
    assert_eq!(as_json.code, 0, "{}", as_json.stderr);
    assert!(!as_json.stdout.contains(KEY_SECRET), "{}", as_json.stdout);
    let profiles: serde_json::Value = serde_json::from_str(&as_json.stdout).expect("JSON");
    assert_eq!(profiles[2]["name"], "lab");
    assert_eq!(profiles[2]["secret_env"], "LAB_SECRET");
    assert_eq!(
        profiles[0]["secret_file"],
        secret_file.display().to_string()
    );

    let features = |args: &[&str], env: &[(&str, &str)]| {
        let mut command = pce(args);
        command.env("PCE_CONFIG", &config);
        for (name, value) in env {
            command.env(name, value);
        }
        run(&mut command)
    };
    let by_flag = features(
        &["--profile", "lab", "features", "list"],
        &[("LAB_SECRET", KEY_SECRET)],
    );
    assert_eq!(by_flag.code, 0, "{}", by_flag.stderr);
    assert!(
        by_flag.stdout.contains("\tdisabled\n"),
        "{}",
        by_flag.stdout
    );
    let unset = features(&["--profile", "lab", "features", "list"], &[]);
    assert_eq!(unset.code, 2);
    assert!(unset.stderr.contains("LAB_SECRET"), "{}", unset.stderr);
    let by_variable = features(&["features", "list"], &[("PCE_PROFILE", "ci")]);
    assert_eq!(by_variable.code, 0, "{}", by_variable.stderr);
    let by_command = features(&["--profile", "cmd", "features", "list"], &[]);
    assert_eq!(by_command.code, 0, "{}", by_command.stderr);
    // The profile points elsewhere; ILLUMIO_PCE_HOST wins.
    let moved = features(&["--profile", "moved", "features", "list"], &[]);
    assert_eq!(moved.code, 1, "nothing listens there: {}", moved.stderr);
    let overridden = features(
        &["--profile", "moved", "features", "list"],
        &[("ILLUMIO_PCE_HOST", url.as_str())],
    );
    assert_eq!(overridden.code, 0, "{}", overridden.stderr);
    let unknown = features(&["--profile", "nope", "features", "list"], &[]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no profile \"nope\""),
        "{}",
        unknown.stderr
    );
}
