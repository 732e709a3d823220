//! The typed escape hatch: any path with `:org` filled in, the query on the wire, status and
//! headers beside the typed body, `()` for an empty answer, and paths that would leave the
//! API refused before anything is sent.

use illumio_pce::types::{FeatureName, FeatureToggle, OptionalFeatureToggle, OptionalFeaturesGet};
use illumio_pce::{ApiRequest, Error, StatusCode};
use serde::Serialize;

use crate::{api_key_client, config, password_client, start};

#[derive(Serialize)]
struct Query {
    max_results: u32,
    name: Option<&'static str>,
}

#[tokio::test]
async fn send_fills_in_the_org_and_returns_status_headers_and_the_typed_body() {
    let mock = start(config()).await;
    let client = password_client(&mock);
    let request = ApiRequest::get("/orgs/:org/optional_features").query(&Query {
        max_results: 3,
        name: None,
    });
    let response = client
        .send::<OptionalFeaturesGet>(request.expect("encodes"))
        .await
        .expect("answers");
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.request_id().is_some(), "{:?}", response.headers);
    assert!(!response.body.is_empty());
    let paths: Vec<String> = mock.requests().into_iter().map(|r| r.path).collect();
    assert!(
        paths.contains(&"/api/v2/orgs/1/optional_features?max_results=3".to_owned()),
        "{paths:?}"
    );
}

#[tokio::test]
async fn an_empty_answer_is_unit_and_a_missing_path_is_a_404() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    let body = vec![OptionalFeatureToggle::from(FeatureToggle::new(
        FeatureName::UiAnalytics,
        true,
    ))];
    client
        .put("/orgs/:org/optional_features", &body)
        .await
        .expect("204 is ()");
    assert!(mock.features().contains(&("ui_analytics".to_owned(), true)));
    let error = client
        .get::<serde_json::Value>("/orgs/:org/no_such_thing", &())
        .await
        .expect_err("unknown path");
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn a_path_that_leaves_the_api_is_refused_before_sending() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    for path in [
        "/../../login",
        "/..\\..\\login",
        "/.\t./.\t./login",
        "/orgs/1/%2e%2e/%2E%2E/login",
        "orgs/1/labels",
    ] {
        let error = client
            .get::<serde_json::Value>(path, &())
            .await
            .expect_err(path);
        assert!(matches!(error, Error::Config { .. }), "{path}: {error:?}");
    }
    assert!(mock.requests().is_empty(), "{:?}", mock.requests());
}
