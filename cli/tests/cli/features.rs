//! `pce features list|enable|disable` against the mock PCE, with an API key and with email
//! and password; the mock's state is checked after each change.
//!
//! The tests run on a multi-threaded runtime: the mock serves from its worker threads while
//! the test's thread waits for `pce`.

use pce_tests::Fault;

use crate::{assert_error, run, Pce};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_prints_every_feature_and_its_state() {
    let pce = Pce::start("features_list").await;
    let run = run(&mut pce.with_api_key(["features", "list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected: String = pce
        .mock
        .features()
        .iter()
        .map(|(name, on)| format!("{name}\t{}\n", if *on { "enabled" } else { "disabled" }))
        .collect();
    assert_eq!(run.stdout, expected);
    assert!(run.stdout.lines().count() > 10, "{}", run.stdout);

    let table = crate::run(&mut pce.with_api_key(["features", "list", "--format", "table"]));
    assert_eq!(table.code, 0, "{}", table.stderr);
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        run.stdout.lines().count() + 1,
        "{}",
        table.stdout
    );
    assert!(lines[0].starts_with("ENABLED  NAME"), "{}", lines[0]);
    let (name, on) = pce.mock.features().into_iter().next().expect("a feature");
    let first: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(first, [on.to_string().as_str(), name.as_str()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enable_and_disable_change_the_pce() {
    let pce = Pce::start("features_toggle").await;
    assert_eq!(pce.enabled("core_insights"), Some(false));

    let enabled = run(&mut pce.with_password(["features", "enable", "core_insights"]));
    assert_eq!(enabled.code, 0, "{}", enabled.stderr);
    assert_eq!(enabled.stdout, "core_insights\tenabled\n");
    assert_eq!(pce.enabled("core_insights"), Some(true));

    let listed = run(&mut pce.with_password(["features", "list"]));
    assert!(
        listed.stdout.contains("core_insights\tenabled\n"),
        "{}",
        listed.stdout
    );

    let disabled = run(&mut pce.with_api_key(["features", "disable", "core_insights"]));
    assert_eq!(disabled.code, 0, "{}", disabled.stderr);
    assert_eq!(disabled.stdout, "core_insights\tdisabled\n");
    assert_eq!(pce.enabled("core_insights"), Some(false));

    let logouts = pce
        .mock
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/logout"))
        .count();
    assert_eq!(logouts, 2, "each password run logs out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_feature_is_refused_before_anything_is_sent() {
    let pce = Pce::start("features_unknown").await;
    let run = run(&mut pce.with_api_key(["features", "enable", "no_such_feature"]));
    assert_error(&run, 2, "`no_such_feature` is not an optional feature");
    assert!(pce.mock.requests().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_at_the_pce_exits_1() {
    let pce = Pce::start("features_api_error").await;
    pce.mock.inject(Fault::Status(500), 1);
    let run = run(&mut pce.with_api_key(["features", "list"]));
    assert_error(&run, 1, "HTTP 500");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_api_key_exits_1() {
    let pce = Pce::start("features_bad_key").await;
    let run = run(pce
        .with_api_key(["features", "list"])
        .env("ILLUMIO_API_KEY_SECRET", "wrong"));
    assert_error(&run, 1, "authentication failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_errors_exit_2() {
    let pce = Pce::start("features_config").await;
    assert_error(
        &run(&mut pce.pce(["features", "list"])),
        2,
        "set ILLUMIO_API_KEY_USERNAME and ILLUMIO_API_KEY_SECRET, or ILLUMIO_EMAIL",
    );
    assert_error(
        &run(pce
            .with_api_key(["features", "list"])
            .env_remove("ILLUMIO_PCE_HOST")),
        2,
        "set ILLUMIO_PCE_HOST",
    );
    assert_error(
        &run(pce
            .with_api_key(["features", "list"])
            .env_remove("ILLUMIO_PCE_ORG_ID")),
        2,
        "an org id is required",
    );
    assert_error(
        &run(pce
            .with_api_key(["features", "list"])
            .env("ILLUMIO_PCE_ORG_ID", "one")),
        2,
        "ILLUMIO_PCE_ORG_ID \"one\" is not a number",
    );
    assert_error(
        &run(pce
            .with_api_key(["features", "list"])
            .env("ILLUMIO_CA_CERT", "/no/such/ca.pem")),
        2,
        "ILLUMIO_CA_CERT /no/such/ca.pem",
    );
    assert!(pce.mock.requests().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_the_pce_sends_are_not_printed() {
    let pce = Pce::start("features_control_characters").await;
    pce.mock.inject(
        Fault::Answer {
            status: 500,
            headers: Vec::new(),
            body: "[{\"token\": \"internal_server_error\", \"message\": \"\\u001b[2J\\u001b]0;owned\\u0007boom\"}]"
                .to_owned(),
        },
        1,
    );
    let run = run(&mut pce.with_api_key(["features", "list"]));
    assert_error(&run, 1, "boom");
    assert!(
        !run.stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        run.stderr
    );
    assert!(run.stderr.contains("[2J]0;ownedboom"), "{:?}", run.stderr);
}
