//! Injected faults: every kind, their count and order, and that they leave the PCE alone.

use std::time::{Duration, Instant};

use illumio_pce_mock::Fault;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{error_token, Harness};

#[tokio::test]
async fn status_faults_have_pce_error_bodies() {
    let h = Harness::default().await;
    h.pce.inject(Fault::Status(500), 1);
    h.pce.inject(Fault::Status(503), 1);
    let response = h.users_login("x").await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(response.headers().get("retry-after").is_none());
    assert_eq!(error_token(response).await, "internal_server_error");
    let response = h.users_login("x").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(error_token(response).await, "service_unavailable");
    // The queue is empty again: the normal answer.
    assert_eq!(h.users_login("x").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn rate_limited_fault_gives_its_retry_after() {
    let h = Harness::default().await;
    h.pce.inject(
        Fault::RateLimited {
            retry_after_secs: 7,
        },
        1,
    );
    let response = h.users_login("x").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(error_token(response).await, "too_many_requests_error");
}

#[tokio::test]
async fn drop_connection_closes_without_a_response() {
    let h = Harness::default().await;
    h.pce.inject(Fault::DropConnection, 1);
    let error = h
        .request(reqwest::Method::GET, "/users/login")
        .send()
        .await
        .unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
    // The next request gets a new connection and a normal answer.
    assert_eq!(h.users_login("x").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(h.pce.connections(), 2);
}

#[tokio::test]
async fn html_error_page_is_a_502_in_html() {
    let h = Harness::default().await;
    h.pce.inject(Fault::HtmlErrorPage, 1);
    let response = h.users_login("x").await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("502 Bad Gateway"));
}

#[tokio::test]
async fn truncated_json_is_200_with_a_broken_body() {
    let h = Harness::default().await;
    h.pce.inject(Fault::TruncatedJson, 1);
    let response = h.users_login("x").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body = response.bytes().await.unwrap();
    assert!(!body.is_empty());
    assert!(serde_json::from_slice::<Value>(&body).is_err());
}

#[tokio::test]
async fn delay_holds_the_response_then_answers_normally() {
    let h = Harness::default().await;
    h.pce.inject(Fault::Delay(Duration::from_millis(300)), 1);
    let error = h
        .request(reqwest::Method::GET, "/users/login")
        .timeout(Duration::from_millis(20))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");

    h.pce.inject(Fault::Delay(Duration::from_millis(30)), 1);
    let started = Instant::now();
    let response = h.users_login("x").await;
    assert!(started.elapsed() >= Duration::from_millis(30));
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn redirect_is_a_307_to_the_given_url() {
    let h = Harness::default().await;
    let target = format!("{}/api/v2/users/login", h.pce.url());
    h.pce.inject(Fault::Redirect(target.clone()), 1);
    let response = h.users_login("x").await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.headers()["location"], target.as_str());
}

#[tokio::test]
async fn faults_are_served_in_order_as_many_times_as_asked() {
    let h = Harness::default().await;
    h.pce.inject(Fault::Status(502), 2);
    h.pce.inject(Fault::Status(504), 1);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(h.users_login("x").await.status().as_u16());
    }
    assert_eq!(statuses, [502, 502, 504, 401]);
}

#[tokio::test]
async fn faulted_requests_do_not_reach_the_pce() {
    let h = Harness::default().await;
    h.pce.inject(Fault::Status(500), 1);
    let response = h
        .authenticate_at(&h.pce.url(), "admin@example.com", "password")
        .await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(h.pce.authentications(), 0);
    // But they are recorded.
    assert_eq!(h.pce.requests().len(), 1);
}
