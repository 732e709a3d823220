//! `pce api` against the mock PCE serving the small test bundle: the JSON answer on standard
//! output, `--include`, queries and bodies on the wire, the PCE's error tokens on standard
//! error, a truncated collection refused and `--all` collecting it through an async job
//! (a progress line on standard error only when it is a terminal, run on a pseudo-terminal
//! by `portable-pty`; at the job's `Retry-After` while the mock's clock moves it), a failed
//! job, and a body the release's schema refuses never sent.

use std::time::Duration;

use pce_tests::{JobSettings, MockConfig};
use serde_json::Value;

use crate::{assert_error, run, scratch, write, Pce, INVALID_PUT};

/// The mock serving the test bundle, its jobs done at once (or failing with `failure`).
async fn bundle_pce(test: &str, failure: Option<&str>) -> Pce {
    bundle_pce_with_jobs(
        test,
        JobSettings {
            retry_after_secs: 0,
            pending: Duration::ZERO,
            running: Duration::ZERO,
            failure: failure.map(str::to_owned),
        },
    )
    .await
}

/// The mock serving the test bundle, its jobs behaving as `jobs`.
async fn bundle_pce_with_jobs(test: &str, jobs: JobSettings) -> Pce {
    let bundle = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../codegen/tests/fixtures/bundle"
    );
    Pce::start_with(
        test,
        MockConfig {
            bundle: Some(bundle.into()),
            jobs,
            ..MockConfig::default()
        },
    )
    .await
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_get_prints_the_json_answer_and_include_adds_status_and_headers() {
    let pce = bundle_pce("api_get", None).await;
    pce.mock.fill("/orgs/1/labels", 3).expect("fills");
    let listed = run(&mut pce.with_api_key(["api", "/orgs/:org/labels", "--query", "key=role"]));
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(listed.stderr, "");
    let labels = json(&listed.stdout);
    assert_eq!(labels.as_array().map(Vec::len), Some(3), "{labels}");
    assert_eq!(labels[2]["href"], "/orgs/1/labels/3");
    assert!(pce
        .mock
        .requests()
        .iter()
        .any(|r| r.path == "/api/v2/orgs/1/labels?key=role"));

    let included = run(&mut pce.with_api_key(["api", "--include", "/api/v2/orgs/:org/labels/1"]));
    assert_eq!(included.code, 0, "{}", included.stderr);
    let (head, body) = included
        .stdout
        .split_once("\n\n")
        .expect("head, blank line, body");
    assert!(head.starts_with("HTTP 200 OK\n"), "{head}");
    assert!(head.contains("\nx-request-id: "), "{head}");
    assert_eq!(json(body)["href"], "/orgs/1/labels/1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_collection_is_an_error_and_all_collects_it_through_a_job() {
    let pce = bundle_pce("api_all", None).await;
    pce.mock.fill("/orgs/1/labels", 1234).expect("fills");
    let cut = run(&mut pce.with_api_key(["api", "/orgs/:org/labels"]));
    assert_error(&cut, 1, "returned 500 of 1234 objects");
    assert!(cut.stderr.contains("--all"), "{}", cut.stderr);

    let all = run(&mut pce.with_api_key(["api", "/orgs/:org/labels", "--all"]));
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(all.stderr, "", "no progress line off a terminal");
    let labels = json(&all.stdout);
    assert_eq!(labels.as_array().map(Vec::len), Some(1234));
    assert_eq!(labels[1233]["href"], "/orgs/1/labels/1234");

    let limited = run(&mut pce.with_api_key([
        "api",
        "/orgs/:org/labels",
        "--all",
        "--query",
        "max_results=600",
    ]));
    assert_eq!(json(&limited.stdout).as_array().map(Vec::len), Some(600));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_waits_the_job_s_retry_after_while_the_mock_clock_moves_the_job() {
    let pce = bundle_pce_with_jobs(
        "api_retry_after",
        JobSettings {
            // Longer than the client's 1 s floor, so that the floor alone cannot pass.
            retry_after_secs: 2,
            pending: Duration::from_secs(1800),
            running: Duration::from_secs(1800),
            failure: None,
        },
    )
    .await;
    pce.mock.fill("/orgs/1/labels", 600).expect("fills");
    let mut command = pce.with_api_key(["api", "/orgs/:org/labels", "--all"]);
    let running = tokio::task::spawn_blocking(move || run(&mut command));
    let polls = || {
        pce.mock
            .requests()
            .into_iter()
            .filter(|r| r.path.starts_with("/api/v2/orgs/1/jobs/"))
            .collect::<Vec<_>>()
    };
    for _ in 0..1000 {
        if !polls().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The job is done an hour of mock time after it started: no one sleeps that long.
    pce.mock.advance_clock(Duration::from_secs(3600));
    let all = running.await.expect("joins");
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(json(&all.stdout).as_array().map(Vec::len), Some(600));
    let requests = pce.mock.requests();
    let accepted = requests
        .iter()
        .find(|r| r.headers.iter().any(|h| h == "prefer"))
        .expect("the async GET");
    let first_poll = &polls()[0];
    assert!(
        first_poll.at - accepted.at >= Duration::from_secs(2),
        "polled {:?} after a Retry-After of 2 s",
        first_poll.at - accepted.at
    );
}

/// `pce` with `args` on a new pseudo-terminal, using the API key for org 1 (as
/// `Pce::with_api_key` does), run off the async runtime: the exit code and what the terminal
/// got.
#[cfg(unix)]
pub(crate) async fn with_api_key_on_a_terminal(
    pce: &Pce,
    args: &'static [&'static str],
) -> (u32, String) {
    let url = pce.mock.url();
    let fqdn = pce.mock.fqdn().to_owned();
    let ca_cert = pce.ca_cert.display().to_string();
    tokio::task::spawn_blocking(move || {
        on_a_terminal(
            args,
            &[
                ("ILLUMIO_PCE_HOST", url.as_str()),
                ("ILLUMIO_PCE_FQDN", fqdn.as_str()),
                ("ILLUMIO_CA_CERT", ca_cert.as_str()),
                ("ILLUMIO_API_KEY_USERNAME", crate::KEY_USERNAME),
                ("ILLUMIO_API_KEY_SECRET", crate::KEY_SECRET),
                ("ILLUMIO_PCE_ORG_ID", "1"),
            ],
        )
    })
    .await
    .expect("joins")
}

/// Runs `pce` with `args` and `env` on a new pseudo-terminal (its standard input, output and
/// error); the exit code and everything the terminal got.
#[cfg(unix)]
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> (u32, String) {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    use std::io::Read as _;

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("opens a pseudo-terminal");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_pce"));
    command.args(args);
    for name in crate::PCE_VARIABLES {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = pair.slave.spawn_command(command).expect("starts pce");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reads the terminal");
    let reading = std::thread::spawn(move || {
        let mut shown = Vec::new();
        let mut chunk = [0u8; 8192];
        // The terminal reads end (EIO on Linux) once pce has exited and closed it.
        while let Ok(n @ 1..) = reader.read(&mut chunk) {
            shown.extend_from_slice(&chunk[..n]);
        }
        shown
    });
    let status = child.wait().expect("pce exits");
    let shown = reading.join().expect("the reader joins");
    drop(pair.master);
    (
        status.exit_code(),
        String::from_utf8_lossy(&shown).into_owned(),
    )
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_shows_a_progress_line_when_standard_error_is_a_terminal() {
    let pce = bundle_pce("api_terminal", None).await;
    pce.mock.fill("/orgs/1/labels", 600).expect("fills");
    let (code, shown) =
        with_api_key_on_a_terminal(&pce, &["api", "/orgs/:org/labels", "--all"]).await;
    assert_eq!(code, 0, "{shown}");
    // What the terminal got: the progress line, rewritten in place, then cleared.
    assert!(
        shown.contains("\r\x1b[K/orgs/1/jobs/"),
        "{:?}",
        &shown[..shown.len().min(400)]
    );
    assert!(shown.contains(": done, "), "no status in the progress line");
    assert!(
        shown.contains(" items of 600"),
        "no count in the progress line"
    );
    assert!(shown.contains("\"/orgs/1/labels/600\""), "the JSON follows");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_job_is_an_error_naming_it() {
    let pce = bundle_pce("api_failed_job", Some("out of disk")).await;
    pce.mock.fill("/orgs/1/labels", 501).expect("fills");
    let failed = run(&mut pce.with_api_key(["api", "/orgs/:org/labels", "--all"]));
    assert_error(&failed, 1, "async job /orgs/1/jobs/");
    assert!(failed.stderr.contains("out of disk"), "{}", failed.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_go_on_the_wire_and_the_pce_s_error_tokens_to_standard_error() {
    let pce = bundle_pce("api_post", None).await;
    let dir = scratch("api_post_files");
    let label = write(&dir, "label.json", r#"{"key": "role", "value": "web"}"#);
    let label = label.to_str().expect("a UTF-8 path");
    let created = run(&mut pce.with_api_key(["api", "/orgs/:org/labels", "--data", label]));
    assert_eq!(created.code, 0, "{}", created.stderr);
    assert_eq!(json(&created.stdout)["href"], "/orgs/1/labels/1");

    let refused = run(pce
        .with_api_key(["api", "-X", "post", "/orgs/:org/labels", "--data", "-"])
        .write_stdin(r#"{"key": "role", "value": 7}"#));
    assert_error(
        &refused,
        1,
        "HTTP 406 Not Acceptable: input_validation_error",
    );
    assert!(refused.stderr.contains("request id"), "{}", refused.stderr);

    let broken = write(&dir, "broken.json", "{");
    let broken = run(&mut pce.with_api_key([
        "api",
        "/orgs/:org/labels",
        "--data",
        broken.to_str().expect("a UTF-8 path"),
    ]));
    assert_error(&broken, 2, "not JSON");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_the_connected_release_refuses_is_not_sent() {
    let pce = Pce::start("api_schema").await;
    let bad = write(&scratch("api_schema_files"), "bad.json", INVALID_PUT);
    let refused = run(&mut pce.with_api_key([
        "api",
        "-X",
        "PUT",
        "/orgs/:org/optional_features",
        "--data",
        bad.to_str().expect("a UTF-8 path"),
    ]));
    assert_error(&refused, 2, "optional_features_put");
    assert!(
        pce.mock.requests().iter().all(|r| r.method != "PUT"),
        "nothing sent: {:?}",
        pce.mock.requests()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn format_prints_the_objects_as_csv_or_a_table() {
    let pce = bundle_pce("api_format", None).await;
    pce.mock.fill("/orgs/1/labels", 2).expect("fills");
    let csv = run(&mut pce.with_api_key(["api", "/orgs/:org/labels", "--format", "csv"]));
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert!(lines[0].starts_with("href,"), "{}", lines[0]);
    assert_eq!(lines.len(), 3, "{}", csv.stdout);
    assert!(lines[2].starts_with("/orgs/1/labels/2,"), "{}", lines[2]);
    let table =
        run(&mut pce.with_api_key(["api", "/orgs/:org/labels", "--all", "--format", "table"]));
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.starts_with("HREF  "), "{}", table.stdout);
    assert_eq!(table.stdout.lines().count(), 3);
}
