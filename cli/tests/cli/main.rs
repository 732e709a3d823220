//! Tests of the `pce` binary, run as a user runs it: payload validation (text and JSON
//! reports, standard input, schema files with cross-file `$ref`s, every exit code), the
//! embedded schemas, `--help`, and the PCE commands against the mock PCE.

mod api;
mod features;
mod generate;
mod help;
mod login;
mod profiles;
mod schema;
mod schema_file;
mod validate;
mod workflows;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The environment variables `pce` reads, removed from every run so that the tests do not
/// depend on the caller's environment.
const PCE_VARIABLES: &[&str] = &[
    "ILLUMIO_PCE_HOST",
    "ILLUMIO_PCE_ORG_ID",
    "ILLUMIO_API_KEY_USERNAME",
    "ILLUMIO_API_KEY_SECRET",
    "ILLUMIO_EMAIL",
    "ILLUMIO_PASSWORD",
    "ILLUMIO_LOGIN_SERVER",
    "ILLUMIO_CA_CERT",
    "ILLUMIO_PCE_FQDN",
    "PCE_PROFILE",
    "PCE_CONFIG",
    "RUST_LOG",
];

/// `pce` with `args`, in a clean environment.
fn pce<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("pce");
    for name in PCE_VARIABLES {
        command.env_remove(name);
    }
    command.args(args);
    command
}

/// What a run printed and how it exited.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output
                .status
                .code()
                .expect("pce exits, not killed by a signal"),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        }
    }
}

/// Runs the command.
fn run(command: &mut Command) -> Run {
    Run::from(command.output().expect("pce runs"))
}

/// Checks that a run failed with `code` and one `pce: error:` line mentioning `needle`,
/// printing nothing on standard output.
fn assert_error(run: &Run, code: i32, needle: &str) {
    assert_eq!(
        run.code, code,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stdout, "", "nothing on standard output");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.stderr.starts_with("pce: error: "), "{}", run.stderr);
    assert!(run.stderr.contains(needle), "{needle:?} in {}", run.stderr);
}

/// An empty folder for one test, under Cargo's temporary folder for integration tests.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pce-cli")
        .join(test);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clears the scratch folder");
    }
    std::fs::create_dir_all(&dir).expect("creates the scratch folder");
    dir
}

/// Writes `text` to `dir/name` (creating folders) and returns the path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("creates the folder");
    }
    std::fs::write(&path, text).expect("writes the file");
    path
}

/// A valid `optional_features_put` payload of release 25.2.
const VALID_PUT: &str = r#"[{"name": "per_rule_flow_log_setting", "enabled": true}]"#;
/// An invalid one: `enabled` is not a boolean, and the second name is unknown.
const INVALID_PUT: &str =
    r#"[{"name": "ui_analytics", "enabled": "yes"}, {"name": "bogus", "enabled": true}]"#;

/// The mock's user.
const EMAIL: &str = "admin@example.com";
/// Its password.
const PASSWORD: &str = "correct-horse-battery-staple";
/// The mock's API key.
const KEY_USERNAME: &str = "api_0f1e2d3c4b5a";
/// Its secret.
const KEY_SECRET: &str = "key-secret-6a7b8c9d0e1f";

/// A mock PCE with the user and API key above, and its CA certificate in a file.
struct Pce {
    mock: pce_tests::MockPce,
    ca_cert: PathBuf,
}

impl Pce {
    /// Starts the mock (within the test's Tokio runtime); `test` names the scratch folder.
    async fn start(test: &str) -> Self {
        Self::start_with(test, pce_tests::MockConfig::default()).await
    }

    /// [`Pce::start`] with the mock's other settings from `config`.
    async fn start_with(test: &str, config: pce_tests::MockConfig) -> Self {
        let mock = pce_tests::MockPce::start(pce_tests::MockConfig {
            users: vec![(EMAIL.to_owned(), PASSWORD.to_owned())],
            api_keys: vec![(KEY_USERNAME.to_owned(), KEY_SECRET.to_owned())],
            ..config
        })
        .await
        .expect("the mock PCE starts");
        let ca_cert = write(
            &scratch(test),
            "ca.pem",
            mock.ca_pem().expect("the mock serves HTTPS"),
        );
        Self { mock, ca_cert }
    }

    /// `pce` with `args`, pointed at the mock, without credentials.
    fn pce<const N: usize>(&self, args: [&str; N]) -> Command {
        let mut command = pce(args);
        command
            .env("ILLUMIO_PCE_HOST", self.mock.url())
            .env("ILLUMIO_PCE_FQDN", self.mock.fqdn())
            .env("ILLUMIO_CA_CERT", &self.ca_cert);
        command
    }

    /// `pce` with `args`, logging in with the user's email and password.
    fn with_password<const N: usize>(&self, args: [&str; N]) -> Command {
        let mut command = self.pce(args);
        command
            .env("ILLUMIO_EMAIL", EMAIL)
            .env("ILLUMIO_PASSWORD", PASSWORD);
        command
    }

    /// `pce` with `args`, using the API key for org 1.
    fn with_api_key<const N: usize>(&self, args: [&str; N]) -> Command {
        let mut command = self.pce(args);
        command
            .env("ILLUMIO_API_KEY_USERNAME", KEY_USERNAME)
            .env("ILLUMIO_API_KEY_SECRET", KEY_SECRET)
            .env("ILLUMIO_PCE_ORG_ID", "1");
        command
    }

    /// Whether the mock has the feature `name` enabled.
    fn enabled(&self, name: &str) -> Option<bool> {
        self.mock
            .features()
            .into_iter()
            .find(|(feature, _)| feature == name)
            .map(|(_, enabled)| enabled)
    }
}
