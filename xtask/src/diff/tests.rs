//! Tests of `cargo xtask diff`: the fixture pairs under `xtask/tests/fixtures/diff/<case>/`,
//! each with its expected Markdown and JSON reports (`EXPECTORATE=overwrite` rewrites them),
//! and the real releases in `schemas/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::report::{Kind, Summary};
use super::*;

fn fixtures() -> PathBuf {
    project_root().join("xtask/tests/fixtures/diff")
}

/// The report on one fixture pair, its folders named `<case>/old` and `<case>/new`.
fn fixture_report(case: &str) -> Report {
    let dir = fixtures().join(case);
    let resolve = |side: &str| resolve(&dir.join(side), &Settings::new()).expect("resolves");
    report(
        &format!("{case}/old"),
        &resolve("old"),
        &format!("{case}/new"),
        &resolve("new"),
    )
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures())
        .expect("lists the fixtures")
        .map(|e| {
            e.expect("reads an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn fixture_reports_match_their_snapshots() {
    for case in cases() {
        let report = fixture_report(&case);
        let dir = fixtures().join(&case);
        expectorate::assert_contents(dir.join("report.md"), &report.markdown());
        let json = serde_json::to_string_pretty(&report).expect("serializes") + "\n";
        expectorate::assert_contents(dir.join("report.json"), &json);
    }
}

#[test]
fn the_fixtures_cover_every_kind_of_change_both_ways() {
    let mut seen = BTreeSet::new();
    for case in cases() {
        for change in fixture_report(&case).changes {
            let name = serde_json::to_value(&change).expect("serializes")["kind"].to_string();
            seen.insert((name, change.breaking));
        }
    }
    let kinds: BTreeSet<&str> = seen.iter().map(|(k, _)| k.trim_matches('"')).collect();
    assert_eq!(kinds.len(), 11, "{kinds:?}");
    assert!(seen.iter().any(|(_, breaking)| *breaking));
    assert!(seen.iter().any(|(_, breaking)| !*breaking));
}

#[test]
fn a_shared_file_change_shows_once_under_each_user() {
    let report = fixture_report("shared_ref");
    let added: Vec<(&str, &str, &[String])> = report
        .changes
        .iter()
        .filter(|c| matches!(&c.kind, Kind::PropertyAdded { property, .. } if property == "key"))
        .map(|c| (c.schema.as_str(), c.pointer.as_str(), c.also_at.as_slice()))
        .collect();
    assert_eq!(
        added,
        [
            ("common/label.schema.json", "", &[][..]),
            (
                "v2/rules_get.schema.json",
                "/items/properties/consumers/items",
                &["/items/properties/providers/items".to_owned()][..]
            ),
            (
                "v2/rules_put.schema.json",
                "/properties/labels/items",
                &[][..]
            ),
        ]
    );
    assert_eq!(report.changes.len(), 3, "re-indenting href is no change");
    assert!(report
        .changes
        .iter()
        .all(|c| c.rust_name.as_deref() == Some("Label")));
}

#[test]
fn reformatting_and_moving_a_schema_into_a_shared_file_is_no_change() {
    let report = fixture_report("no_changes");
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert_eq!(report.summary.line(), "no changes");
}

/// The report on two releases of `schemas/`, named as in the changelog.
fn release_report(old: &str, new: &str) -> Report {
    let schemas = Path::new("schemas");
    diff_folders(
        &project_root().join(schemas).join(old),
        &project_root().join(schemas).join(new),
    )
    .expect("compares the releases")
}

#[test]
fn from_23_3_to_24_1_ten_feature_names_are_added_and_nothing_breaks() {
    let report = release_report("23.3", "24.1");
    assert_eq!(
        report.summary,
        Summary {
            enum_values_added: 10,
            ..Summary::default()
        }
    );
    let [change] = report.changes.as_slice() else {
        panic!("one change expected: {:?}", report.changes);
    };
    assert_eq!(change.schema, "v2/optional_features_put.schema.json");
    assert_eq!(change.rust_name.as_deref(), Some("FeatureName"));
    assert_eq!(change.pointer, "/items/oneOf/0/properties/name");
    let Kind::EnumValuesAdded { values } = &change.kind else {
        panic!("{change:?}");
    };
    assert_eq!(
        values.first(),
        Some(&"ransomware_readiness_dashboard".into())
    );
    assert_eq!(values.last(), Some(&"rule_based_label_mapping".into()));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn from_24_1_to_25_2_three_feature_names_are_added_and_nothing_breaks() {
    let report = release_report("24.1", "25.2");
    assert_eq!(report.summary.line(), "3 enum values added, 0 breaking");
    let [change] = report.changes.as_slice() else {
        panic!("one change expected: {:?}", report.changes);
    };
    assert_eq!(change.rust_name.as_deref(), Some("FeatureName"));
    assert_eq!(
        change.kind,
        Kind::EnumValuesAdded {
            values: vec![
                "core_insights".into(),
                "rule_info_exposure_to_syslog".into(),
                "container_cluster_label_set_based_kubernetes_workload_instructions".into(),
            ]
        }
    );
    assert!(report.markdown().contains(
        "- `FeatureName` (`items/oneOf/0/name`): enum values added: `core_insights`, \
         `rule_info_exposure_to_syslog`, "
    ));
}

#[test]
fn no_response_schema_changes_between_the_real_releases() {
    for (old, new) in [("23.3", "24.1"), ("24.1", "25.2"), ("23.3", "25.2")] {
        let report = release_report(old, new);
        let responses: Vec<_> = report
            .changes
            .iter()
            .filter(|c| c.direction != rules::Direction::Request)
            .collect();
        assert!(responses.is_empty(), "{old} → {new}: {responses:?}");
        assert_eq!(report.summary.breaking, 0, "{old} → {new}");
    }
}

#[test]
fn a_missing_folder_is_a_failure_that_names_it() {
    let Err(Failure(message)) = diff_folders(Path::new("no/such/folder"), Path::new("x")) else {
        panic!("compared a missing folder");
    };
    assert!(
        message.starts_with("no/such/folder: cannot read"),
        "{message}"
    );
}
