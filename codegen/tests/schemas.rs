//! Snapshot tests: each folder of draft-04 schemas in `tests/fixtures/` is generated and
//! compared with `tests/expected/<case>.rs`, so any change in the generated Rust shows up
//! in review. Regenerate with `EXPECTORATE=overwrite cargo test -p illumio-pce-codegen`.

use std::path::Path;

use illumio_pce_codegen::Settings;

/// The header command every snapshot names.
const COMMAND: &str = "`EXPECTORATE=overwrite cargo test -p illumio-pce-codegen`";

/// Generates `tests/fixtures/<case>` and compares it with `tests/expected/<case>.rs`.
fn check(case: &str, settings: Settings) {
    let dir = Path::new("tests/fixtures").join(case);
    let module = illumio_pce_codegen::generate(&dir, &settings.command(COMMAND))
        .unwrap_or_else(|e| panic!("{case}: {e}"));
    assert!(module.warnings.is_empty(), "{case}: {:?}", module.warnings);
    expectorate::assert_contents(format!("tests/expected/{case}.rs"), &module.source);
}

#[test]
fn refs() {
    check("refs", Settings::new());
}

#[test]
fn draft04() {
    check("draft04", Settings::new());
}

#[test]
fn naming() {
    let file = "x_y_put.schema.json";
    let settings = Settings::new()
        .name(file, "/properties/features/items", "Feature")
        .name(file, "/properties/features/items/oneOf/0", "FeatureToggle")
        .name(
            file,
            "/properties/features/items/oneOf/0/properties/name",
            "FeatureName",
        )
        .name(
            file,
            "/properties/features/items/oneOf/1",
            "KeyedFeatureToggle",
        )
        .name(
            file,
            "/properties/features/items/oneOf/1/properties/name",
            "KeyedFeatureName",
        );
    check("naming", settings);
}

#[test]
fn lossless() {
    check("lossless", Settings::new());
}

#[test]
fn directions() {
    check("directions", Settings::new());
}

#[test]
fn discriminated() {
    check("discriminated", Settings::new());
}
