//! End-to-end tests of the SDK's client against the mock PCE over HTTPS on loopback: logins,
//! sessions, retries, TLS trust, errors, secrets and the optional-features endpoints.

mod calls;
mod config;
mod errors;
mod features;
mod login;
mod pace;
mod proxy;
mod retries;
mod secrets;
mod sessions;
mod tls;
mod traffic;

use std::time::Duration;

use illumio_pce::{Client, ClientBuilder, Credentials, RetryPolicy};
use pce_tests::{Logs, MockConfig, MockPce};

/// The mock's user.
const EMAIL: &str = "admin@example.com";
/// The mock user's password.
const PASSWORD: &str = "correct-horse-battery-staple";
/// A configured API key of the mock.
const KEY_USERNAME: &str = "api_0f1e2d3c4b5a";
/// Its secret.
const KEY_SECRET: &str = "key-secret-6a7b8c9d0e1f";

/// A mock with the user and the API key above.
fn config() -> MockConfig {
    MockConfig {
        users: vec![(EMAIL.to_owned(), PASSWORD.to_owned())],
        api_keys: vec![(KEY_USERNAME.to_owned(), KEY_SECRET.to_owned())],
        ..MockConfig::default()
    }
}

/// Starts a mock PCE. It offers HTTP/2 and HTTP/1.1, as a PCE does, so the client speaks
/// HTTP/2; with `PCE_TESTS_HTTP=1.1` in the environment it offers HTTP/1.1 only, and the
/// whole suite runs over that instead (`.ci/run` runs it both ways).
async fn start(config: MockConfig) -> MockPce {
    let http1_only = std::env::var("PCE_TESTS_HTTP").is_ok_and(|v| v == "1.1");
    let config = MockConfig {
        http2: config.http2 && !http1_only,
        ..config
    };
    MockPce::start(config).await.expect("the mock PCE starts")
}

/// A client builder that trusts the mock's CA and retries quickly.
fn builder(mock: &MockPce) -> ClientBuilder {
    Client::builder(&mock.url())
        .pce_fqdn(mock.fqdn())
        .ca_certificate_pem(mock.ca_pem().expect("the mock serves HTTPS"))
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
}

/// A client that logs in with the mock user's email and password.
fn password_client(mock: &MockPce) -> Client {
    builder(mock)
        .credentials(Credentials::password(EMAIL, PASSWORD))
        .build()
        .expect("builds")
}

/// A client builder with the mock's API key, for org 1.
fn api_key_builder(mock: &MockPce) -> ClientBuilder {
    builder(mock)
        .org_id(1)
        .credentials(Credentials::api_key(KEY_USERNAME, KEY_SECRET))
}

/// A client that uses the mock's API key.
fn api_key_client(mock: &MockPce) -> Client {
    api_key_builder(mock).build().expect("builds")
}

/// A client using session credentials from a login by hand (so the SDK itself never logs in).
async fn session_client(mock: &MockPce) -> Client {
    let (_, login) = raw_login(mock).await;
    let session = Credentials::session(
        login["auth_username"].as_str().expect("auth_username"),
        login["session_token"].as_str().expect("session_token"),
    );
    builder(mock)
        .org_id(1)
        .credentials(session)
        .build()
        .expect("builds")
}

/// Runs the documented login by hand (authenticate, then users/login) and returns the
/// auth token and the `users/login` response.
async fn raw_login(mock: &MockPce) -> (String, serde_json::Value) {
    let http = reqwest::Client::builder()
        .tls_certs_merge([
            reqwest::Certificate::from_pem(mock.ca_pem().expect("https").as_bytes()).expect("pem"),
        ])
        .build()
        .expect("builds");
    let token: serde_json::Value = http
        .post(format!("{}/api/v2/login_users/authenticate", mock.url()))
        .query(&[("pce_fqdn", mock.fqdn())])
        .basic_auth(EMAIL, Some(PASSWORD))
        .send()
        .await
        .expect("authenticates")
        .json()
        .await
        .expect("decodes");
    let auth_token = token["auth_token"].as_str().expect("auth_token").to_owned();
    let login = http
        .get(format!("{}/api/v2/users/login", mock.url()))
        .header("Authorization", format!("Token token={auth_token}"))
        .send()
        .await
        .expect("logs in")
        .json()
        .await
        .expect("decodes");
    (auth_token, login)
}
