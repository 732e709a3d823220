//! Payload validation against the embedded schemas and schema files: every violation with
//! its pointer, keyword and a message that says why each `oneOf` branch failed; unknown
//! releases and schemas listed; `$ref`s across files resolved for embedded and on-disk
//! schemas alike, never fetched from the network.

use std::path::PathBuf;

use illumio_pce::validation::{
    latest_release, releases, schema_names, schema_text, validate, Reading, SchemaFile,
};
use illumio_pce::Error;
use serde_json::json;

#[test]
fn a_valid_payload_has_no_violations_in_any_release() {
    for release in releases() {
        let body = json!([{"name": "ui_analytics", "enabled": true}]);
        assert_eq!(
            validate(release, "optional_features_put", &body).expect("embedded"),
            []
        );
    }
}

#[test]
fn a_one_of_violation_says_why_each_branch_failed() {
    let violations = validate(
        "24.1",
        "optional_features_put",
        &json!([{"name": "core_insights", "enabled": true}]),
    )
    .expect("embedded");
    assert_eq!(violations.len(), 1);
    let message = &violations[0].message;
    assert_eq!(
        (
            violations[0].pointer.as_str(),
            violations[0].keyword.as_str()
        ),
        ("/0", "oneOf")
    );
    assert!(
        message.contains(
            r#"branch 1 fails: `name`: "core_insights" is not one of the 13 allowed values"#
        ),
        "{message}"
    );
    assert!(message.contains(r#"is not one of the 2 allowed values: "editable_dns_client_rule", "editable_dhcp_client_rule""#), "{message}");
    // The same name is fine a release later.
    assert_eq!(
        validate(
            "25.2",
            "optional_features_put",
            &json!([{"name": "core_insights", "enabled": true}])
        )
        .expect("embedded"),
        []
    );
}

#[test]
fn every_violation_is_reported_with_its_pointer() {
    let body = json!([{"name": "ui_analytics", "enabled": true}, {"name": "ui_analytics"}, 7]);
    let pointers: Vec<String> = validate("25.2", "optional_features_put", &body)
        .expect("embedded")
        .into_iter()
        .map(|v| v.pointer)
        .collect();
    assert_eq!(pointers, ["/1", "/2"]);
}

#[test]
fn refs_across_embedded_files_are_followed() {
    let violations = validate(
        "25.2",
        "optional_features_get",
        &json!([{"name": "x", "enabled": true, "extra": 1}]),
    )
    .expect("embedded");
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].keyword, "additionalProperties");
    assert!(
        violations[0].message.contains("unknown property `extra`"),
        "{}",
        violations[0].message
    );
}

#[test]
fn schema_names_are_accepted_in_every_spelling() {
    for name in [
        "optional_features_put",
        "optional_features_put.schema.json",
        "v2/optional_features_put.schema.json",
    ] {
        assert!(
            validate(latest_release(), name, &json!([])).is_ok(),
            "{name}"
        );
    }
    assert!(schema_text("23.3", "optional_features_put")
        .expect("embedded")
        .contains("illumination_classic"));
}

#[test]
fn unknown_releases_and_schemas_list_the_known_ones() {
    let error = validate("9.9", "optional_features_put", &json!([])).expect_err("no such release");
    assert!(matches!(error, Error::UnknownRelease { .. }));
    assert_eq!(
        error.to_string(),
        "unknown PCE release 9.9; known: 23.3, 24.1, 25.2"
    );
    let error = validate("25.2", "labels_get", &json!([])).expect_err("no such schema");
    assert!(error.to_string().starts_with(
        "release 25.2 has no schema labels_get; known: login_users_authenticate_post_response, "
    ));
    assert_eq!(schema_names("25.2").expect("known").len(), 5);
}

/// A two-file schema bundle in a fresh temporary folder.
fn bundle(name: &str, item: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pce-validation-{}-{name}", std::process::id()));
    std::fs::create_dir_all(dir.join("common")).expect("creates the folder");
    std::fs::write(
        dir.join("list.schema.json"),
        r#"{"type": "array", "items": {"$ref": "common/item.schema.json"}}"#,
    )
    .expect("writes");
    std::fs::write(dir.join("common/item.schema.json"), item).expect("writes");
    dir.join("list.schema.json")
}

#[test]
fn a_schema_file_resolves_its_refs_relative_to_itself() {
    let path = bundle(
        "ok",
        r#"{"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}"#,
    );
    let schema = SchemaFile::load(&path).expect("compiles");
    assert_eq!(schema.validate(&json!([{"id": 1}])), []);
    let violations = schema.validate(&json!([{"id": "one"}, {}]));
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.pointer.as_str(), v.keyword.as_str()))
        .collect();
    assert_eq!(found, [("/0/id", "type"), ("/1", "required")]);
}

#[test]
fn a_schema_file_with_a_missing_ref_is_an_error() {
    let path = bundle("missing", r#"{"$ref": "absent.schema.json"}"#);
    let error = SchemaFile::load(&path).expect_err("absent target");
    assert!(matches!(error, Error::Schema { .. }), "{error:?}");
    assert!(error.to_string().contains("absent.schema.json"), "{error}");
}

/// Writes `files` (path inside the bundle, text) into a fresh bundle folder.
fn bundle_files(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pce-bundle-{}-{name}", std::process::id()));
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("creates");
        std::fs::write(path, text).expect("writes");
    }
    dir
}

#[test]
fn a_bundle_file_is_read_through_the_repairs_the_generator_uses() {
    let dir = bundle_files(
        "repairs",
        &[
            (
                "v2/health_get.schema.json",
                r##"{"type": "array", "items": {"$ref": "health_definitions.schema.json#/definitions/node"}}"##,
            ),
            (
                "v2/health_definitions.schema.json",
                r##"{"definitions": {
                    "node": {"type": "object", "properties": {"cluster": {"$ref": "#definitions/cluster"}}},
                    "cluster": {"type": "object", "required": ["fqdn"], "properties": {"fqdn": {"type": "string"}}}
                }}"##,
            ),
        ],
    );
    let schema = SchemaFile::load(&dir.join("v2/health_get.schema.json")).expect("compiles");
    assert_eq!(schema.validate(&json!([{"cluster": {"fqdn": "pce"}}])), []);
    let violations = schema.validate(&json!([{"cluster": {}}]));
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].pointer, "/0/cluster");
    assert_eq!(
        schema.repairs(),
        ["v2/health_definitions.schema.json#/definitions/node/properties/cluster: repair `ref_fragment_slash`"]
    );
}

#[test]
fn a_ref_is_read_where_it_lies_even_outside_the_bundle() {
    let dir = bundle_files(
        "outside",
        &[
            (
                "b/v2/stats.schema.json",
                r#"{"type": "object", "properties": {"data": {"$ref": "../../outside.schema.json"}, "n": {"type": "integer"}}}"#,
            ),
            ("outside.schema.json", r#"{"type": "string"}"#),
        ],
    );
    let schema = SchemaFile::load(&dir.join("b/v2/stats.schema.json")).expect("compiles");
    assert_eq!(schema.validate(&json!({"data": "x", "n": 1})), []);
    let violations = schema.validate(&json!({"data": 5}));
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].pointer, "/data");
    assert_eq!(schema.repairs(), [] as [String; 0]);
}

#[test]
fn a_ref_outside_the_bundle_to_no_file_points_nowhere_and_allows_any_value() {
    let dir = bundle_files(
        "nowhere",
        &[(
            "b/v2/stats.schema.json",
            r#"{"type": "object", "properties": {"data": {"$ref": "../../../agent/v2/series.schema.json"}, "n": {"type": "integer"}}}"#,
        )],
    );
    let schema = SchemaFile::load(&dir.join("b/v2/stats.schema.json")).expect("compiles");
    assert_eq!(schema.validate(&json!({"data": 5})), []);
    assert_eq!(schema.validate(&json!({"n": "x"})).len(), 1);
    assert!(
        schema
            .repairs()
            .iter()
            .any(|r| r.contains("does not exist") && r.contains("ref_outside_bundle")),
        "{:?}",
        schema.repairs()
    );
}

#[test]
fn a_schema_folder_not_named_v2_reads_the_common_folder_beside_it() {
    let dir = bundle_files(
        "renamed",
        &[
            (
                "schemas/profile_put.schema.json",
                r#"{"type": "object", "properties": {"mode": {"$ref": "../common/mode.schema.json"}}}"#,
            ),
            ("common/mode.schema.json", r#"{"enum": ["idle", "full"]}"#),
        ],
    );
    let schema = SchemaFile::load(&dir.join("schemas/profile_put.schema.json")).expect("compiles");
    assert_eq!(schema.validate(&json!({"mode": "full"})), []);
    let violations = schema.validate(&json!({"mode": "bogus"}));
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].keyword, "enum");
}

#[test]
fn a_response_is_judged_the_way_pces_answer() {
    let dir = bundle_files(
        "response",
        &[
            (
                "v2/workloads_get.schema.json",
                r#"{"type": "array", "items": {"$ref": "../common/workload.schema.json"}}"#,
            ),
            (
                "common/workload.schema.json",
                r#"{"type": "object", "required": ["href", "name"], "properties": {
                    "href": {"type": "string"}, "name": {"type": "string"},
                    "ven": {"oneOf": [{"type": "object", "required": ["href"]}, {"type": "object", "required": ["name"]}]}
                }}"#,
            ),
        ],
    );
    let path = dir.join("v2/workloads_get.schema.json");
    let body = json!([{"href": "/orgs/1/workloads/a", "name": null, "ven": {}}]);
    let published = SchemaFile::load(&path).expect("compiles");
    let found: Vec<String> = published
        .validate(&body)
        .into_iter()
        .map(|v| v.keyword)
        .collect();
    assert_eq!(
        found,
        ["type", "oneOf"],
        "as published: a null name, a ven of no branch"
    );
    let answer = SchemaFile::load_as(&path, Reading::Response).expect("compiles");
    assert_eq!(answer.validate(&body), []);
    assert_eq!(answer.validate(&json!([{}])), []);
    let violations = answer.validate(&json!([{"href": 7}]));
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].pointer, "/0/href");
}

/// The published 25.2.20 bundle, when it is beside the project.
fn published_bundle() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/pce-api-bundles/25.2.20");
    dir.is_dir().then_some(dir)
}

#[test]
fn the_published_health_schema_validates_with_its_anchor_repaired() {
    let Some(bundle) = published_bundle() else {
        eprintln!("../shared/pce-api-bundles is not here: nothing to check");
        return;
    };
    let schema = SchemaFile::load(&bundle.join("v2/health_get.schema.json")).expect("compiles");
    assert!(
        schema
            .repairs()
            .iter()
            .any(|r| r.contains("ref_fragment_slash")),
        "{:?}",
        schema.repairs()
    );
    assert_eq!(schema.validate(&json!([])), []);
    assert!(!schema.validate(&json!([{"status": 1}])).is_empty());
}
