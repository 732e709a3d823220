//! The SDK's validator and its types agree, and encode every payload they accept back to the
//! same JSON:
//! - the request type `OptionalFeaturesPut` is strict: it accepts exactly the payloads that
//!   `illumio_pce::validation` accepts for the newest release's schema (closed objects, enums,
//!   required properties, `oneOf`), and every payload an older release accepts;
//! - the response type `OptionalFeaturesGet` reads what PCEs send: any array of objects,
//!   whatever the objects hold (a property absent, `null`, of another type, or added by a
//!   newer PCE), and only the top level's shape can make it fail.
//!
//! Payloads are random: arrays of toggles whose names come from every release's enums or are
//! junk, with `enabled` of any JSON type or missing, with or without `key`, `preview` and
//! other properties, plus non-object items and non-array bodies.

use illumio_pce::types::{OptionalFeaturesGet, OptionalFeaturesPut};
use illumio_pce::validation::{latest_release, validate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Map, Value};

const RELEASES: [&str; 3] = ["23.3", "24.1", "25.2"];

fn put_schema(release: &str) -> Value {
    let path = format!(
        "{}/../schemas/{release}/v2/optional_features_put.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The names of the `oneOf` branch `branch` (0: plain toggles, 1: keyed toggles), over all
/// releases, sorted and without duplicates.
fn enum_names(branch: usize) -> Vec<String> {
    let mut names: Vec<String> = RELEASES
        .iter()
        .flat_map(|release| {
            put_schema(release)["items"]["oneOf"][branch]["properties"]["name"]["enum"]
                .as_array()
                .expect("each branch has an enum of names")
                .iter()
                .map(|name| name.as_str().expect("names are strings").to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A JSON value that is not a string (mostly `null`, the usual "optional" edge case).
fn non_string() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => (-1e6..1e6f64).prop_map(Value::from),
        1 => Just(json!({})),
        1 => Just(json!(["ui_analytics"])),
    ]
}

/// Any small JSON value: mostly a non-string, sometimes a string.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => non_string(),
        1 => "[a-z_]{0,8}".prop_map(Value::from),
    ]
}

/// A toggle-like object. Its name is usually one of the enums' (plain or keyed) and sometimes
/// junk or missing; `key` is usual on keyed names and rare elsewhere, and may be `null` or
/// another non-string; `enabled` is usually a bool; an extra property is rare.
fn toggle() -> impl Strategy<Value = Value> {
    let plain = enum_names(0);
    let keyed = enum_names(1);
    let all: Vec<String> = plain.iter().chain(&keyed).cloned().collect();
    let junk_name = prop_oneof![
        "[a-z_]{0,20}".prop_map(Value::from),
        proptest::sample::select(all.clone()).prop_map(|n| Value::from(n.to_uppercase())),
        proptest::sample::select(all).prop_map(|n| Value::from(format!("{n} "))),
        non_string(),
    ];
    let rare_key = || {
        prop_oneof![
            8 => Just(None),
            1 => "[A-Za-z0-9-]{0,12}".prop_map(|k| Some(Value::from(k))),
            1 => non_string().prop_map(Some),
        ]
    };
    let usual_key = prop_oneof![
        3 => Just(None),
        4 => "[A-Za-z0-9-]{0,12}".prop_map(|k| Some(Value::from(k))),
        2 => Just(Some(Value::Null)),
        1 => non_string().prop_map(Some),
    ];
    let name_and_key = prop_oneof![
        5 => (proptest::sample::select(plain).prop_map(|n| Some(Value::from(n))), rare_key()),
        4 => (proptest::sample::select(keyed).prop_map(|n| Some(Value::from(n))), usual_key),
        2 => (junk_name.prop_map(Some), rare_key()),
        1 => (Just(None), rare_key()),
    ];
    let enabled = prop_oneof![
        8 => any::<bool>().prop_map(|b| Some(Value::from(b))),
        1 => leaf().prop_map(Some),
        1 => Just(None),
    ];
    let extra_name = prop_oneof![
        proptest::sample::select(vec!["preview", "description", "href", "Key", "NAME"])
            .prop_map(str::to_owned),
        "[a-z]{1,6}",
    ];
    let extra = prop_oneof![9 => Just(None), 1 => (extra_name, leaf()).prop_map(Some)];
    (name_and_key, enabled, extra).prop_map(|((name, key), enabled, extra)| {
        let mut object = Map::new();
        let fields = [("name", name), ("enabled", enabled), ("key", key)];
        for (field, value) in fields {
            if let Some(value) = value {
                object.insert(field.to_owned(), value);
            }
        }
        if let Some((field, value)) = extra {
            object.insert(field, value);
        }
        Value::Object(object)
    })
}

/// A whole request body: usually a short array of items (rarely non-objects), sometimes
/// empty, a bare toggle or a scalar.
fn payload() -> impl Strategy<Value = Value> {
    let item = prop_oneof![19 => toggle(), 1 => leaf()];
    prop_oneof![
        16 => proptest::collection::vec(item, 1..4).prop_map(Value::Array),
        2 => Just(json!([])),
        1 => toggle(),
        1 => leaf(),
    ]
}

/// What a payload must do against the types: decode (and encode back unchanged) or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Decodes,
    Fails,
}

/// `Ok` when `T` does with `payload` what `expect` says, and encodes what it decodes back to
/// the same JSON; otherwise what went wrong.
fn check<T: DeserializeOwned + Serialize>(payload: &Value, expect: Expect) -> Result<(), String> {
    match serde_json::from_value::<T>(payload.clone()) {
        Ok(_) if expect == Expect::Fails => Err(format!(
            "the typed decode accepts {payload}, the validator rejects it"
        )),
        Ok(decoded) => {
            let encoded = serde_json::to_value(&decoded).expect("the decoded value encodes");
            if encoded == *payload {
                Ok(())
            } else {
                Err(format!("{payload} encodes back as {encoded}"))
            }
        }
        Err(error) if expect == Expect::Decodes => Err(format!(
            "the validator accepts {payload}, the typed decode rejects it: {error}"
        )),
        Err(_) => Ok(()),
    }
}

fn valid(release: &str, schema: &str, payload: &Value) -> bool {
    validate(release, schema, payload)
        .expect("the schema is embedded")
        .is_empty()
}

/// The request type against the newest release (exactly) and the older ones (everything
/// they accept decodes).
fn put_expectation(payload: &Value) -> Expect {
    if valid(latest_release(), "optional_features_put", payload) {
        return Expect::Decodes;
    }
    let older_accepts = RELEASES
        .iter()
        .any(|release| valid(release, "optional_features_put", payload));
    assert!(
        !older_accepts,
        "an older release accepts {payload}, the newest does not"
    );
    Expect::Fails
}

/// Checks `pinned` and 256 random payloads of `strategy`, each expected to do what
/// `expectation` says.
fn agrees<T: DeserializeOwned + Serialize>(
    pinned: Vec<Value>,
    strategy: impl Strategy<Value = Value>,
    expectation: impl Fn(&Value) -> Expect,
) {
    let mut failures: Vec<String> = pinned
        .iter()
        .filter_map(|payload| check::<T>(payload, expectation(payload)).err())
        .collect();
    let mut runner = TestRunner::new(Config::with_cases(256));
    let outcome = runner.run(&strategy, |payload| {
        check::<T>(&payload, expectation(&payload)).map_err(TestCaseError::fail)
    });
    if let Err(failure) = outcome {
        failures.push(format!("random payloads: {failure}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_request_type_is_exactly_the_newest_releases_schema() {
    agrees::<OptionalFeaturesPut>(pinned_payloads(), payload(), put_expectation);
}

#[test]
fn the_response_type_reads_any_array_of_objects_whatever_they_hold() {
    let pinned = vec![
        json!([{"name": "ui_analytics", "enabled": true, "preview": false}]),
        json!([{"name": "ui_analytics", "enabled": true, "preview": null}]),
        json!([{"name": "ui_analytics"}]),
        json!([{"name": "ui_analytics", "enabled": true, "href": "/x"}]),
        json!([{"name": 7, "enabled": "yes"}]),
        json!([{"name": "ui_analytics"}, "not an object"]),
    ];
    agrees::<OptionalFeaturesGet>(pinned, get_payload(), |payload| {
        let objects = payload
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_object));
        if objects {
            Expect::Decodes
        } else {
            Expect::Fails
        }
    });
}

/// Payloads at the edges of the schema, checked on every run whatever the random cases are.
fn pinned_payloads() -> Vec<Value> {
    vec![
        json!([]),
        json!([{"name": "per_rule_flow_log_setting", "enabled": true}]),
        json!([{"name": "ui_analytics", "enabled": false}]),
        json!([{"name": "editable_dns_client_rule", "enabled": true}]),
        json!([{"name": "editable_dns_client_rule", "enabled": true, "key": "k"}]),
        json!([{"name": "editable_dns_client_rule", "enabled": true, "key": null}]),
        json!([{"name": "editable_dhcp_client_rule", "enabled": false, "key": 7}]),
        json!([{"name": "ui_analytics", "enabled": true, "key": "k"}]),
        json!([{"name": "ui_analytics", "enabled": null}]),
        json!([{"name": "ui_analytics"}]),
        json!([{"enabled": true}]),
        json!([{"name": "core_insights", "enabled": true}]),
        json!([{"name": "ui_analytics", "enabled": true, "preview": true}]),
        json!([null]),
        json!({"name": "ui_analytics", "enabled": true}),
        json!(null),
    ]
}

/// A GET body: an array of feature objects with a name, usually a boolean `enabled`, often
/// `preview`, sometimes a wrong type, a missing property or an unknown one.
fn get_payload() -> impl Strategy<Value = Value> {
    let maybe_bool = || prop_oneof![6 => any::<bool>().prop_map(|b| Some(Value::from(b))), 1 => leaf().prop_map(Some), 1 => Just(None)];
    let name = prop_oneof![6 => "[a-z_]{1,20}".prop_map(|n| Some(Value::from(n))), 1 => non_string().prop_map(Some), 1 => Just(None)];
    let extra = prop_oneof![9 => Just(None), 1 => ("[a-z]{1,6}", leaf()).prop_map(Some)];
    let feature =
        (name, maybe_bool(), maybe_bool(), extra).prop_map(|(name, enabled, preview, extra)| {
            let mut object = Map::new();
            for (field, value) in [("name", name), ("enabled", enabled), ("preview", preview)] {
                if let Some(value) = value {
                    object.insert(field.to_owned(), value);
                }
            }
            if let Some((field, value)) = extra {
                object.insert(field, value);
            }
            Value::Object(object)
        });
    prop_oneof![
        12 => proptest::collection::vec(prop_oneof![19 => feature, 1 => leaf()], 0..4).prop_map(Value::Array),
        1 => leaf(),
    ]
}
