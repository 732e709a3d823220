//! Behaviour of the generated snapshots in `tests/expected/`: each is compiled here as a
//! module (so a snapshot that does not compile fails the build), then used the way an SDK
//! user would: payloads decode and re-encode to the same JSON (unknown properties, `null`
//! versus absent, empty arrays), closed objects reject unknown properties, `oneOf` enums
//! pick the right branch, string enums print and parse, and builders build.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

// The snapshots are generated code: not every type is used here, typify's output is not
// written for clippy (as in the SDK's `pce` module; its pattern types also `unwrap` their
// regex), and `cargo fmt` must leave the files exactly as the generator wrote them.
#[allow(dead_code, clippy::all, clippy::unwrap_used)]
#[rustfmt::skip]
#[path = "expected/directions.rs"]
mod directions;
#[allow(dead_code, clippy::all, clippy::unwrap_used)]
#[rustfmt::skip]
#[path = "expected/discriminated.rs"]
mod discriminated;
#[allow(dead_code, clippy::all, clippy::unwrap_used)]
#[rustfmt::skip]
#[path = "expected/draft04.rs"]
mod draft04;
#[allow(dead_code, clippy::all, clippy::unwrap_used)]
#[rustfmt::skip]
#[path = "expected/lossless.rs"]
mod lossless;
#[allow(dead_code, clippy::all, clippy::unwrap_used)]
#[rustfmt::skip]
#[path = "expected/naming.rs"]
mod naming;
#[allow(dead_code, clippy::all, clippy::unwrap_used)]
#[rustfmt::skip]
#[path = "expected/refs.rs"]
mod refs;

/// Decodes `payload` as a `T`, checks that encoding it gives back the same JSON, and
/// returns it.
fn round_trip<T: DeserializeOwned + Serialize>(payload: Value) -> T {
    let decoded: T = serde_json::from_value(payload.clone())
        .unwrap_or_else(|e| panic!("cannot decode {payload}: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, payload, "decode then encode changed the payload");
    decoded
}

/// Whether `payload` is rejected as a `T`.
fn rejects<T: DeserializeOwned>(payload: Value) -> bool {
    serde_json::from_value::<T>(payload).is_err()
}

mod refs_across_files {
    use super::*;
    use refs::{CommonLabel, Href, Label, Port, RulePut as Rule, State};

    #[test]
    fn a_rule_round_trips_through_every_kind_of_ref() {
        let rule: Rule = round_trip(json!({
            "href": "/orgs/1/sec_policy/draft/rule_sets/1/sec_rules/2",
            "labels": [{"key": "role", "value": "web", "color": "blue"}],
            "port": 443,
            "state": "active",
            "owner": {"key": "app", "value": "crm"},
            "common_label": {"href": "/orgs/1/labels/7"}
        }));
        let labels = rule.labels.expect("labels");
        assert_eq!(labels[0].key, "role");
        assert_eq!(labels[0].extra["color"], "blue");
        assert_eq!(rule.port, Some(Port(443)));
        assert_eq!(rule.state, Some(State::Active));
        assert_eq!(rule.owner.expect("owner").value, "crm");
    }

    #[test]
    fn files_with_the_same_stem_are_different_types() {
        // `common/label` is closed and has an `href`; `v2/label` is open with a key and value.
        let common: CommonLabel = round_trip(json!({"href": "/orgs/1/labels/7"}));
        assert_eq!(common.href.to_string(), "/orgs/1/labels/7");
        assert!(rejects::<CommonLabel>(
            json!({"href": "/orgs/1/labels/7", "key": "role"})
        ));
        let v2: Label = round_trip(json!({"key": "role", "value": "web", "href": "/x"}));
        assert_eq!(v2.extra["href"], "/x");
        assert!(rejects::<Label>(json!({"href": "/orgs/1/labels/7"})));
    }

    #[test]
    fn a_ref_into_another_files_definitions_keeps_its_constraints() {
        assert!(rejects::<Rule>(json!({"href": "/orgs/1/r", "port": 70000})));
        assert!(rejects::<Rule>(json!({"href": "/orgs/1/r", "port": -1})));
        assert_eq!("65535".parse::<Port>().expect("in range"), Port(65535));
    }

    #[test]
    fn a_ref_to_a_string_schema_is_its_named_string_type() {
        // The pattern is validation's to check (and the type's doc says so), not the type's:
        // a type never refuses a string a PCE might send.
        let label: CommonLabel = round_trip(json!({"href": "/labels/7"}));
        assert_eq!(label.href, Href("/labels/7".to_owned()));
        let href: Href = "/orgs/1/labels/7".parse().expect("parses");
        assert_eq!(href.to_string(), "/orgs/1/labels/7");
        assert!(include_str!("expected/refs.rs")
            .contains("/// Pattern `^/orgs/\\[0-9\\]+/`: checked by validation, not by the type."));
    }

    #[test]
    fn the_closed_rule_rejects_unknown_properties_and_missing_required_ones() {
        assert!(rejects::<Rule>(
            json!({"href": "/orgs/1/r", "enabled": true})
        ));
        assert!(rejects::<Rule>(json!({"state": "draft"})));
    }

    #[test]
    fn a_local_definition_enum_prints_and_parses() {
        for state in [State::Active, State::Draft] {
            assert_eq!(state.to_string().parse::<State>().expect("parses"), state);
        }
        assert_eq!(State::Draft.to_string(), "draft");
        assert!("Draft".parse::<State>().is_err());
    }

    #[test]
    fn a_rule_made_in_code_encodes_as_the_pce_reads_it() {
        let href = |h: &str| h.parse::<Href>().expect("href");
        let rule = Rule::new(href("/orgs/1/r"))
            .state(State::Draft)
            .common_label(CommonLabel::new(href("/orgs/1/labels/7")));
        assert_eq!(
            serde_json::to_value(rule).expect("encodes"),
            json!({"href": "/orgs/1/r", "state": "draft", "common_label": {"href": "/orgs/1/labels/7"}})
        );
    }
}

mod draft04_keywords {
    use super::*;
    use draft04::{WorkloadPut as Workload, WorkloadPutMode as WorkloadMode};

    #[test]
    fn the_id_property_survives_the_id_keyword() {
        let workload: Workload = round_trip(json!({"id": 12, "name": "web"}));
        assert_eq!(workload.id.get(), 12);
        assert!(rejects::<Workload>(json!({"name": "web"})));
    }

    #[test]
    fn a_boolean_exclusive_minimum_excludes_the_bound() {
        assert!(rejects::<Workload>(json!({"id": 0, "name": "web"})));
        round_trip::<Workload>(json!({"id": 1, "name": "web"}));
    }

    #[test]
    fn nullable_types_tell_null_from_absent() {
        let nulls: Workload = round_trip(json!({
            "id": 1, "name": "web", "description": null, "port": null, "mode": null
        }));
        assert_eq!(nulls.description, Some(None));
        assert_eq!(nulls.port, Some(None));
        assert_eq!(nulls.mode, Some(None));
        let values: Workload = round_trip(json!({
            "id": 1, "name": "web", "description": "front end", "port": 8080, "mode": "enforced"
        }));
        assert_eq!(values.description, Some(Some("front end".to_owned())));
        assert_eq!(values.port, Some(Some(8080)));
        assert_eq!(values.mode, Some(Some(WorkloadMode::Enforced)));
        let absent: Workload = round_trip(json!({"id": 1, "name": "web"}));
        assert_eq!(absent.description, None);
        assert_eq!(absent.port, None);
        assert_eq!(absent.mode, None);
    }

    #[test]
    fn an_enum_with_null_accepts_only_its_values() {
        assert!(rejects::<Workload>(
            json!({"id": 1, "name": "web", "mode": "other"})
        ));
        assert!(rejects::<Workload>(
            json!({"id": 1, "name": "web", "port": "80"})
        ));
        assert_eq!(
            "idle".parse::<WorkloadMode>().expect("parses"),
            WorkloadMode::Idle
        );
        assert_eq!(WorkloadMode::Enforced.to_string(), "enforced");
    }

    #[test]
    fn a_misspelt_additional_properties_leaves_the_object_open() {
        let workload: Workload = round_trip(json!({
            "id": 1, "name": "web", "hostname": "web-1", "labels": [{"href": "/l/1"}]
        }));
        assert_eq!(workload.extra["hostname"], "web-1");
    }
}

mod naming_table {
    use super::*;
    use naming::{
        Feature, FeatureName, FeatureToggle, KeyedFeatureName, KeyedFeatureToggle, XYPut as XYGet,
        XYPutOrg as XYGetOrg, XYPutOrgPolicy as XYGetOrgPolicy,
    };

    #[test]
    fn nested_arrays_of_objects_get_singular_names() {
        let login: XYGet = round_trip(json!({
            "orgs": [
                {"org_id": 1, "policies": [{"name": "admin"}, {}]},
                {"org_id": 2, "policies": []},
                {"org_id": 3}
            ],
            "features": []
        }));
        let org: &XYGetOrg = &login.orgs[0];
        let policy: &XYGetOrgPolicy = &org.policies.as_ref().expect("policies")[0];
        assert_eq!(policy.name.as_deref(), Some("admin"));
        assert_eq!(login.orgs[1].policies, Some(Vec::new()));
        assert_eq!(login.orgs[2].policies, None);
    }

    #[test]
    fn the_one_of_enum_picks_the_branch_whose_name_matches() {
        let login: XYGet = round_trip(json!({
            "orgs": [],
            "features": [
                {"name": "ui_analytics", "enabled": true},
                {"name": "corporate_ips_groups", "enabled": false, "key": "k"}
            ]
        }));
        assert_eq!(
            login.features,
            [
                Feature::from(FeatureToggle::new(FeatureName::UiAnalytics, true)),
                Feature::from(KeyedFeatureToggle::new(
                    KeyedFeatureName::CorporateIpsGroups,
                    false,
                    "k"
                )),
            ]
        );
    }

    #[test]
    fn the_one_of_enum_rejects_a_name_in_neither_enum() {
        assert!(rejects::<Feature>(
            json!({"name": "no_such_feature", "enabled": true})
        ));
        assert!(rejects::<Feature>(
            json!({"name": "no_such_feature", "enabled": true, "key": "k"})
        ));
        // A name of one branch with the shape of the other fits neither closed object.
        assert!(rejects::<Feature>(
            json!({"name": "ui_analytics", "enabled": true, "key": "k"})
        ));
        assert!(rejects::<Feature>(
            json!({"name": "corporate_ips_groups", "enabled": true})
        ));
    }

    #[test]
    fn a_name_no_branch_has_is_refused_with_the_allowed_names() {
        let error = serde_json::from_value::<Feature>(json!({"name": "nope", "enabled": true}))
            .expect_err("no branch has it");
        assert_eq!(
            error.to_string(),
            r#"`name`: "nope" is not one of the allowed values: "ui_analytics", "lightning_default", "corporate_ips_groups""#
        );
        let error = serde_json::from_value::<Feature>(
            json!({"name": "ui_analytics", "enabled": true, "key": "k"}),
        )
        .expect_err("the chosen branch is closed");
        assert!(
            error.to_string().starts_with("unknown field `key`"),
            "{error}"
        );
    }

    #[test]
    fn each_branch_enum_prints_and_parses_its_own_names_only() {
        for name in [FeatureName::UiAnalytics, FeatureName::LightningDefault] {
            assert_eq!(
                name.to_string().parse::<FeatureName>().expect("parses"),
                name
            );
        }
        assert_eq!(
            FeatureName::LightningDefault.to_string(),
            "lightning_default"
        );
        assert_eq!(
            "corporate_ips_groups"
                .parse::<KeyedFeatureName>()
                .expect("parses"),
            KeyedFeatureName::CorporateIpsGroups
        );
        assert!("corporate_ips_groups".parse::<FeatureName>().is_err());
        assert!("ui_analytics".parse::<KeyedFeatureName>().is_err());
    }

    #[test]
    fn branches_made_in_code_encode_as_the_pce_reads_them() {
        let toggle = FeatureToggle::new(FeatureName::UiAnalytics, true);
        let keyed = KeyedFeatureToggle::new(KeyedFeatureName::CorporateIpsGroups, false, "k");
        let body = vec![Feature::from(toggle), Feature::from(keyed)];
        assert_eq!(
            serde_json::to_value(body).expect("encodes"),
            json!([
                {"name": "ui_analytics", "enabled": true},
                {"name": "corporate_ips_groups", "enabled": false, "key": "k"}
            ])
        );
    }
}

mod lossless_payloads {
    use super::*;
    use lossless::{User, UserPut};

    #[test]
    fn an_open_object_keeps_unknown_properties() {
        let user: User = round_trip(json!({
            "href": "/users/1",
            "last_login_on": "2024-01-01T00:00:00Z",
            "locked": false,
            "preferences": {"theme": "dark", "tags": [1, null]}
        }));
        assert_eq!(user.extra["locked"], false);
        assert_eq!(user.extra["preferences"]["theme"], "dark");
    }

    #[test]
    fn a_response_tells_null_from_absent_and_reads_both_as_none() {
        use illumio_pce_lenient::Object as _;
        let cleared: User =
            round_trip(json!({"href": "/users/1", "last_login_on": null, "time_zone": null}));
        assert_eq!(cleared.time_zone, None);
        assert!(cleared.is_null("time_zone"));
        let set: User = round_trip(
            json!({"href": "/users/1", "last_login_on": null, "time_zone": "Europe/Paris"}),
        );
        assert_eq!(set.time_zone.as_deref(), Some("Europe/Paris"));
        let absent: User = round_trip(json!({"href": "/users/1", "last_login_on": null}));
        assert_eq!(absent.time_zone, None);
        assert!(!absent.is_null("time_zone"));
    }

    #[test]
    fn an_optional_array_tells_empty_from_absent() {
        let empty: User =
            round_trip(json!({"href": "/users/1", "last_login_on": null, "roles": []}));
        assert_eq!(empty.roles, Some(Vec::new()));
        let absent: User = round_trip(json!({"href": "/users/1", "last_login_on": null}));
        assert_eq!(absent.roles, None);
    }

    #[test]
    fn a_response_reads_a_required_property_absent_null_or_of_another_type() {
        let absent: User = round_trip(json!({"last_login_on": null}));
        assert_eq!(absent.href, None);
        let null: User = round_trip(json!({"href": null}));
        assert_eq!(null.href, None);
        let other: User = round_trip(json!({"href": ["/users/1"], "roles": "admin"}));
        assert_eq!((other.href.as_ref(), other.roles.as_ref()), (None, None));
        assert_eq!(other.extra["href"], json!(["/users/1"]));
        assert_eq!(other.extra["roles"], "admin");
        assert!(rejects::<User>(json!("a string where the object is")));
    }

    #[test]
    fn a_closed_request_object_rejects_unknown_properties() {
        assert!(rejects::<UserPut>(
            json!({"time_zone": null, "locked": true})
        ));
        let empty: UserPut = round_trip(json!({}));
        assert_eq!(empty, UserPut::default());
        let clear: UserPut = round_trip(json!({"time_zone": null, "roles": []}));
        assert_eq!(clear.time_zone, Some(None));
        assert_eq!(clear.roles, Some(Vec::new()));
    }

    #[test]
    fn a_request_made_in_code_tells_clear_from_leave_unchanged() {
        let clear = UserPut::new().time_zone(None).roles(Vec::<String>::new());
        assert_eq!(
            serde_json::to_value(clear).expect("encodes"),
            json!({"time_zone": null, "roles": []})
        );
        let set = UserPut::new().time_zone(Some("Europe/Paris".to_owned()));
        assert_eq!(
            serde_json::to_value(set).expect("encodes"),
            json!({"time_zone": "Europe/Paris"})
        );
        assert_eq!(
            serde_json::to_value(UserPut::new()).expect("encodes"),
            json!({})
        );
    }
}

mod directions_of_use {
    use super::*;
    use directions::{
        Contact, State, ThingsGet, ThingsGetKind, ThingsPut, ThingsPutDetail, ThingsPutKind,
    };

    #[test]
    fn a_newer_pces_response_decodes_and_encodes_back_unchanged() {
        // A property, a nested property and enum values this release does not know.
        let thing: ThingsGet = round_trip(json!({
            "href": "/orgs/1/things/1",
            "state": "archived",
            "kind": "container",
            "detail": {"note": "n", "added_later": [1, 2]},
            "owner": {"href": "/users/3"}
        }));
        assert_eq!(thing.state, Some(State::Other("archived".to_owned())));
        assert_eq!(
            thing.kind,
            Some(ThingsGetKind::Other("container".to_owned()))
        );
        assert_eq!(thing.extra["owner"]["href"], "/users/3");
        assert_eq!(
            thing.detail.expect("detail").extra["added_later"],
            json!([1, 2])
        );
        let known: ThingsGet =
            round_trip(json!({"href": "/t", "state": "active", "kind": "server"}));
        assert_eq!(
            (known.state, known.kind),
            (Some(State::Active), Some(ThingsGetKind::Server))
        );
    }

    #[test]
    fn a_request_type_stays_strict_down_its_refs() {
        let body = json!({"name": "web", "kind": "server", "detail": {"note": "n"}});
        round_trip::<ThingsPut>(body);
        assert!(rejects::<ThingsPut>(json!({"name": "web", "kind": "vm"})));
        assert!(rejects::<ThingsPut>(
            json!({"name": "web", "kind": "server", "owner": 1})
        ));
        assert!(rejects::<ThingsPut>(
            json!({"name": "web", "kind": "server", "detail": {"note": "n", "x": 1}})
        ));
        assert!("vm".parse::<ThingsPutKind>().is_err());
    }

    #[test]
    fn a_schema_both_directions_reach_reads_leniently() {
        // `common/state` is reached from the GET and the PUT.
        let state: State = "archived".parse().expect("cannot fail");
        assert_eq!(state.as_str(), "archived");
        round_trip::<ThingsPut>(json!({"name": "web", "kind": "server", "state": "archived"}));
    }

    #[test]
    fn a_schema_both_directions_reach_is_built_with_its_required_properties_and_may_send_null() {
        use illumio_pce_lenient::Object as _;
        let contact = Contact::new("ops@example.com", "+1 555").team(Some("web".to_owned()));
        assert_eq!(
            serde_json::to_value(&contact).expect("encodes"),
            json!({"email": "ops@example.com", "phone": "+1 555", "team": "web"})
        );
        // `phone` is required and may be `null`: `new` takes it, its setter sends `null`.
        let cleared = Contact::new("ops@example.com", "+1 555")
            .phone(None)
            .team(None);
        assert_eq!(
            serde_json::to_value(&cleared).expect("encodes"),
            json!({"email": "ops@example.com", "phone": null, "team": null})
        );
        let body = ThingsPut::new("web", ThingsPutKind::Server).contact(cleared);
        let read: Contact =
            round_trip(serde_json::to_value(&body).expect("encodes")["contact"].clone());
        assert_eq!(read.phone, None);
        assert!(read.is_null("phone"));
    }

    #[test]
    fn a_request_is_built_from_its_required_properties() {
        let body = ThingsPut::new("web", ThingsPutKind::Server)
            .state(State::Draft)
            .description(None)
            .detail(ThingsPutDetail::new("n").priority(2));
        assert_eq!(
            serde_json::to_value(body).expect("encodes"),
            json!({"name": "web", "kind": "server", "state": "draft", "description": null,
                   "detail": {"note": "n", "priority": 2}})
        );
    }
}

mod discriminated_unions {
    use super::*;
    use discriminated::{
        EventGetCreatedBy, EventsGet, TogglePut, TogglePutEditableDnsClientRule,
        TogglePutEditableDnsClientRuleName, TogglesPut,
    };

    #[test]
    fn the_branch_is_picked_by_the_value_of_name() {
        let toggles: TogglesPut = round_trip(json!([
            {"name": "ui_analytics", "enabled": true},
            {"name": "editable_dns_client_rule", "enabled": false, "key": "k"}
        ]));
        assert!(matches!(toggles[0], TogglePut::UiAnalytics(_)));
        assert_eq!(
            toggles[1],
            TogglePut::EditableDnsClientRule(
                TogglePutEditableDnsClientRule::new(
                    TogglePutEditableDnsClientRuleName::EditableDnsClientRule,
                    false
                )
                .key("k")
            )
        );
    }

    #[test]
    fn a_value_no_branch_has_names_the_property_and_the_values() {
        let error = serde_json::from_value::<TogglePut>(json!({"name": "x", "enabled": true}))
            .expect_err("no branch");
        assert_eq!(
            error.to_string(),
            r#"`name`: "x" is not one of the allowed values: "ui_analytics", "lightning_default", "editable_dns_client_rule""#
        );
        assert!(rejects::<TogglePut>(json!({"name": "ui_analytics"})));
        assert!(rejects::<TogglePut>(json!({"enabled": true})));
    }

    #[test]
    fn the_branch_is_picked_by_the_property_it_has() {
        let events: EventsGet = round_trip(json!([
            {"href": "/e/1", "created_by": {"user": {"href": "/users/1", "username": "a"}}},
            {"href": "/e/2", "created_by": {"agent": {"href": "/agents/2"}, "seen": true}}
        ]));
        assert!(matches!(
            events[0].created_by.as_deref(),
            Some(EventGetCreatedBy::User(_))
        ));
        let Some(EventGetCreatedBy::Agent(agent)) = events[1].created_by.as_deref() else {
            panic!("an agent: {:?}", events[1].created_by);
        };
        assert_eq!(agent.extra["seen"], true);
    }

    #[test]
    fn a_response_union_reads_what_no_branch_tells_apart_and_keeps_another_type() {
        let events: EventsGet = round_trip(json!([
            {"href": "/e/1", "created_by": {"system": {}}},
            {"href": "/e/2", "created_by": "system"}
        ]));
        let Some(EventGetCreatedBy::User(first)) = events[0].created_by.as_deref() else {
            panic!("the first branch: {:?}", events[0].created_by);
        };
        assert_eq!(first.extra["system"], json!({}));
        assert_eq!(events[1].created_by, None);
        assert_eq!(events[1].extra["created_by"], "system");
        let error = serde_json::from_value::<EventGetCreatedBy>(json!("system"))
            .expect_err("no branch holds a string");
        assert_eq!(
            error.to_string(),
            "a value no branch of `EventGetCreatedBy` can hold"
        );
    }
}
