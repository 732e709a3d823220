//! The example payloads Illumio documents (seed 001: the login flow and optional features)
//! decode into the generated types of every release they apply to, and encode back to the
//! same JSON. Also checks what a user of those types relies on: typed fields, unknown
//! properties kept in `extra`, `null` told apart from absent, and feature names that parse.

use illumio_pce::pce::{latest, v23_3, v24_1, v25_2};
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

/// Tests that hold for every release: the login flow and the optional-features payloads whose
/// names every release knows.
macro_rules! every_release {
    ($($module:ident: $release:ident),+ $(,)?) => {$(
        mod $module {
            use super::*;
            use illumio_pce::pce::$release as pce;

            #[test]
            fn documented_login_response_round_trips_with_typed_fields() {
                let login: pce::UsersLoginGet = round_trip(&login_example());
                assert_eq!(login.auth_username, "user_4");
                assert_eq!(login.href, "/users/4");
                assert_eq!(login.session_token, "xxxxxxxx628f5773c47b72dbcd437b4a10d85a0");
                assert_eq!(login.inactivity_expiration_minutes, 10);
                assert_eq!(login.type_.as_deref(), Some("local"));
                assert_eq!(
                    login.last_login_on,
                    Some(Some("2020-10-12T16:49:49.000Z".to_owned()))
                );
                assert_eq!(login.orgs.len(), 1);
                assert_eq!(login.orgs[0].org_id, 1);
                assert_eq!(login.orgs[0].org_href, "/orgs/1");
                let role_scopes = login.orgs[0].role_scopes.as_ref().expect("role_scopes");
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
                assert_eq!(login.extra["new_in_26_1"], json!({"nested": [1, "two", null]}));
                assert_eq!(login.orgs[0].extra["tenant_kind"], "saas");
                assert_eq!(login.product_version.expect("product_version").extra["patch"], 3);
            }

            #[test]
            fn null_and_absent_last_login_stay_distinct() {
                let mut first_login = login_example();
                first_login["last_login_on"] = Value::Null;
                first_login["last_login_ip_address"] = Value::Null;
                let login: pce::UsersLoginGet = round_trip(&first_login);
                assert_eq!(login.last_login_on, Some(None));
                assert_eq!(login.last_login_ip_address, Some(None));

                let mut absent = login_example();
                let object = absent.as_object_mut().expect("an object");
                object.remove("last_login_on");
                object.remove("last_login_ip_address");
                let login: pce::UsersLoginGet = round_trip(&absent);
                assert_eq!(login.last_login_on, None);
                assert_eq!(login.last_login_ip_address, None);
            }

            #[test]
            fn login_response_without_a_required_property_is_rejected() {
                let mut payload = login_example();
                payload.as_object_mut().expect("an object").remove("session_token");
                assert!(serde_json::from_value::<pce::UsersLoginGet>(payload).is_err());
            }

            #[test]
            fn documented_auth_token_response_round_trips() {
                let payload = json!({
                    "auth_token": "xxxxxxxxxxxxxxxxxxxxxw89QutJ5WLntqz5jUrI2guA1rZJXKfcbwuF"
                });
                let token: pce::LoginUsersAuthenticatePostResponse = round_trip(&payload);
                assert_eq!(
                    token.auth_token,
                    "xxxxxxxxxxxxxxxxxxxxxw89QutJ5WLntqz5jUrI2guA1rZJXKfcbwuF"
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
                    (pce::KeyedFeatureName::EditableDnsClientRule, true, Some("from-support")),
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
                    .map(|f| (f.name.as_str(), f.enabled, f.preview))
                    .collect();
                assert_eq!(
                    seen,
                    [
                        ("per_rule_flow_log_setting", true, Some(false)),
                        ("ui_analytics", false, None),
                        ("a_feature_from_a_newer_pce", true, Some(true)),
                    ]
                );
            }

            #[test]
            fn optional_feature_with_an_unknown_property_is_rejected() {
                // `optional_feature.schema.json` is closed (`additionalProperties: false`).
                let payload = json!([{"name": "ui_analytics", "enabled": true, "beta": true}]);
                assert!(serde_json::from_value::<pce::OptionalFeaturesGet>(payload).is_err());
            }
        }
    )+};
}

every_release!(release_23_3: v23_3, release_24_1: v24_1, release_25_2: v25_2);

#[test]
fn documented_put_round_trips_from_24_1() {
    let payload: Value = serde_json::from_str(DOCUMENTED_PUT).expect("JSON");

    let body: v24_1::OptionalFeaturesPut = round_trip(&payload);
    assert_eq!(
        body.0,
        [v24_1::OptionalFeatureToggle::FeatureToggle(
            v24_1::FeatureToggle {
                name: v24_1::FeatureName::PerRuleFlowLogSetting,
                enabled: true,
            }
        )]
    );

    let body: v25_2::OptionalFeaturesPut = round_trip(&payload);
    assert_eq!(
        body.0,
        [v25_2::OptionalFeatureToggle::FeatureToggle(
            v25_2::FeatureToggle {
                name: v25_2::FeatureName::PerRuleFlowLogSetting,
                enabled: true,
            }
        )]
    );
}

#[test]
fn documented_put_is_rejected_by_23_3() {
    // `per_rule_flow_log_setting` came with 24.1.1; 23.3's enum does not have it.
    let error = serde_json::from_str::<v23_3::OptionalFeaturesPut>(DOCUMENTED_PUT);
    assert!(error.is_err(), "23.3 accepted {DOCUMENTED_PUT}");
    assert!("per_rule_flow_log_setting"
        .parse::<v23_3::FeatureName>()
        .is_err());
}

#[test]
fn documented_put_encodes_from_typed_values() {
    let body = latest::OptionalFeaturesPut(vec![latest::FeatureToggle {
        name: latest::FeatureName::PerRuleFlowLogSetting,
        enabled: true,
    }
    .into()]);
    let expected: Value = serde_json::from_str(DOCUMENTED_PUT).expect("JSON");
    assert_eq!(serde_json::to_value(&body).expect("encodes"), expected);
}

#[test]
fn feature_names_display_and_parse() {
    let name: v25_2::FeatureName = "core_insights".parse().expect("a 25.2 name");
    assert_eq!(name, v25_2::FeatureName::CoreInsights);
    assert_eq!(name.to_string(), "core_insights");
    assert_eq!(
        v25_2::FeatureName::ContainerClusterLabelSetBasedKubernetesWorkloadInstructions.to_string(),
        "container_cluster_label_set_based_kubernetes_workload_instructions"
    );
    // `core_insights` came with 25.1.0: release 24.1 does not know it.
    assert!("core_insights".parse::<v24_1::FeatureName>().is_err());
    assert!("Core_Insights".parse::<v25_2::FeatureName>().is_err());

    let keyed: v25_2::KeyedFeatureName = "editable_dhcp_client_rule".parse().expect("keyed");
    assert_eq!(keyed.to_string(), "editable_dhcp_client_rule");
}

#[test]
fn every_schema_feature_name_parses_displays_and_encodes_alike() {
    fn check<N>(release: &str)
    where
        N: std::str::FromStr + std::fmt::Display + Serialize,
        N::Err: std::fmt::Debug,
    {
        let path = format!(
            "{}/../schemas/{release}/v2/optional_features_put.schema.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("the schema file is readable");
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        let names = schema["items"]["oneOf"][0]["properties"]["name"]["enum"]
            .as_array()
            .expect("the first branch has an enum of names");
        assert!(!names.is_empty());
        for name in names {
            let text = name.as_str().expect("names are strings");
            let parsed: N = text
                .parse()
                .unwrap_or_else(|e| panic!("{release}: {text} does not parse: {e:?}"));
            assert_eq!(parsed.to_string(), text);
            assert_eq!(serde_json::to_value(&parsed).expect("encodes"), *name);
        }
    }
    check::<v23_3::FeatureName>("23.3");
    check::<v24_1::FeatureName>("24.1");
    check::<v25_2::FeatureName>("25.2");
}
