//! The example payloads Illumio documents (seed 001: the login flow and optional features)
//! decode into the SDK's types and encode back to the same JSON. Also checks what a user of
//! those types relies on: typed fields, unknown properties kept in `extra`, `null` told apart
//! from absent, feature names that parse, and one set of types serving every release (each
//! release's feature names are names of the types; what a release lacks, its validation
//! refuses).

use illumio_pce::lenient::Object as _;
use illumio_pce::types as pce;
use illumio_pce::validation::{releases, validate};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

/// The example response body of `GET /api/v2/users/login`, verbatim from seed 001.
const USERS_LOGIN_GET: &str = include_str!("data/users_login_get.json");

/// The documented `PUT /api/v2/orgs/<org_id>/optional_features` body.
const DOCUMENTED_PUT: &str = r#"[{"name":"per_rule_flow_log_setting","enabled":true}]"#;

fn login_example() -> Value {
    serde_json::from_str(USERS_LOGIN_GET).expect("the fixture is JSON")
}

/// Decodes `payload` as `T`, asserts that encoding it again gives the same JSON, and returns
/// the decoded value.
fn round_trip<T: DeserializeOwned + Serialize>(payload: &Value) -> T {
    let decoded: T = serde_json::from_value(payload.clone()).unwrap_or_else(|e| {
        panic!(
            "{payload} does not decode into {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let encoded = serde_json::to_value(&decoded).expect("the decoded value encodes");
    assert_eq!(
        encoded,
        *payload,
        "{} does not encode back to the payload",
        std::any::type_name::<T>()
    );
    decoded
}

#[test]
fn documented_login_response_round_trips_with_typed_fields() {
    let login: pce::UsersLoginGet = round_trip(&login_example());
    assert_eq!(login.auth_username.as_deref(), Some("user_4"));
    assert_eq!(login.href.as_deref(), Some("/users/4"));
    assert_eq!(
        login.session_token.as_deref(),
        Some("xxxxxxxx628f5773c47b72dbcd437b4a10d85a0")
    );
    assert_eq!(login.inactivity_expiration_minutes, Some(10));
    assert_eq!(login.type_.as_deref(), Some("local"));
    // A date-time reads as an instant that keeps its text.
    let last_login = login.last_login_on.as_ref().expect("a timestamp");
    assert_eq!(last_login.as_str(), "2020-10-12T16:49:49.000Z");
    assert_eq!(last_login.timestamp(), 1_602_521_389);
    let orgs = login.orgs.as_deref().expect("orgs");
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].org_id, Some(1));
    assert_eq!(orgs[0].org_href.as_deref(), Some("/orgs/1"));
    let role_scopes = orgs[0].role_scopes.as_ref().expect("role_scopes");
    assert_eq!(
        role_scopes[0].role.as_ref().and_then(|r| r.href.as_deref()),
        Some("/orgs/1/roles/owner")
    );
    assert_eq!(role_scopes[0].scope.as_deref(), Some(&[][..]));
    let product = login.product_version.as_ref().expect("product_version");
    assert_eq!(product.version.as_deref(), Some("17.1.1"));
    assert_eq!(product.build.as_deref(), Some("6168"));
    assert!(login.extra.is_empty(), "every documented property is typed");
}

#[test]
fn unknown_properties_of_a_newer_pce_are_kept() {
    let mut payload = login_example();
    payload["new_in_26_1"] = json!({"nested": [1, "two", null]});
    payload["orgs"][0]["tenant_kind"] = json!("saas");
    payload["product_version"]["patch"] = json!(3);
    let login: pce::UsersLoginGet = round_trip(&payload);
    assert_eq!(
        login.extra["new_in_26_1"],
        json!({"nested": [1, "two", null]})
    );
    assert_eq!(login.orgs.expect("orgs")[0].extra["tenant_kind"], "saas");
    assert_eq!(
        login.product_version.expect("product_version").extra["patch"],
        3
    );
}

#[test]
fn null_and_absent_last_login_stay_distinct() {
    let mut first_login = login_example();
    first_login["last_login_on"] = Value::Null;
    first_login["last_login_ip_address"] = Value::Null;
    let login: pce::UsersLoginGet = round_trip(&first_login);
    assert_eq!(login.last_login_on, None);
    assert!(login.is_null("last_login_on") && login.is_null("last_login_ip_address"));

    let mut absent = login_example();
    let object = absent.as_object_mut().expect("an object");
    object.remove("last_login_on");
    object.remove("last_login_ip_address");
    let login: pce::UsersLoginGet = round_trip(&absent);
    assert_eq!(login.last_login_on, None);
    assert!(!login.is_null("last_login_on") && !login.is_null("last_login_ip_address"));
}

#[test]
fn a_login_response_without_a_required_property_or_of_another_type_still_decodes() {
    let mut payload = login_example();
    let object = payload.as_object_mut().expect("an object");
    object.remove("session_token");
    object.insert("inactivity_expiration_minutes".to_owned(), json!("ten"));
    let login: pce::UsersLoginGet = round_trip(&payload);
    assert_eq!(login.session_token, None);
    assert_eq!(login.inactivity_expiration_minutes, None);
    assert_eq!(login.extra["inactivity_expiration_minutes"], "ten");
}

#[test]
fn documented_auth_token_response_round_trips() {
    let payload = json!({
        "auth_token": "xxxxxxxxxxxxxxxxxxxxxw89QutJ5WLntqz5jUrI2guA1rZJXKfcbwuF"
    });
    let token: pce::LoginUsersAuthenticatePostResponse = round_trip(&payload);
    assert_eq!(
        token.auth_token.as_deref(),
        Some("xxxxxxxxxxxxxxxxxxxxxw89QutJ5WLntqz5jUrI2guA1rZJXKfcbwuF")
    );
    assert!(token.extra.is_empty());
}

#[test]
fn keyed_toggle_round_trips_with_its_key() {
    let payload = json!([
        {"name": "editable_dns_client_rule", "enabled": true, "key": "from-support"},
        {"name": "editable_dhcp_client_rule", "enabled": false}
    ]);
    let body: pce::OptionalFeaturesPut = round_trip(&payload);
    let expected = [
        (
            pce::KeyedFeatureName::EditableDnsClientRule,
            true,
            Some("from-support"),
        ),
        (pce::KeyedFeatureName::EditableDhcpClientRule, false, None),
    ];
    assert_eq!(body.len(), expected.len());
    for (toggle, (name, enabled, key)) in body.iter().zip(expected) {
        match toggle {
            pce::OptionalFeatureToggle::KeyedFeatureToggle(keyed) => {
                assert_eq!(keyed.name, name);
                assert_eq!(keyed.enabled, enabled);
                assert_eq!(keyed.key.as_deref(), key);
            }
            other => panic!("{other:?} is not a keyed toggle"),
        }
    }
}

#[test]
fn key_on_a_feature_without_one_is_rejected() {
    let payload = json!([{"name": "ui_analytics", "enabled": true, "key": "k"}]);
    assert!(serde_json::from_value::<pce::OptionalFeaturesPut>(payload).is_err());
}

#[test]
fn optional_features_get_body_round_trips() {
    let payload = json!([
        {"name": "per_rule_flow_log_setting", "enabled": true, "preview": false},
        {"name": "ui_analytics", "enabled": false},
        {"name": "a_feature_from_a_newer_pce", "enabled": true, "preview": true}
    ]);
    let features: pce::OptionalFeaturesGet = round_trip(&payload);
    let seen: Vec<_> = features
        .iter()
        .map(|f| (f.name.as_deref(), f.enabled, f.preview))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("per_rule_flow_log_setting"), Some(true), Some(false)),
            (Some("ui_analytics"), Some(false), None),
            (Some("a_feature_from_a_newer_pce"), Some(true), Some(true)),
        ]
    );
}

#[test]
fn optional_feature_with_a_property_of_a_newer_pce_is_kept() {
    // `optional_feature.schema.json` is closed (`additionalProperties: false`),
    // but a response is read leniently: what a newer PCE adds is kept.
    let payload = json!([{"name": "ui_analytics", "enabled": true, "beta": true}]);
    let features: pce::OptionalFeaturesGet = round_trip(&payload);
    assert_eq!(features[0].extra["beta"], true);
}

#[test]
fn documented_put_round_trips() {
    let payload: Value = serde_json::from_str(DOCUMENTED_PUT).expect("JSON");
    let body: pce::OptionalFeaturesPut = round_trip(&payload);
    assert_eq!(
        body.0,
        [pce::OptionalFeatureToggle::FeatureToggle(
            pce::FeatureToggle::new(pce::FeatureName::PerRuleFlowLogSetting, true)
        )]
    );
}

#[test]
fn documented_put_is_refused_by_23_3_validation_only() {
    // `per_rule_flow_log_setting` came with 24.1.1: the types (of the newest release) have
    // it, and validation against 23.3, what a client of a 23.3 PCE runs, refuses it.
    let payload: Value = serde_json::from_str(DOCUMENTED_PUT).expect("JSON");
    assert!(serde_json::from_value::<pce::OptionalFeaturesPut>(payload.clone()).is_ok());
    let violations = validate("23.3", "optional_features_put", &payload).expect("embedded");
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].pointer, "/0");
    for release in ["24.1", "25.2"] {
        let violations = validate(release, "optional_features_put", &payload).expect("embedded");
        assert!(violations.is_empty(), "{release}: {violations:?}");
    }
}

#[test]
fn documented_put_encodes_from_typed_values() {
    let body = pce::OptionalFeaturesPut(vec![pce::FeatureToggle::new(
        pce::FeatureName::PerRuleFlowLogSetting,
        true,
    )
    .into()]);
    let expected: Value = serde_json::from_str(DOCUMENTED_PUT).expect("JSON");
    assert_eq!(serde_json::to_value(&body).expect("encodes"), expected);
}

#[test]
fn feature_names_display_and_parse() {
    let name: pce::FeatureName = "core_insights".parse().expect("a 25.2 name");
    assert_eq!(name, pce::FeatureName::CoreInsights);
    assert_eq!(name.to_string(), "core_insights");
    assert_eq!(
        pce::FeatureName::ContainerClusterLabelSetBasedKubernetesWorkloadInstructions.to_string(),
        "container_cluster_label_set_based_kubernetes_workload_instructions"
    );
    assert!("Core_Insights".parse::<pce::FeatureName>().is_err());

    let keyed: pce::KeyedFeatureName = "editable_dhcp_client_rule".parse().expect("keyed");
    assert_eq!(keyed.to_string(), "editable_dhcp_client_rule");
}

/// The feature names of `release`'s `oneOf` branch `branch` (0: plain, 1: keyed).
fn schema_names(release: &str, branch: usize) -> Vec<Value> {
    let path = format!(
        "{}/../schemas/{release}/v2/optional_features_put.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("the schema file is readable");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    let names = schema["items"]["oneOf"][branch]["properties"]["name"]["enum"]
        .as_array()
        .expect("the branch has an enum of names")
        .clone();
    assert!(!names.is_empty());
    names
}

#[test]
fn every_releases_feature_names_parse_display_and_encode_alike() {
    fn check<N>(release: &str, branch: usize)
    where
        N: std::str::FromStr + std::fmt::Display + Serialize,
        N::Err: std::fmt::Debug,
    {
        for name in schema_names(release, branch) {
            let text = name.as_str().expect("names are strings");
            let parsed: N = text
                .parse()
                .unwrap_or_else(|e| panic!("{release}: {text} does not parse: {e:?}"));
            assert_eq!(parsed.to_string(), text);
            assert_eq!(serde_json::to_value(&parsed).expect("encodes"), name);
        }
    }
    for release in releases() {
        check::<pce::FeatureName>(release, 0);
        check::<pce::KeyedFeatureName>(release, 1);
    }
}

#[test]
fn tokens_in_login_responses_never_show_in_debug() {
    let login: pce::UsersLoginGet = round_trip(&login_example());
    let shown = format!("{login:?}");
    assert!(
        !shown.contains("628f5773c47b72dbcd437b4a10d85a0"),
        "{shown}"
    );
    assert!(shown.contains(r#"session_token: "[redacted]""#), "{shown}");
    assert!(shown.contains("user_4"), "the rest is shown: {shown}");
    let token: pce::LoginUsersAuthenticatePostResponse =
        serde_json::from_value(json!({"auth_token": "xxxxw89Qut"})).expect("decodes");
    assert!(!format!("{token:?}").contains("xxxxw89Qut"));
    assert_eq!(
        serde_json::to_value(&token).expect("encodes")["auth_token"],
        "xxxxw89Qut"
    );
}
