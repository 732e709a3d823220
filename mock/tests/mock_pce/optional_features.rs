//! Optional features: GET, PUT validated against the 25.2 schema, wrong org.

use illumio_pce::types::{
    FeatureName, FeatureToggle, KeyedFeatureName, KeyedFeatureToggle, OptionalFeatureToggle,
    OptionalFeaturesGet, OptionalFeaturesPut,
};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{error_token, session, Harness};

#[tokio::test]
async fn get_lists_every_feature_of_the_schema_disabled() {
    let h = Harness::default().await;
    let login = h.login().await;
    let response = h
        .call(
            Method::GET,
            "/orgs/1/optional_features",
            session(&login),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-total-count"], "18");
    let features: OptionalFeaturesGet = response.json().await.unwrap();
    assert_eq!(features.len(), 18);
    let plain = features
        .iter()
        .filter(|f| {
            f.name
                .as_deref()
                .unwrap_or_default()
                .parse::<FeatureName>()
                .is_ok()
        })
        .count();
    let keyed = features
        .iter()
        .filter(|f| {
            f.name
                .as_deref()
                .unwrap_or_default()
                .parse::<KeyedFeatureName>()
                .is_ok()
        })
        .count();
    assert_eq!((plain, keyed), (16, 2));
    assert!(features.iter().all(|f| f.enabled == Some(false)));
    assert_eq!(h.pce.features().len(), 18);
}

#[tokio::test]
async fn put_changes_what_get_returns() {
    let h = Harness::default().await;
    let login = h.login().await;
    let body = OptionalFeaturesPut(vec![
        OptionalFeatureToggle::from(FeatureToggle::new(FeatureName::PerRuleFlowLogSetting, true)),
        OptionalFeatureToggle::from(
            KeyedFeatureToggle::new(KeyedFeatureName::EditableDnsClientRule, true)
                .key("from-support"),
        ),
    ]);
    let body = serde_json::to_string(&body).unwrap();
    let response = h
        .call(
            Method::PUT,
            "/orgs/1/optional_features",
            session(&login),
            Some(&body),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let response = h
        .call(
            Method::GET,
            "/orgs/1/optional_features",
            session(&login),
            None,
        )
        .await;
    let features: OptionalFeaturesGet = response.json().await.unwrap();
    let enabled: Vec<&str> = features
        .iter()
        .filter(|f| f.enabled == Some(true))
        .filter_map(|f| f.name.as_deref())
        .collect();
    assert_eq!(
        enabled,
        ["per_rule_flow_log_setting", "editable_dns_client_rule"]
    );
    assert!(h
        .pce
        .features()
        .contains(&("per_rule_flow_log_setting".to_owned(), true)));

    // The documented example, then switching it off again; an empty list changes nothing.
    for (body, expected) in [
        (
            r#"[{"name":"per_rule_flow_log_setting","enabled":true}]"#,
            true,
        ),
        (
            r#"[{"name":"per_rule_flow_log_setting","enabled":false}]"#,
            false,
        ),
        ("[]", false),
    ] {
        let response = h
            .call(
                Method::PUT,
                "/orgs/1/optional_features",
                session(&login),
                Some(body),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert!(h
            .pce
            .features()
            .contains(&("per_rule_flow_log_setting".to_owned(), expected)));
    }
}

#[tokio::test]
async fn invalid_put_bodies_are_406() {
    let h = Harness::default().await;
    let login = h.login().await;
    let bodies = [
        "",
        "   ",
        "not json",
        r#"{"name":"ui_analytics","enabled":true}"#,
        r#"[{"name":"no_such_feature","enabled":true}]"#,
        r#"[{"name":"ui_analytics","enabled":"yes"}]"#,
        r#"[{"name":"ui_analytics"}]"#,
        r#"[{"name":"ui_analytics","enabled":true,"key":"k"}]"#,
    ];
    for body in bodies {
        let response = h
            .call(
                Method::PUT,
                "/orgs/1/optional_features",
                session(&login),
                Some(body),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE, "{body:?}");
        let errors: Value = response.json().await.unwrap();
        assert_eq!(errors[0]["token"], "input_validation_error", "{body:?}");
        let message = errors[0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("Input validation failed. Details: {") && message.ends_with('}'),
            "{message}"
        );
    }
    // A PUT with no body at all, as documented.
    let response = h
        .request(Method::PUT, "/orgs/1/optional_features")
        .basic_auth(
            login.auth_username.as_deref().unwrap_or_default(),
            login.session_token.as_deref(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
    let errors: Value = response.json().await.unwrap();
    assert_eq!(
        errors[0]["message"],
        "Input validation failed. Details: {The property '#/' of type NilClass did not match \
         the following type: array in schema optional_features_put.schema.json}"
    );
    assert!(h.pce.features().iter().all(|(_, enabled)| !enabled));
}

#[tokio::test]
async fn another_org_is_403() {
    let h = Harness::default().await;
    let login = h.login().await;
    for method in [Method::GET, Method::PUT] {
        let response = h
            .call(
                method,
                "/orgs/2/optional_features",
                session(&login),
                Some("[]"),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_token(response).await, "forbidden_error");
    }
    // Credentials are checked first.
    let response = h
        .call(
            Method::GET,
            "/orgs/2/optional_features",
            ("user_1", "nope"),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
