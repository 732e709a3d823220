//! Proves generated modules compile: builds them in a scratch crate whose only dependencies
//! are `serde` (derive), `serde_json` and the project's `illumio-pce-lenient` (how responses read); or builds such a crate as a program that uses a
//! module (the round-trip checker).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{project_root, Failure};

const MANIFEST: &str = r#"[package]
name = "pce-generated-check"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["float_roundtrip"] }
illumio-pce-lenient = { path = "LENIENT", features = ["audit"] }
"#;

/// Makes the scratch crate `target/xtask/<scratch>` (manifest, lock file, empty `src/`);
/// returns its folder.
fn scratch_crate(scratch: &str) -> Result<PathBuf, Failure> {
    let root = project_root();
    let dir = root.join("target").join("xtask").join(scratch);
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).map_err(|e| io_failure(&src, e))?;
    }
    std::fs::create_dir_all(&src).map_err(|e| io_failure(&src, e))?;
    let manifest = MANIFEST.replace("LENIENT", &root.join("lenient").display().to_string());
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| io_failure(&dir, e))?;
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        std::fs::write(dir.join("Cargo.lock"), lock).map_err(|e| io_failure(&dir, e))?;
    }
    Ok(dir)
}

/// `cargo` with the target folder all scratch crates share.
fn cargo(dir: &Path) -> Command {
    let root = project_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.current_dir(dir).env(
        "CARGO_TARGET_DIR",
        root.join("target").join("xtask").join("compile-target"),
    );
    command
}

/// Builds the program `main` (its `src/main.rs`) with `module` as `src/module.rs` in the
/// scratch crate `target/xtask/<scratch>`; returns the path of the executable.
pub(crate) fn build_program(scratch: &str, module: &str, main: &str) -> Result<PathBuf, Failure> {
    let dir = scratch_crate(scratch)?;
    let src = dir.join("src");
    std::fs::write(src.join("module.rs"), module).map_err(|e| io_failure(&src, e))?;
    std::fs::write(src.join("main.rs"), main).map_err(|e| io_failure(&src, e))?;
    let output = cargo(&dir)
        .args(["build", "--quiet", "--message-format", "short"])
        .output()
        .map_err(|e| Failure(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Failure(format!("{scratch} does not build: {stderr}")));
    }
    Ok(project_root()
        .join("target/xtask/compile-target/debug")
        .join(format!(
            "pce-generated-check{}",
            std::env::consts::EXE_SUFFIX
        )))
}

/// Type-checks each `(name, source)` module in the scratch crate `target/xtask/<scratch>`;
/// returns the compiler's errors per module that does not compile (an empty map when all do).
pub(crate) fn compile(
    scratch: &str,
    modules: &[(String, String)],
) -> Result<BTreeMap<String, String>, Failure> {
    let dir = scratch_crate(scratch)?;
    let src = dir.join("src");
    let mut lib = String::from("//! Generated modules under test.\n");
    for (index, (_, source)) in modules.iter().enumerate() {
        let _ = writeln!(lib, "pub mod m{index};");
        std::fs::write(src.join(format!("m{index}.rs")), source)
            .map_err(|e| io_failure(&src, e))?;
    }
    std::fs::write(src.join("lib.rs"), lib).map_err(|e| io_failure(&src, e))?;
    let output = cargo(&dir)
        .args(["check", "--quiet", "--message-format", "short"])
        .output()
        .map_err(|e| Failure(format!("cannot run cargo: {e}")))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for line in stderr.lines().filter(|l| l.contains(": error")) {
        let module = line
            .strip_prefix("src/m")
            .and_then(|rest| rest.split('.').next())
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| modules.get(n));
        match module {
            Some((name, _)) => errors.entry(name.clone()).or_default().push_str(line),
            None if !output.status.success() => {
                return Err(Failure(format!("the compile check failed: {stderr}")));
            }
            None => {}
        }
    }
    if !output.status.success() && errors.is_empty() {
        return Err(Failure(format!("the compile check failed: {stderr}")));
    }
    Ok(errors)
}

fn io_failure(path: &Path, error: std::io::Error) -> Failure {
    Failure(format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_modules_compile_with_only_serde_serde_json_and_the_lenient_runtime() {
        let settings = illumio_pce_codegen::Settings::new();
        let modules: Vec<(String, String)> = ["23.3", "24.1", "25.2"]
            .iter()
            .map(|release| {
                let module = illumio_pce_codegen::generate(
                    &project_root().join("schemas").join(release),
                    &settings,
                )
                .expect("the release generates");
                (release.to_string(), module.source)
            })
            .collect();
        let errors = compile("compile-test-releases", &modules).expect("cargo runs");
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn a_module_that_does_not_compile_is_named() {
        let modules = [
            (
                "good".to_owned(),
                "pub struct Fine(pub serde_json::Value);".to_owned(),
            ),
            (
                "bad".to_owned(),
                "pub struct Broken(pub NoSuchType);".to_owned(),
            ),
        ];
        let errors = compile("compile-test-broken", &modules).expect("cargo runs");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["bad"]);
        assert!(errors["bad"].contains("NoSuchType"), "{errors:?}");
    }
}
