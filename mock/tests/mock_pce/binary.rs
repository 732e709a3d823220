//! The `mock-pce` binary: ready line, the documented curl flow (done with reqwest), and a
//! clean exit on SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::client_for;

/// A running `mock-pce`, killed if the test fails before it stops it.
struct MockProcess(Child);

impl Drop for MockProcess {
    fn drop(&mut self) {
        // Already exited in a passing test; then kill just fails.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl MockProcess {
    /// Starts the binary and reads its ready line.
    fn start(args: &[&str]) -> (Self, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mock-pce"))
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let process = Self(child);
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let ready: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("ready line {line:?}: {e}"));
        (process, ready)
    }

    /// Sends SIGTERM and waits (at most 10 s) for the exit.
    fn terminate(mut self) -> ExitStatus {
        let killed = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "mock-pce did not exit on SIGTERM"
            );
            sleep(Duration::from_millis(5));
        }
    }
}

#[tokio::test]
async fn binary_serves_the_documented_flow_and_exits_cleanly_on_sigterm() {
    let (process, ready) = MockProcess::start(&["--user", "ops@example.com:pa:ss", "--org", "7"]);
    let url = ready["url"].as_str().unwrap();
    assert!(url.starts_with("https://127.0.0.1:"), "{ready}");
    assert_eq!(ready["fqdn"], "pce.test");
    assert_eq!(ready["org_id"], 7);
    assert!(ready.get("login_service_url").is_none());
    let ca_path = ready["ca_cert"].as_str().unwrap().to_owned();
    let ca = std::fs::read_to_string(&ca_path).unwrap();
    let client = client_for(Some(&ca));

    // curl -i -X POST -u EMAIL:PASSWORD "URL/api/v2/login_users/authenticate?pce_fqdn=FQDN"
    //   -H "Content-Type: application/json"
    let response = client
        .post(format!(
            "{url}/api/v2/login_users/authenticate?pce_fqdn=pce.test"
        ))
        .basic_auth("ops@example.com", Some("pa:ss"))
        .header("Content-Type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let auth: Value = response.json().await.unwrap();
    // curl -i -X GET URL/api/v2/users/login -H "Authorization: Token token=AUTH_TOKEN"
    let response = client
        .get(format!("{url}/api/v2/users/login"))
        .header(
            "Authorization",
            format!("Token token={}", auth["auth_token"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let login: Value = response.json().await.unwrap();
    assert_eq!(login["orgs"][0]["org_id"], 7);
    // curl -i -X GET URL/api/v2/orgs/7/optional_features -H "Accept: application/json"
    //   -u user_1:SESSION_TOKEN
    let response = client
        .get(format!("{url}/api/v2/orgs/7/optional_features"))
        .header("Accept", "application/json")
        .basic_auth(
            login["auth_username"].as_str().unwrap(),
            login["session_token"].as_str(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("x-request-id"));

    let status = process.terminate();
    assert_eq!(status.code(), Some(0), "{status}");
    assert!(
        !Path::new(&ca_path).exists(),
        "the CA file is removed on exit"
    );
}

#[tokio::test]
async fn binary_plain_http_with_login_service_and_api_key() {
    let (process, ready) = MockProcess::start(&[
        "--plain-http",
        "--separate-login-service",
        "--fqdn",
        "scp1.example.test",
        "--api-key",
        "api_0123:secret",
    ]);
    assert!(ready.get("ca_cert").is_none(), "{ready}");
    let url = ready["url"].as_str().unwrap();
    let login_url = ready["login_service_url"].as_str().unwrap();
    assert!(url.starts_with("http://") && login_url.starts_with("http://"));
    let client = client_for(None);
    let response = client
        .post(format!(
            "{login_url}/api/v2/login_users/authenticate?pce_fqdn=scp1.example.test"
        ))
        .basic_auth("admin@example.com", Some("password"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = client
        .get(format!("{url}/api/v2/users/1/api_keys"))
        .basic_auth("api_0123", Some("secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(process.terminate().code(), Some(0));
}

#[tokio::test]
async fn binary_answers_what_an_object_has_no_value_for_as_null_or_leaves_it_out() {
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/bundle");
    let bundle = bundle.to_str().unwrap();
    for (unset, description) in [(None, Some(Value::Null)), (Some("absent"), None)] {
        let mut args = vec![
            "--plain-http",
            "--api-key",
            "api_0123:secret",
            "--bundle",
            bundle,
        ];
        args.extend(unset.iter().flat_map(|u| ["--unset", *u]));
        let (process, ready) = MockProcess::start(&args);
        let url = ready["url"].as_str().unwrap();
        let created: Value = client_for(None)
            .post(format!("{url}/api/v2/orgs/1/services"))
            .basic_auth("api_0123", Some("secret"))
            .json(&serde_json::json!({"name": "web"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(created["name"], "web", "{created}");
        assert_eq!(
            created.get("description").cloned(),
            description,
            "{unset:?}"
        );
        assert_eq!(process.terminate().code(), Some(0));
    }
}

#[tokio::test]
async fn binary_fill_flows_sets_how_many_flows_a_traffic_query_finds() {
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cli/tests/fixtures/workflows");
    let (process, ready) = MockProcess::start(&[
        "--plain-http",
        "--api-key",
        "api_0123:secret",
        "--bundle",
        bundle.to_str().unwrap(),
        "--fill-flows",
        "7",
        "--job-seconds",
        "0",
        "--job-retry-after",
        "0",
    ]);
    let url = ready["url"].as_str().unwrap();
    let client = client_for(None);
    let get = |path: String| {
        client
            .get(format!("{url}/api/v2{path}"))
            .basic_auth("api_0123", Some("secret"))
            .send()
    };
    let query = serde_json::json!({
        "query_name": "seven",
        "sources": {"include": [[]], "exclude": []},
        "destinations": {"include": [[]], "exclude": []},
        "services": {"include": [], "exclude": []},
        "policy_decisions": ["blocked"],
        "max_results": 100,
    });
    let submitted: Value = client
        .post(format!("{url}/api/v2/orgs/1/traffic_flows/async_queries"))
        .basic_auth("api_0123", Some("secret"))
        .json(&query)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let href = submitted["href"].as_str().unwrap().to_owned();
    let described: Value = get(href.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(described["status"], "completed", "{described}");
    assert_eq!(described["flows_count"], 7, "{described}");
    let flows: Vec<Value> = get(format!("{href}/download"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(flows.len(), 7);
    assert!(flows
        .iter()
        .all(|flow| flow["policy_decision"] == "blocked"));
    assert_eq!(process.terminate().code(), Some(0));
}

#[test]
fn binary_rejects_bad_arguments() {
    let output = Command::new(env!("CARGO_BIN_EXE_mock-pce"))
        .args(["--user", "no-colon"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("EMAIL:PASSWORD"));
}
