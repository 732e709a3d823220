//! The login flow: authenticate, users/login, session credentials, expiry and logout.

use std::time::Duration;

use illumio_pce::types::UsersLoginGet;
use illumio_pce_mock::MockConfig;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{error_token, session, Harness, EMAIL, PASSWORD};

const USERS_LOGIN_SCHEMA: &str =
    include_str!("../../../schemas/25.2/v2/users_login_get.schema.json");

#[tokio::test]
async fn login_flow_gives_session_credentials_for_basic_calls() {
    let h = Harness::default().await;
    let token = h.auth_token().await;
    assert!(token.len() >= 32);
    assert_eq!(h.pce.authentications(), 1);

    let response = h.users_login(&token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let schema: Value = serde_json::from_str(USERS_LOGIN_SCHEMA).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let login: UsersLoginGet = serde_json::from_value(body).unwrap();
    assert_eq!(login.href.as_deref(), Some("/users/1"));
    assert_eq!(login.auth_username.as_deref(), Some("user_1"));
    assert_eq!(login.inactivity_expiration_minutes, Some(10));
    let orgs = login.orgs.as_deref().unwrap_or_default();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].org_id, Some(1));
    assert_eq!(orgs[0].org_href.as_deref(), Some("/orgs/1"));
    assert!(!orgs[0].role_scopes.as_ref().unwrap().is_empty());
    let version = login.product_version.as_ref().unwrap();
    assert_eq!(version.version.as_deref(), Some("25.2.10"));
    assert_eq!(
        login.last_login_on, None,
        "a first login has no previous one"
    );
    assert_eq!(h.pce.logins(), 1);

    assert_eq!(h.probe(session(&login)).await, StatusCode::OK);

    // A second login gets another session token, and sees the first login.
    let again = h.login().await;
    assert_ne!(again.session_token, login.session_token);
    assert_eq!(again.last_login_ip_address, Some("127.0.0.1".to_owned()));
    assert_eq!(h.probe(session(&login)).await, StatusCode::OK);
    assert_eq!(h.probe(session(&again)).await, StatusCode::OK);
}

/// Where `answer` differs in shape from `documented`: a key with a value of another JSON type
/// (objects compared key by key, arrays by their first items). Keys the answer leaves out
/// are listed in `may_be_absent`.
fn shape_differences(
    documented: &Value,
    answer: &Value,
    at: &str,
    may_be_absent: &[&str],
) -> Vec<String> {
    let kind = |value: &Value| match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    match (documented, answer) {
        (Value::Object(documented), Value::Object(answer)) => documented
            .iter()
            .flat_map(|(key, value)| match answer.get(key) {
                Some(given) => {
                    shape_differences(value, given, &format!("{at}/{key}"), may_be_absent)
                }
                None if may_be_absent.contains(&key.as_str()) => Vec::new(),
                None => vec![format!("{at}/{key} is missing")],
            })
            .collect(),
        (Value::Array(documented), Value::Array(answer)) => {
            match (documented.first(), answer.first()) {
                (Some(documented), Some(given)) => {
                    shape_differences(documented, given, &format!("{at}/0"), may_be_absent)
                }
                _ => Vec::new(),
            }
        }
        _ if kind(documented) == kind(answer) => Vec::new(),
        _ => vec![format!(
            "{at} is {} where the documented example has {}",
            kind(answer),
            kind(documented)
        )],
    }
}

#[tokio::test]
async fn the_login_answer_has_the_documented_shape() {
    let documented: Value =
        serde_json::from_str(include_str!("../../../sdk/tests/data/users_login_get.json")).unwrap();
    let h = Harness::default().await;
    let first = h.users_login(&h.auth_token().await).await;
    let first: Value = first.json().await.unwrap();
    let previous = ["last_login_ip_address", "last_login_on"];
    assert_eq!(
        shape_differences(&documented, &first, "", &previous),
        Vec::<String>::new()
    );
    assert!(
        previous.iter().all(|key| first.get(key).is_none()),
        "{first}"
    );
    let second = h.users_login(&h.auth_token().await).await;
    let second: Value = second.json().await.unwrap();
    assert_eq!(
        shape_differences(&documented, &second, "", &[]),
        Vec::<String>::new()
    );
    assert_eq!(second["last_login_ip_address"], "127.0.0.1");
}

#[tokio::test]
async fn authenticate_rejects_bad_credentials_and_fqdn() {
    let h = Harness::default().await;
    let url = h.pce.url();
    for (email, password) in [(EMAIL, "wrong"), ("nobody@example.com", PASSWORD)] {
        let response = h.authenticate_at(&url, email, password).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_token(response).await, "authentication_failed");
    }
    // Emails are case-insensitive.
    let response = h.authenticate_at(&url, "Admin@Example.COM", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);

    let authenticate = |query: &str| {
        h.client
            .post(h.api(&format!("/login_users/authenticate{query}")))
            .basic_auth(EMAIL, Some(PASSWORD))
    };
    let response = authenticate("").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_token(response).await, "pce_fqdn_required");
    let response = authenticate("?pce_fqdn=other.test").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_token(response).await, "invalid_pce_fqdn");
    let response = authenticate("?pce_fqdn=PCE.test").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // No credentials at all.
    let response = h
        .client
        .post(h.api("/login_users/authenticate?pce_fqdn=pce.test"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // The optional 2FA body is accepted; a body that is not a JSON object is not.
    let response = authenticate("?pce_fqdn=pce.test")
        .body(r#"{"one_time_password": "123456"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = authenticate("?pce_fqdn=pce.test")
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
    assert_eq!(error_token(response).await, "input_validation_error");
    assert_eq!(h.pce.authentications(), 3);
}

#[tokio::test]
async fn auth_token_is_single_use() {
    let h = Harness::default().await;
    let token = h.auth_token().await;
    assert_eq!(h.users_login(&token).await.status(), StatusCode::OK);
    let response = h.users_login(&token).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_token(response).await, "authentication_failed");
    assert_eq!(
        h.users_login("made-up").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(h.pce.logins(), 1);
}

#[tokio::test]
async fn auth_token_expires_30_seconds_after_issue() {
    let h = Harness::default().await;
    let fresh = h.auth_token().await;
    h.pce.advance_clock(Duration::from_secs(29));
    assert_eq!(h.users_login(&fresh).await.status(), StatusCode::OK);

    let stale = h.auth_token().await;
    h.pce.advance_clock(Duration::from_secs(30));
    assert_eq!(
        h.users_login(&stale).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn users_login_takes_only_the_token_scheme() {
    let h = Harness::default().await;
    let token = h.auth_token().await;
    let response = h
        .request(Method::GET, "/users/login")
        .basic_auth("token", Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // Quoted, as an RFC 7235 auth-param may be.
    let response = h
        .request(Method::GET, "/users/login")
        .header("Authorization", format!("Token token=\"{token}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn session_expires_when_idle_and_each_use_restarts_the_timer() {
    let h = Harness::default().await;
    let login = h.login().await;
    for _ in 0..3 {
        h.pce.advance_clock(Duration::from_secs(9 * 60 + 50));
        assert_eq!(h.probe(session(&login)).await, StatusCode::OK);
    }
    h.pce.advance_clock(Duration::from_secs(10 * 60));
    let response = h
        .call(
            Method::GET,
            "/orgs/1/optional_features",
            session(&login),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_token(response).await, "authentication_failed");
    // Gone for good, not just for one call.
    assert_eq!(h.probe(session(&login)).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn session_idle_time_is_configurable_and_reported() {
    let h = Harness::start(MockConfig {
        session_idle_minutes: 3,
        ..MockConfig::default()
    })
    .await;
    let login = h.login().await;
    assert_eq!(login.inactivity_expiration_minutes, Some(3));
    h.pce.advance_clock(Duration::from_secs(3 * 60));
    assert_eq!(h.probe(session(&login)).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_or_missing_basic_credentials_are_401() {
    let h = Harness::default().await;
    let login = h.login().await;
    let (username, token) = session(&login);
    for credentials in [(username, "wrong"), ("user_2", token), (EMAIL, PASSWORD)] {
        assert_eq!(h.probe(credentials).await, StatusCode::UNAUTHORIZED);
    }
    let response = h
        .request(Method::GET, "/orgs/1/optional_features")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_token(response).await, "authentication_failed");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let h = Harness::start(MockConfig {
        users: vec![
            (EMAIL.to_owned(), PASSWORD.to_owned()),
            (
                "second@example.com".to_owned(),
                "secret:with:colons".to_owned(),
            ),
        ],
        api_keys: vec![("api_configured".to_owned(), "s3cret".to_owned())],
        ..MockConfig::default()
    })
    .await;
    let first = h.login().await;
    let second = h.login_as("second@example.com", "secret:with:colons").await;
    assert_eq!(second.href.as_deref(), Some("/users/2"));

    // Only oneself can be logged out.
    let response = h
        .call(Method::PUT, "/users/1/logout", session(&second), Some("{}"))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_token(response).await, "forbidden_error");
    // API keys do not log out.
    let response = h
        .call(
            Method::PUT,
            "/users/1/logout",
            ("api_configured", "s3cret"),
            Some("{}"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let response = h
        .call(
            Method::PUT,
            &format!("{}/logout", first.href.as_deref().unwrap_or_default()),
            session(&first),
            Some("{}"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.bytes().await.unwrap().is_empty());
    assert_eq!(h.probe(session(&first)).await, StatusCode::UNAUTHORIZED);
    let response = h
        .call(Method::PUT, "/users/1/logout", session(&first), Some("{}"))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(h.probe(session(&second)).await, StatusCode::OK);
}

#[tokio::test]
async fn separate_login_service_serves_only_authenticate() {
    let h = Harness::start(MockConfig {
        separate_login_service: true,
        ..MockConfig::default()
    })
    .await;
    let login_url = h.pce.login_service_url().unwrap();
    assert_ne!(login_url, h.pce.url());

    let response = h.authenticate_at(&h.pce.url(), EMAIL, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = h.authenticate_at(&login_url, EMAIL, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let token: Value = response.json().await.unwrap();
    let response = h.users_login(token["auth_token"].as_str().unwrap()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = h
        .client
        .get(format!("{login_url}/api/v2/users/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    assert_eq!(h.pce.authentications(), 1);
    assert_eq!(h.pce.logins(), 1);
    let on_login_service: Vec<String> = h
        .pce
        .requests()
        .into_iter()
        .filter(|r| r.login_service)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        on_login_service,
        [
            "POST /api/v2/login_users/authenticate?pce_fqdn=pce.test",
            "GET /api/v2/users/login"
        ]
    );
    assert!(h.pce.connections() >= 2);
}

#[tokio::test]
async fn product_version_answers_the_version_to_any_credential() {
    let h = Harness::default().await;
    let path = "/product_version";
    let unauthenticated = h.request(Method::GET, path).send().await.unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
    let login = h.login().await;
    let response = h.call(Method::GET, path, session(&login), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["version"], "25.2.10");
    assert_eq!(body["build"], 1000);
    assert_eq!(body["long_display"], "25.2.10-1000");
}

#[tokio::test]
async fn a_bundle_makes_the_mock_a_pce_of_its_release() {
    let bundle =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/bundle");
    let h = Harness::start(MockConfig {
        bundle: Some(bundle.clone()),
        ..MockConfig::default()
    })
    .await;
    let login = h.login().await;
    assert_eq!(
        reported_version(&login),
        Some("99.1.0"),
        "the index's info.version, without its build"
    );
    let body: Value = h
        .call(Method::GET, "/product_version", session(&login), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["version"], "99.1.0");

    let pinned = Harness::start(MockConfig {
        bundle: Some(bundle),
        version: Some("99.0.3".to_owned()),
        ..MockConfig::default()
    })
    .await;
    let login = pinned.login().await;
    assert_eq!(
        reported_version(&login),
        Some("99.0.3"),
        "a version given wins"
    );
}

/// The version a login answer reports.
fn reported_version(login: &UsersLoginGet) -> Option<&str> {
    login.product_version.as_ref()?.version.as_deref()
}
