//! The optional-features endpoints: list, set from the generated types, enable or disable
//! one by name, and a name the release doesn't know refused before anything is sent.

use illumio_pce::types::{FeatureName, FeatureToggle, OptionalFeatureToggle, OptionalFeaturesPut};
use illumio_pce::{ApiRequest, Error};
use serde::de::IgnoredAny;

use pce_tests::MockConfig;

use crate::{api_key_builder, api_key_client, config, password_client, start};

fn enabled(mock: &pce_tests::MockPce, name: &str) -> Option<bool> {
    mock.features()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, on)| on)
}

#[tokio::test]
async fn enabling_and_disabling_by_name_changes_the_pce() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    client
        .enable_optional_feature("core_insights")
        .await
        .expect("enables");
    assert_eq!(enabled(&mock, "core_insights"), Some(true));
    client
        .enable_optional_feature("editable_dns_client_rule")
        .await
        .expect("enables a keyed feature");
    assert_eq!(enabled(&mock, "editable_dns_client_rule"), Some(true));
    client
        .disable_optional_feature("core_insights")
        .await
        .expect("disables");
    assert_eq!(enabled(&mock, "core_insights"), Some(false));
    let listed = client.optional_features_get().await.expect("lists");
    assert!(listed
        .iter()
        .any(|f| f.name.as_deref() == Some("editable_dns_client_rule") && f.enabled == Some(true)));
}

#[tokio::test]
async fn typed_settings_are_sent_as_the_schema_says() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    let body = OptionalFeaturesPut(vec![
        OptionalFeatureToggle::from(FeatureToggle::new(FeatureName::PerRuleFlowLogSetting, true)),
        OptionalFeatureToggle::from(FeatureToggle::new(FeatureName::UiAnalytics, true)),
    ]);
    client
        .optional_features_update(&body)
        .await
        .expect("accepted");
    assert_eq!(enabled(&mock, "per_rule_flow_log_setting"), Some(true));
    assert_eq!(enabled(&mock, "ui_analytics"), Some(true));
}

#[tokio::test]
async fn an_unknown_feature_name_is_refused_before_sending() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    let error = client
        .enable_optional_feature("no_such_feature")
        .await
        .expect_err("unknown name");
    assert!(
        matches!(&error, Error::Validation { violations, .. } if violations[0].pointer == "/0/name"),
        "{error:?}"
    );
    assert!(mock.requests().is_empty(), "nothing was sent");
}

/// `PUT /orgs/:org/optional_features` with a body built by hand, checked against the
/// release's `optional_features_put` schema.
fn raw_put(body: &serde_json::Value) -> ApiRequest {
    ApiRequest::put("/orgs/:org/optional_features")
        .json(body)
        .expect("encodes")
        .schema("v2/optional_features_put.schema.json")
}

#[tokio::test]
async fn an_invalid_raw_body_is_refused_before_sending() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    let body = serde_json::json!([{"name": "ui_analytics", "enabled": true, "key": "k"}]);
    let error = client
        .send::<IgnoredAny>(raw_put(&body))
        .await
        .expect_err("breaks the schema");
    let Error::Validation { schema, violations } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(schema, "25.2/v2/optional_features_put.schema.json");
    assert_eq!(
        (
            violations[0].pointer.as_str(),
            violations[0].keyword.as_str()
        ),
        ("/0", "oneOf")
    );
    assert!(
        mock.requests().iter().all(|r| r.method != "PUT"),
        "no PUT was sent (only the PCE's version was asked)"
    );

    let valid =
        serde_json::json!([{"name": "editable_dns_client_rule", "enabled": true, "key": "k"}]);
    client
        .send::<IgnoredAny>(raw_put(&valid))
        .await
        .expect("a valid raw body is sent");
    assert_eq!(enabled(&mock, "editable_dns_client_rule"), Some(true));
}

#[tokio::test]
async fn a_feature_the_pces_release_lacks_is_refused_before_sending() {
    // `core_insights` came with 25.1: the types have it, a 24.1 PCE does not.
    let mock = start(MockConfig {
        version: Some("24.1.6".to_owned()),
        ..config()
    })
    .await;
    let client = password_client(&mock);
    assert_eq!(
        client.release(),
        "25.2",
        "the newest before the PCE says otherwise"
    );
    let error = client
        .optional_features_update(&OptionalFeaturesPut(vec![FeatureToggle::new(
            FeatureName::CoreInsights,
            true,
        )
        .into()]))
        .await
        .expect_err("24.1 has no core_insights");
    assert_eq!(client.release(), "24.1", "learnt at login");
    assert_eq!(
        error.to_string(),
        "the value `\"core_insights\"` (`/0/name`) is new in 25.2; this PCE runs 24.1.6"
    );
    let Error::NotInRelease { release, gaps, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!((release.as_str(), gaps.len()), ("24.1", 1));
    assert!(
        mock.requests().iter().all(|r| r.method != "PUT"),
        "no PUT was sent"
    );

    client
        .enable_optional_feature("per_rule_flow_log_setting")
        .await
        .expect("24.1 has per_rule_flow_log_setting");
    assert_eq!(enabled(&mock, "per_rule_flow_log_setting"), Some(true));
}

#[tokio::test]
async fn the_release_named_at_build_time_checks_requests_without_a_login() {
    let mock = start_23_3().await;
    let client = api_key_builder(&mock)
        .release("23.3")
        .build()
        .expect("builds");
    let error = client
        .enable_optional_feature("per_rule_flow_log_setting")
        .await
        .expect_err("23.3 has no per_rule_flow_log_setting");
    assert_eq!(
        error.to_string(),
        "the value `\"per_rule_flow_log_setting\"` (`/0/name`) is new in 24.1; this PCE runs 23.3"
    );
    assert!(mock.requests().is_empty(), "nothing was sent");

    let error = api_key_builder(&mock)
        .release("latest")
        .build()
        .expect_err("not a version");
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
}

/// A mock PCE that runs 23.3.4, a release without `per_rule_flow_log_setting`.
async fn start_23_3() -> pce_tests::MockPce {
    start(MockConfig {
        version: Some("23.3.4".to_owned()),
        ..config()
    })
    .await
}

/// The requests the mock received: method and path.
fn sent(mock: &pce_tests::MockPce) -> Vec<(String, String)> {
    mock.requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect()
}

#[tokio::test]
async fn an_operation_every_release_has_needs_no_product_version() {
    let mock = start(config()).await;
    let client = api_key_client(&mock);
    client
        .optional_features_get()
        .await
        .expect("every release has it");
    assert_eq!(
        sent(&mock),
        [(
            "GET".to_owned(),
            "/api/v2/orgs/1/optional_features".to_owned()
        )]
    );
}

#[tokio::test]
async fn tasks_waiting_for_the_pces_version_share_one_lookup() {
    let mock = start_23_3().await;
    let client = api_key_builder(&mock).build().expect("builds");
    let attempts = (0..4).map(|_| client.enable_optional_feature("per_rule_flow_log_setting"));
    for result in futures_util::future::join_all(attempts).await {
        let error = result.expect_err("23.3 has no per_rule_flow_log_setting");
        assert!(matches!(error, Error::NotInRelease { .. }), "{error:?}");
    }
    assert_eq!(
        sent(&mock),
        [("GET".to_owned(), "/api/v2/product_version".to_owned())],
        "one lookup for four tasks, and no PUT"
    );
}

#[tokio::test]
async fn a_pce_that_does_not_tell_its_version_judges_the_body_itself() {
    let mock = start_23_3().await;
    mock.inject(pce_tests::Fault::Status(403), 1);
    let client = api_key_builder(&mock).build().expect("builds");
    let error = client
        .enable_optional_feature("per_rule_flow_log_setting")
        .await
        .expect_err("the 23.3 PCE refuses it");
    assert!(
        matches!(&error, Error::Api { status, .. } if status.as_u16() == 406),
        "checked against the newest release, sent, and refused by the PCE: {error:?}"
    );
    assert_eq!(client.release(), "25.2");
    let methods: Vec<String> = sent(&mock).into_iter().map(|(method, _)| method).collect();
    assert_eq!(methods, ["GET", "PUT"], "asked once, then sent");
}

#[tokio::test]
async fn an_api_key_client_asks_the_pce_its_version_once_before_checking_a_body() {
    let mock = start_23_3().await;
    let client = api_key_builder(&mock).build().expect("builds");
    assert_eq!(client.release(), "25.2", "the newest before the PCE says");
    for _ in 0..2 {
        let error = client
            .enable_optional_feature("per_rule_flow_log_setting")
            .await
            .expect_err("23.3 has no per_rule_flow_log_setting");
        assert!(matches!(error, Error::NotInRelease { .. }), "{error:?}");
    }
    assert_eq!(client.release(), "23.3", "learnt from GET /product_version");
    let sent: Vec<(String, String)> = mock
        .requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    assert_eq!(
        sent,
        [("GET".to_owned(), "/api/v2/product_version".to_owned())],
        "asked once, and no PUT"
    );
}
