//! Type names survive what a PCE release typically changes. Illumio's 25.2.20 bundle (when it
//! is beside the project) is copied to a temporary folder with one kind of change applied
//! everywhere, as the next release might: enum values added, an optional property added to
//! every schema file's root, a new schema file, an optional property added to every object.
//! Every type name of the bundle must come back. And between the two published bundles,
//! 25.2.20 and 26.3.0, at least 99.7% of 25.2.20's names come back.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use illumio_pce_codegen::Settings;
use serde_json::{json, Value};

/// The published bundle, when it is here.
fn bundle() -> Option<PathBuf> {
    published("25.2.20")
}

/// A published bundle, when it is here.
fn published(release: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/pce-api-bundles")
        .join(release);
    dir.is_dir().then_some(dir)
}

/// The module generated for `v2`.
fn generate(v2: &Path) -> illumio_pce_codegen::Module {
    let settings = Settings::new().allow_missing_refs(true);
    illumio_pce_codegen::generate(v2, &settings).expect("generates")
}

/// The type names of the module generated for `v2`.
fn names(v2: &Path) -> BTreeSet<String> {
    generate(v2).type_names.into_values().collect()
}

#[test]
fn the_bundles_module_is_the_same_every_time() {
    let Some(bundle) = bundle() else {
        eprintln!("../shared/pce-api-bundles is not here: nothing to check");
        return;
    };
    // Every hash map of the generator gets a new random seed, so two runs in one process
    // would differ if any output depended on a map's order.
    assert_eq!(generate(&bundle.join("v2")), generate(&bundle.join("v2")));
}

/// One kind of change a release makes.
#[derive(Clone, Copy)]
enum Change {
    /// Every string enum gains a value (the same for the same enum wherever it is written).
    EnumValues,
    /// Every file's root object gains an optional property.
    RootProperty,
    /// Every object gains an optional property.
    EveryProperty,
}

fn change(schema: &mut Value, how: Change, root: bool) {
    match schema {
        Value::Object(map) => {
            if let (Change::EnumValues, Some(Value::Array(values))) = (how, map.get_mut("enum")) {
                if let Some(first) = values.first().and_then(Value::as_str).map(str::to_owned) {
                    values.push(json!(format!("{first}_added_in_{}_values", values.len())));
                }
            }
            let adds = match how {
                Change::RootProperty => root,
                Change::EveryProperty => true,
                Change::EnumValues => false,
            };
            if let (true, Some(Value::Object(properties))) = (adds, map.get_mut("properties")) {
                properties.insert(
                    "added_in_next_release".to_owned(),
                    json!({"type": "string"}),
                );
            }
            map.values_mut().for_each(|v| change(v, how, false));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| change(v, how, false)),
        _ => {}
    }
}

/// A copy of the bundle's schema folders (and its `openapi.json`, which names the objects) in
/// a temporary folder, changed; its `v2`.
fn next_release(bundle: &Path, name: &str, how: Option<Change>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-stability-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for folder in ["v2", "common"] {
        std::fs::create_dir_all(dir.join(folder)).expect("creates the folder");
        for entry in std::fs::read_dir(bundle.join(folder)).expect("lists the bundle") {
            let path = entry.expect("an entry").path();
            if !path.to_string_lossy().ends_with(".schema.json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("reads");
            let mut schema: Value = serde_json::from_str(&text).expect("JSON");
            if let Some(how) = how {
                change(&mut schema, how, true);
            }
            let name = path.file_name().expect("a file name");
            std::fs::write(dir.join(folder).join(name), schema.to_string()).expect("writes");
        }
    }
    std::fs::copy(bundle.join("openapi.json"), dir.join("openapi.json")).expect("copies");
    dir.join("v2")
}

#[test]
fn names_survive_what_a_release_adds() {
    let Some(bundle) = bundle() else {
        eprintln!("../shared/pce-api-bundles is not here: nothing to check");
        return;
    };
    let before = names(&bundle.join("v2"));
    assert!(before.len() > 700, "{}", before.len());
    let new_file = next_release(&bundle, "new-file", None);
    std::fs::write(
        new_file.join("aaa_reports_get.schema.json"),
        r#"{"type": "object", "properties": {
            "created_by": {"type": "object", "required": ["href"], "properties": {"href": {"type": "string"}}},
            "workload": {"type": "object", "additionalProperties": false, "required": ["href"], "properties": {"href": {"type": "string"}}}
        }}"#,
    )
    .expect("writes the new file");
    let cases = [
        (
            "enum values added",
            next_release(&bundle, "enums", Some(Change::EnumValues)),
        ),
        (
            "a property added to every root",
            next_release(&bundle, "roots", Some(Change::RootProperty)),
        ),
        ("a new schema file", new_file),
    ];
    for (what, v2) in cases {
        let after = names(&v2);
        let gone: Vec<&String> = before.difference(&after).collect();
        assert!(gone.is_empty(), "{what}: {gone:?} renamed");
    }
    let after = names(&next_release(&bundle, "every", Some(Change::EveryProperty)));
    let gone: Vec<&String> = before.difference(&after).collect();
    assert!(
        gone.is_empty(),
        "a property added everywhere: {gone:?} renamed"
    );
}

#[test]
fn names_come_back_from_one_published_release_to_the_next() {
    let (Some(old), Some(new)) = (published("25.2.20"), published("26.3.0")) else {
        eprintln!("../shared/pce-api-bundles is not here: nothing to check");
        return;
    };
    let before = names(&old.join("v2"));
    let after = names(&new.join("v2"));
    let gone: Vec<&String> = before.difference(&after).collect();
    let kept = before.len() - gone.len();
    eprintln!(
        "25.2.20 → 26.3.0: {kept} of {} type names come back ({:.2}%); gone: {gone:?}",
        before.len(),
        kept as f64 * 100.0 / before.len() as f64
    );
    assert!(kept * 1000 >= before.len() * 997, "{gone:?} renamed");
}
