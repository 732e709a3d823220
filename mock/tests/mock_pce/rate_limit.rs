//! The rate limit: per credential, per minute of mock time.

use std::time::Duration;

use illumio_pce_mock::MockConfig;
use reqwest::StatusCode;

use crate::support::{error_token, session, Harness};

#[tokio::test]
async fn over_the_limit_is_429_until_the_minute_ends() {
    let h = Harness::start(MockConfig {
        rate_limit_per_minute: 5,
        api_keys: vec![("api_k".to_owned(), "s".to_owned())],
        ..MockConfig::default()
    })
    .await;
    let login = h.login().await;
    for _ in 0..5 {
        assert_eq!(h.probe(session(&login)).await, StatusCode::OK);
    }
    h.pce.advance_clock(Duration::from_secs(20));
    let response = h
        .call(
            reqwest::Method::GET,
            "/orgs/1/optional_features",
            session(&login),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((39..=40).contains(&retry_after), "{retry_after}");
    assert_eq!(error_token(response).await, "too_many_requests_error");

    // Another credential has its own count; the login flow is not counted.
    assert_eq!(h.probe(("api_k", "s")).await, StatusCode::OK);
    let other = h.login().await;
    assert_eq!(h.probe(session(&other)).await, StatusCode::OK);

    h.pce.advance_clock(Duration::from_secs(40));
    assert_eq!(h.probe(session(&login)).await, StatusCode::OK);
}

#[tokio::test]
async fn api_keys_are_limited_too() {
    let h = Harness::start(MockConfig {
        rate_limit_per_minute: 2,
        api_keys: vec![("api_k".to_owned(), "s".to_owned())],
        ..MockConfig::default()
    })
    .await;
    assert_eq!(h.probe(("api_k", "s")).await, StatusCode::OK);
    assert_eq!(h.probe(("api_k", "s")).await, StatusCode::OK);
    assert_eq!(h.probe(("api_k", "s")).await, StatusCode::TOO_MANY_REQUESTS);
    h.pce.advance_clock(Duration::from_secs(60));
    assert_eq!(h.probe(("api_k", "s")).await, StatusCode::OK);
}
