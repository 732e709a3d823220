//! API keys: create, list, read, update, delete, and use as credentials.

use std::time::Duration;

use illumio_pce_mock::MockConfig;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{error_token, session, Harness, EMAIL, PASSWORD};

#[tokio::test]
async fn api_key_lifecycle() {
    let h = Harness::default().await;
    let login = h.login().await;
    let response = h
        .call(
            Method::POST,
            "/users/1/api_keys",
            session(&login),
            Some(r#"{"name": "ci", "description": "for CI"}"#),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let key_id = created["key_id"].as_str().unwrap().to_owned();
    let secret = created["secret"].as_str().unwrap().to_owned();
    let auth_username = created["auth_username"].as_str().unwrap().to_owned();
    assert_eq!(auth_username, format!("api_{key_id}"));
    let href = format!("/users/1/api_keys/{key_id}");
    assert_eq!(created["href"], href.as_str());
    let key = (auth_username.as_str(), secret.as_str());

    // The key works, and keeps working after the session is gone; keys never expire.
    assert_eq!(h.probe(key).await, StatusCode::OK);
    h.pce.advance_clock(Duration::from_secs(30 * 24 * 3600));
    assert_eq!(h.probe(session(&login)).await, StatusCode::UNAUTHORIZED);
    assert_eq!(h.probe(key).await, StatusCode::OK);

    // A key can create another key.
    let response = h
        .call(
            Method::POST,
            "/users/1/api_keys",
            key,
            Some(r#"{"name": "second"}"#),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);

    let response = h.call(Method::GET, "/users/1/api_keys", key, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-total-count"], "2");
    let listed: Vec<Value> = response.json().await.unwrap();
    assert_eq!(listed.len(), 2);
    let first = listed[0].as_object().unwrap();
    let mut fields: Vec<&str> = first.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "auth_username",
            "created_at",
            "description",
            "href",
            "key_id",
            "name"
        ]
    );
    assert_eq!(first["name"], "ci");
    assert_eq!(first["description"], "for CI");
    assert!(first["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(listed[1]["name"], "second");

    let response = h
        .call(
            Method::PUT,
            &href,
            key,
            Some(r#"{"description": "renamed"}"#),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = h.call(Method::GET, &href, key, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let one: Value = response.json().await.unwrap();
    assert_eq!(one["description"], "renamed");
    assert_eq!(one["name"], "ci");
    assert!(one.get("secret").is_none());

    let response = h.call(Method::DELETE, &href, key, None).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(h.probe(key).await, StatusCode::UNAUTHORIZED);

    let other = h.login().await;
    let response = h.call(Method::DELETE, &href, session(&other), None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_token(response).await, "not_found");
}

#[tokio::test]
async fn api_key_bodies_are_validated() {
    let h = Harness::default().await;
    let login = h.login().await;
    for body in [
        "",
        "[]",
        "{}",
        r#"{"name": 1}"#,
        r#"{"name": "x", "extra": true}"#,
        "{",
    ] {
        let response = h
            .call(
                Method::POST,
                "/users/1/api_keys",
                session(&login),
                Some(body),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE, "{body}");
        assert_eq!(error_token(response).await, "input_validation_error");
    }
}

#[tokio::test]
async fn users_manage_only_their_own_keys() {
    let h = Harness::start(MockConfig {
        users: vec![
            (EMAIL.to_owned(), PASSWORD.to_owned()),
            ("second@example.com".to_owned(), "pw".to_owned()),
        ],
        ..MockConfig::default()
    })
    .await;
    let second = h.login_as("second@example.com", "pw").await;
    for (method, path) in [
        (Method::GET, "/users/1/api_keys"),
        (Method::POST, "/users/1/api_keys"),
        (Method::DELETE, "/users/1/api_keys/abc"),
    ] {
        let response = h
            .call(method, path, session(&second), Some(r#"{"name": "x"}"#))
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(error_token(response).await, "forbidden_error");
    }
    let response = h
        .call(Method::GET, "/users/2/api_keys", session(&second), None)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-total-count"], "0");
}

#[tokio::test]
async fn configured_api_keys_work_and_are_listed() {
    let h = Harness::start(MockConfig {
        api_keys: vec![
            ("api_1f2e3d".to_owned(), "s3cret".to_owned()),
            ("ORG_KEY".to_owned(), "other".to_owned()),
        ],
        ..MockConfig::default()
    })
    .await;
    assert_eq!(h.probe(("api_1f2e3d", "s3cret")).await, StatusCode::OK);
    assert_eq!(h.probe(("ORG_KEY", "other")).await, StatusCode::OK);
    assert_eq!(
        h.probe(("api_1f2e3d", "other")).await,
        StatusCode::UNAUTHORIZED
    );
    let response = h
        .call(Method::GET, "/users/1/api_keys", ("ORG_KEY", "other"), None)
        .await;
    let listed: Vec<Value> = response.json().await.unwrap();
    let ids: Vec<&str> = listed
        .iter()
        .map(|k| k["key_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1f2e3d", "ORG_KEY"]);
}
