//! The README's example program for a generated crate, run as a user runs it (configured by
//! the environment) against the mock serving the bundle.

use std::process::Command;

use pce_tests::{MockConfig, MockPce};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_example_runs_against_the_mock() {
    let mock = MockPce::start(MockConfig {
        api_keys: vec![("api_readme".to_owned(), "readme-secret".to_owned())],
        bundle: Some(pce_bundle_e2e::BUNDLE.into()),
        ..MockConfig::default()
    })
    .await
    .expect("the mock starts");
    let ca = std::env::temp_dir().join(format!("bundle-e2e-readme-{}-ca.pem", std::process::id()));
    std::fs::write(&ca, mock.ca_pem().expect("HTTPS")).expect("writes the CA");
    let url = mock.url();
    let ca_path = ca.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_readme"))
            .env("ILLUMIO_PCE_HOST", url)
            .env("ILLUMIO_PCE_ORG_ID", "1")
            .env("ILLUMIO_PCE_FQDN", "pce.test")
            .env("ILLUMIO_CA_CERT", &ca_path)
            .env("ILLUMIO_API_KEY_USERNAME", "api_readme")
            .env("ILLUMIO_API_KEY_SECRET", "readme-secret")
            .output()
    })
    .await
    .expect("joins")
    .expect("the example runs");
    // Best effort: a leftover certificate in the temp directory harms no one.
    let _ = std::fs::remove_file(&ca);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout,
        "rule set /orgs/1/sec_policy/draft/rule_sets/3\nweb-1.example.com: db\n"
    );
    let workload = mock
        .object("/orgs/1/workloads/00000000-0000-4000-8000-000000000004")
        .expect("the workload was created");
    assert_eq!(workload["name"], "web-1");
    assert_eq!(
        workload["labels"],
        serde_json::json!([{"href": "/orgs/1/labels/2"}])
    );
}
