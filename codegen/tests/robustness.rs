//! The generator never panics on bad input: real schemas, damaged at random places with
//! values that are wrong in the ways published schemas are wrong (bad types, empty lists,
//! dangling `$ref`s, unsupported constructs), generate or fail with an error that names the
//! file, every time.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::{json, Value};

/// Values put in place of a random node of a schema.
fn damage() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(-1),
        json!(1.5),
        json!("object"),
        json!([]),
        json!({}),
        json!(["string", "null"]),
        json!(["a", 1, null]),
        json!({"$ref": "#"}),
        json!({"$ref": "#/definitions/none"}),
        json!({"$ref": "absent.schema.json"}),
        json!({"$ref": "http://example.com/x.json"}),
        json!({"enum": [null]}),
        json!({"enum": [1, "a"]}),
        json!({"type": "string", "enum": [1]}),
        json!({"not": {"enum": [null]}}),
        json!({"oneOf": []}),
        json!({"allOf": [{"type": "string"}, {"type": "integer"}]}),
        json!({"anyOf": [{"type": "object", "properties": {"a": {}}}, {"type": "null"}]}),
        json!({"type": "array", "items": [{}, {"type": "null"}]}),
        json!({"type": "string", "pattern": "["}),
        json!({"type": "integer", "minimum": 5, "maximum": 1, "exclusiveMinimum": true}),
        json!({"type": ["object", "null"], "properties": {"x": {"type": "string"}}}),
        json!({"type": "object", "properties": {"extra": {}, "type": {}, "self": {}, "": {}, "1a": {}}}),
        json!({"additionalProperties": {"type": "integer"}, "patternProperties": {"^a": {}}}),
        json!({"required": ["absent"], "default": {"a": 1}}),
    ]
}

/// The schema files to damage: every release of the project and the generator's fixtures.
fn schema_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut pending = vec![root.join("../schemas"), root.join("tests/fixtures")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("reads the folder") {
            let path = entry.expect("lists the folder").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(".schema.json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn node_count(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(node_count).sum(),
        Value::Object(map) => map.values().map(node_count).sum(),
        _ => 0,
    }
}

/// Replaces the `index`-th node (depth first, the root being 0) by `with`.
fn replace_node(value: &mut Value, index: &mut usize, with: &Value) -> bool {
    if *index == 0 {
        *value = with.clone();
        return true;
    }
    *index -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|v| replace_node(v, index, with)),
        Value::Object(map) => map.values_mut().any(|v| replace_node(v, index, with)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn damaged_schemas_generate_or_fail_without_panicking(
        file in any::<prop::sample::Index>(),
        damages in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..4),
        allow_missing_refs in any::<bool>(),
    ) {
        let files = schema_files();
        let values = damage();
        let source = file.get(&files);
        let mut schema: Value =
            serde_json::from_str(&std::fs::read_to_string(source).expect("reads")).expect("parses");
        for (node, value) in &damages {
            let mut index = node.index(node_count(&schema));
            replace_node(&mut schema, &mut index, value.get(&values));
        }
        let dir = std::env::temp_dir().join(format!("codegen-robustness-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creates the folder");
        std::fs::write(dir.join("damaged.schema.json"), schema.to_string()).expect("writes");
        let settings = illumio_pce_codegen::Settings::new().allow_missing_refs(allow_missing_refs);
        let outcome = std::panic::catch_unwind(|| illumio_pce_codegen::generate(&dir, &settings));
        let _ = std::fs::remove_dir_all(&dir);
        prop_assert!(outcome.is_ok(), "panicked on {schema}");
        if let Ok(Err(error)) = outcome {
            prop_assert!(error.to_string().contains("damaged.schema.json"), "{error}");
        }
    }
}
