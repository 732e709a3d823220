//! Errors a user acts on: wrong org, a 406 with the PCE's tokens, HTML and truncated bodies,
//! and a redirect to another host, which is not followed with the credentials.

use illumio_pce::{Error, Method, RetryPolicy};
use pce_tests::{Fault, MockConfig};
use serde_json::json;

use crate::{api_key_builder, api_key_client, config, start};

#[tokio::test]
async fn a_wrong_org_is_forbidden() {
    let mock = start(config()).await;
    let client = api_key_builder(&mock).org_id(7).build().expect("builds");
    let error = client.optional_features().await.expect_err("not this org");
    assert!(
        matches!(&error, Error::Api { status: 403, errors, .. } if errors[0].token == "forbidden_error"),
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
    let Error::Api {
        status,
        errors,
        request_id,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 406);
    assert_eq!(errors[0].token, "input_validation_error");
    assert!(request_id.is_some());
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
    let error = client.optional_features().await.expect_err("not JSON");
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
        .optional_features()
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
        .optional_features()
        .await
        .expect_err("stops at the redirect");
    assert!(matches!(error, Error::Api { status: 307, .. }), "{error:?}");
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
        .optional_features()
        .await
        .expect("follows the redirect");
    let last = mock.requests().pop().expect("a request");
    assert_eq!(last.auth_scheme.as_deref(), Some("Basic"));
}
