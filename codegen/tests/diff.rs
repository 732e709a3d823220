//! The schema diff on the fixture pairs under `tests/fixtures/diff/<case>/`, each with its
//! expected Markdown and JSON reports (`EXPECTORATE=overwrite` rewrites them), and on the
//! releases in `schemas/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use illumio_pce_codegen::diff::{self, Kind, Report};
use illumio_pce_codegen::{Direction, Settings};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

/// The report on one fixture pair, its folders named `<case>/old` and `<case>/new`.
fn fixture_report(case: &str) -> Report {
    let dir = fixtures().join(case);
    let resolve = |side: &str| {
        illumio_pce_codegen::resolve(&dir.join(side), &Settings::new()).expect("resolves")
    };
    diff::report(
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
    assert_eq!(kinds.len(), 13, "{kinds:?}");
    assert!(seen.iter().any(|(_, breaking)| *breaking));
    assert!(seen.iter().any(|(_, breaking)| !*breaking));
}

#[test]
fn a_response_that_admits_null_breaks_nobody_a_request_that_does_breaks_its_builders() {
    let report = fixture_report("nullable");
    let verdicts: Vec<(&str, &str, bool)> = report
        .changes
        .iter()
        .map(|c| {
            let kind = match c.kind {
                Kind::NullAdded => "null added",
                Kind::NullRemoved => "null removed",
                _ => "other",
            };
            (c.schema.as_str(), kind, c.breaking)
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("v2/thing_get.schema.json", "null added", false),
            ("v2/thing_get.schema.json", "null removed", false),
            ("v2/thing_get.schema.json", "other", true),
            ("v2/thing_put.schema.json", "null added", true),
            ("v2/thing_put.schema.json", "null removed", true),
        ],
        "an item that admits null changes its Rust type (`Vec<Option<T>>`)"
    );
}

#[test]
fn an_upstream_fix_a_repair_anticipated_names_the_schema_and_the_repair() {
    let report = fixture_report("upstream_fix");
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.schema == "v2/device_state_get.schema.json"),
        "{:?}",
        report.changes
    );
    let repairs: Vec<(&str, &str, diff::RepairChange)> = report
        .repairs
        .iter()
        .map(|r| (r.schema.as_str(), r.repair, r.change))
        .collect();
    assert_eq!(
        repairs,
        [
            (
                "v2/device_config.schema.json",
                "properties_outside_properties",
                diff::RepairChange::NoLongerNeeded
            ),
            (
                "v2/device_state_get.schema.json",
                "properties_outside_properties",
                diff::RepairChange::NoLongerApplies
            ),
            (
                "v2/device_state_get.schema.json",
                "properties_outside_properties",
                diff::RepairChange::NowApplies
            ),
        ]
    );
    assert!(report.markdown().contains(
        "`device_config` (the root): repair `properties_outside_properties` no longer needed"
    ));
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

/// The report on two releases of `schemas/`.
fn release_report(old: &str, new: &str) -> Report {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    diff::folders(
        &schemas.join(old),
        &Settings::new(),
        &schemas.join(new),
        &Settings::new(),
    )
    .expect("compares the releases")
}

#[test]
fn no_response_schema_changes_between_the_real_releases() {
    for (old, new) in [("23.3", "24.1"), ("24.1", "25.2"), ("23.3", "25.2")] {
        let report = release_report(old, new);
        let responses: Vec<_> = report
            .changes
            .iter()
            .filter(|c| c.direction != Direction::Request)
            .collect();
        assert!(responses.is_empty(), "{old} → {new}: {responses:?}");
        assert_eq!(report.summary.breaking, 0, "{old} → {new}");
    }
}

#[test]
fn a_missing_folder_is_an_error_that_names_it() {
    let error = diff::folders(
        Path::new("no/such/folder"),
        &Settings::new(),
        Path::new("x"),
        &Settings::new(),
    )
    .expect_err("compared a missing folder");
    assert!(error.to_string().contains("no/such/folder"), "{error}");
}
