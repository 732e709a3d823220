//! Errors a user acts on: wrong org, a 406 with the PCE's tokens, HTML and truncated bodies,
//! and a redirect to another host, which is not followed with the credentials.

use illumio_pce::{Error, Method, RetryPolicy, StatusCode};
use pce_tests::{Fault, MockConfig};
use serde_json::json;

use crate::{api_key_builder, api_key_client, config, start};

#[tokio::test]
async fn a_wrong_org_is_forbidden() {
    let mock = start(config()).await;
    let client = api_key_builder(&mock).org_id(7).build().expect("builds");
    let error = client
        .optional_features_get()
        .await
        .expect_err("not this org");
    assert!(
        matches!(&error, Error::Api { status: StatusCode::FORBIDDEN, errors, .. } if errors[0].token == "forbidden_error"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_406_surfaces_with_the_pce_tokens_and_request_id() {
    let mock = start(config()).await;
    let body = json!([{"name": "per_rule_flow_log_setting", "enabled": "yes"}]);
    let error = api_key_client(&mock)
        .request_json(Method::PUT, "/orgs/1/optional_features", Some(&body))
        .await
        .expect_err("invalid payload");
    assert_eq!(
        error.status(),
        Some(StatusCode::NOT_ACCEPTABLE),
        "{error:?}"
    );
    assert_eq!(error.api_errors()[0].token, "input_validation_error");
    assert!(error.request_id().is_some());
    assert!(
        error.to_string().contains("input_validation_error"),
        "{error}"
    );
}

#[tokio::test]
async fn an_html_error_page_is_a_decode_error() {
    let mock = start(config()).await;
    let client = api_key_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    mock.inject(Fault::HtmlErrorPage, 1);
    let error = client.optional_features_get().await.expect_err("not JSON");
    let Error::Decode {
        status, snippet, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 502);
    assert!(snippet.contains("502 Bad Gateway"), "{snippet}");
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error() {
    let mock = start(config()).await;
    mock.inject(Fault::TruncatedJson, 1);
    let error = api_key_client(&mock)
        .optional_features_get()
        .await
        .expect_err("broken JSON");
    let Error::Decode { status, what, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 200);
    assert_eq!(what, "GET /api/v2/orgs/1/optional_features");
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let mock = start(config()).await;
    let elsewhere = start(MockConfig::default()).await;
    mock.inject(
        Fault::Redirect(format!(
            "{}/api/v2/orgs/1/optional_features",
            elsewhere.url()
        )),
        1,
    );
    let error = api_key_client(&mock)
        .optional_features_get()
        .await
        .expect_err("stops at the redirect");
    assert!(
        matches!(
            error,
            Error::Api {
                status: StatusCode::TEMPORARY_REDIRECT,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the credentials went elsewhere"
    );
}

#[tokio::test]
async fn a_redirect_within_the_pce_is_followed_with_the_credentials() {
    let mock = start(config()).await;
    mock.inject(
        Fault::Redirect(format!("{}/api/v2/orgs/1/optional_features", mock.url())),
        1,
    );
    api_key_client(&mock)
        .optional_features_get()
        .await
        .expect("follows the redirect");
    let last = mock.requests().pop().expect("a request");
    assert_eq!(last.auth_scheme.as_deref(), Some("Basic"));
}

#[tokio::test]
async fn errors_answer_what_users_ask_of_them() {
    let mock = start(config()).await;
    let client = api_key_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds");
    let missing = client
        .get::<serde_json::Value>("/orgs/1/no_such_thing", &())
        .await
        .expect_err("404");
    assert!(missing.is_not_found() && !missing.is_rate_limited() && !missing.is_unauthorized());
    assert_eq!(missing.status(), Some(StatusCode::NOT_FOUND));
    assert!(missing.request_id().is_some());
    assert_eq!(missing.api_errors()[0].token, "not_found");
    let Error::Api { method, .. } = &missing else {
        panic!("{missing:?}")
    };
    assert_eq!(method, Method::GET);

    mock.inject(
        Fault::RateLimited {
            retry_after_secs: 1,
        },
        1,
    );
    let limited = client.optional_features_get().await.expect_err("429");
    assert!(limited.is_rate_limited(), "{limited:?}");

    let stranger = api_key_builder(&mock)
        .credentials(illumio_pce::Credentials::api_key("api_nobody", "wrong"))
        .build()
        .expect("builds");
    let refused = stranger.optional_features_get().await.expect_err("401");
    assert!(refused.is_unauthorized(), "{refused:?}");
    assert_eq!(refused.status(), Some(StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn a_json_error_body_that_is_not_the_documented_array_is_kept_as_text() {
    let mock = start(config()).await;
    mock.inject(
        Fault::Answer {
            status: 500,
            headers: Vec::new(),
            body: r#"{"error": "database unavailable", "session_token": "leaked-token-123"}"#
                .to_owned(),
        },
        1,
    );
    let error = api_key_client(&mock)
        .optional_features_get()
        .await
        .expect_err("500");
    let Error::Api { errors, body, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(errors.is_empty());
    let body = body.as_deref().unwrap_or_default();
    assert!(body.contains("database unavailable"), "{body}");
    assert!(
        error.to_string().contains("database unavailable"),
        "{error}"
    );
    assert!(
        !format!("{error} {error:?}").contains("leaked-token-123"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_response_over_the_size_limit_is_refused_unread() {
    let mock = start(config()).await;
    let client = api_key_builder(&mock)
        .max_response_bytes(4096)
        .build()
        .expect("builds");
    mock.inject(
        Fault::Answer {
            status: 200,
            headers: Vec::new(),
            body: format!("[{}]", vec!["{}"; 5000].join(",")),
        },
        1,
    );
    let error = client.optional_features_get().await.expect_err("too large");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 4096, .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("larger than 4096 bytes"),
        "{error}"
    );
    client
        .optional_features_get()
        .await
        .expect("a small answer is read");
}

#[tokio::test]
async fn a_call_ends_at_its_deadline_whatever_its_retries() {
    let mock = start(config()).await;
    let client = api_key_builder(&mock)
        .call_timeout(std::time::Duration::from_millis(300))
        .build()
        .expect("builds");
    mock.inject(Fault::Status(503), 100);
    let started = std::time::Instant::now();
    let error = client.optional_features_get().await.expect_err("deadline");
    assert!(matches!(error, Error::Deadline { .. }), "{error:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
}
