//! Draft-04 normalization of one schema object into the subset typify understands, keeping
//! the generated types lossless.
//!
//! Kept: the validation keywords typify maps to Rust. Dropped: `$schema`, the `id` keyword,
//! vendor keywords (`expose_to`, `_comment`, …) and misspelt keywords, all of which draft-04
//! ignores anyway, and a `description` that is not a string. Rewritten: boolean `exclusiveMinimum`/`exclusiveMaximum`, and an open
//! object's implicit `additionalProperties: true` into `{}`, so that its type keeps unknown
//! properties (a newer PCE's) in a flattened map instead of dropping them. Moved into the
//! description: `title`, `default` and `format` (a default would turn "absent" into a value,
//! and a formatted type such as a date would re-encode a string differently, so the types keep
//! what was sent and the docs say what it means).

use serde_json::{Map, Value};

/// Keywords copied as they are.
const KEPT: &[&str] = &[
    "$ref",
    "type",
    "enum",
    "description",
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "items",
    "additionalItems",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
];

/// The JSON types draft-04 knows.
const TYPES: [&str; 7] = [
    "array", "boolean", "integer", "null", "number", "object", "string",
];

/// Normalizes the keywords of one schema object; subschemas are copied as they are and
/// are the caller's to normalize. Returns the reason when the schema is malformed.
pub(crate) fn normalize_keywords(
    schema: &Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    check_shapes(schema)?;
    let mut out: Map<String, Value> = schema
        .iter()
        .filter(|(k, v)| {
            KEPT.contains(&k.as_str()) && (k.as_str() != "description" || v.is_string())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if is_object(schema)
        && matches!(
            out.get("additionalProperties"),
            None | Some(Value::Bool(true))
        )
    {
        out.insert("additionalProperties".into(), Value::Object(Map::new()));
    }
    exclusive_bound(schema, &mut out, "exclusiveMinimum", "minimum");
    exclusive_bound(schema, &mut out, "exclusiveMaximum", "maximum");
    let notes = doc_notes(schema);
    if !notes.is_empty() {
        let text = match schema.get("description").and_then(Value::as_str) {
            Some(description) => format!("{description}\n\n{notes}"),
            None => notes,
        };
        out.insert("description".into(), Value::String(text));
    }
    Ok(out)
}

/// Rejects keyword values of the wrong JSON type, which typify would misread or panic on.
fn check_shapes(schema: &Map<String, Value>) -> Result<(), String> {
    match schema.get("type") {
        None => {}
        Some(Value::String(name)) if TYPES.contains(&name.as_str()) => {}
        Some(Value::Array(names))
            if !names.is_empty()
                && names
                    .iter()
                    .all(|n| n.as_str().is_some_and(|n| TYPES.contains(&n))) => {}
        Some(other) => return Err(format!("`type` must name JSON types, found {other}")),
    }
    let expect = |keyword: &str, ok: fn(&Value) -> bool, what: &str| match schema.get(keyword) {
        Some(value) if !ok(value) => Err(format!("`{keyword}` must be {what}, found {value}")),
        _ => Ok(()),
    };
    expect("$ref", Value::is_string, "a string")?;
    expect(
        "enum",
        |v| v.as_array().is_some_and(|a| !a.is_empty()),
        "a non-empty array",
    )?;
    expect("properties", Value::is_object, "an object")?;
    expect(
        "required",
        |v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        "an array of strings",
    )?;
    for keyword in ["allOf", "anyOf", "oneOf"] {
        expect(
            keyword,
            |v| v.as_array().is_some_and(|a| !a.is_empty()),
            "a non-empty array",
        )?;
    }
    for keyword in ["additionalProperties", "additionalItems"] {
        expect(
            keyword,
            |v| v.is_object() || v.is_boolean(),
            "a schema or a boolean",
        )?;
    }
    expect(
        "items",
        |v| v.is_object() || v.is_array(),
        "a schema or an array of schemas",
    )?;
    Ok(())
}

/// Draft-04 `exclusiveMinimum: true` qualifies `minimum`; later drafts (and typify) want the
/// bound itself in `exclusiveMinimum`.
fn exclusive_bound(
    schema: &Map<String, Value>,
    out: &mut Map<String, Value>,
    flag: &str,
    bound: &str,
) {
    match schema.get(flag) {
        Some(Value::Bool(true)) => {
            if let Some(value) = out.remove(bound) {
                out.insert(flag.to_owned(), value);
            }
        }
        Some(value @ Value::Number(_)) => {
            out.insert(flag.to_owned(), value.clone());
        }
        _ => {}
    }
}

/// The documentation that replaces `title`, `format` and `default`.
fn doc_notes(schema: &Map<String, Value>) -> String {
    let mut notes = Vec::new();
    if let Some(Value::String(title)) = schema.get("title") {
        notes.push(format!("Title: {title}."));
    }
    if let Some(Value::String(format)) = schema.get("format") {
        notes.push(format!("Format: `{format}`."));
    }
    if let Some(default) = schema.get("default") {
        notes.push(format!("PCE default: `{default}`."));
    }
    notes.join(" ")
}

/// Whether the schema describes a JSON object (and so becomes a named struct).
pub(crate) fn is_object(schema: &Map<String, Value>) -> bool {
    let typed_object = match schema.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
        _ => false,
    };
    typed_object || schema.contains_key("properties")
}

/// Whether the (normalized) schema admits `null`, looking through `$ref`s with `resolve`.
pub(crate) fn admits_null(
    schema: &Value,
    resolve: &dyn Fn(&str) -> Option<Value>,
    depth: u8,
) -> bool {
    let Some(map) = schema.as_object() else {
        return schema == &Value::Bool(true);
    };
    if depth > 8 {
        return false;
    }
    if let Some(Value::String(reference)) = map.get("$ref") {
        return resolve(reference).is_some_and(|target| admits_null(&target, resolve, depth + 1));
    }
    let by_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        None => {
            !map.contains_key("enum") && !map.contains_key("oneOf") && !map.contains_key("anyOf")
        }
        _ => false,
    };
    let by_enum = map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.contains(&Value::Null));
    let by_branch = ["oneOf", "anyOf"].iter().any(|k| {
        map.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|branches| branches.iter().any(|b| admits_null(b, resolve, depth + 1)))
    });
    by_type && !map.contains_key("enum") || by_enum || by_branch
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalized(schema: Value) -> Value {
        Value::Object(normalize_keywords(schema.as_object().expect("object")).expect("valid"))
    }

    #[test]
    fn drops_draft04_and_vendor_keywords() {
        let out = normalized(json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "id": "http://example.com/x",
            "expose_to": ["end_user"],
            "_comment": "internal",
            "additionalPropertes": false,
            "type": "object",
            "properties": {"id": {"type": "string"}}
        }));
        assert_eq!(
            out,
            json!({"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": {}})
        );
    }

    #[test]
    fn rewrites_boolean_exclusive_bounds() {
        let out = normalized(
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true,
                                    "maximum": 9, "exclusiveMaximum": false}),
        );
        assert_eq!(
            out,
            json!({"type": "integer", "exclusiveMinimum": 0, "maximum": 9})
        );
    }

    #[test]
    fn moves_default_format_and_title_into_the_description() {
        let out = normalized(
            json!({"type": "string", "format": "date-time", "default": "x",
                                    "description": "When."}),
        );
        assert_eq!(
            out,
            json!({"type": "string", "description": "When.\n\nFormat: `date-time`. PCE default: `\"x\"`."})
        );
    }

    #[test]
    fn rejects_malformed_keywords_with_a_reason() {
        let err = normalize_keywords(json!({"type": "objects"}).as_object().expect("object"));
        assert_eq!(
            err.unwrap_err(),
            "`type` must name JSON types, found \"objects\""
        );
        let err = normalize_keywords(json!({"required": "name"}).as_object().expect("object"));
        assert!(err
            .unwrap_err()
            .starts_with("`required` must be an array of strings"));
    }

    #[test]
    fn knows_which_schemas_admit_null() {
        let none = |_: &str| None;
        assert!(admits_null(&json!({"type": ["string", "null"]}), &none, 0));
        assert!(admits_null(
            &json!({"type": ["string", "null"], "enum": ["a", null]}),
            &none,
            0
        ));
        assert!(!admits_null(
            &json!({"type": ["string", "null"], "enum": ["a"]}),
            &none,
            0
        ));
        assert!(admits_null(
            &json!({"oneOf": [{"type": "object"}, {"type": "null"}]}),
            &none,
            0
        ));
        assert!(!admits_null(&json!({"type": "string"}), &none, 0));
        let resolve = |_: &str| Some(json!({"type": "null"}));
        assert!(admits_null(
            &json!({"$ref": "#/definitions/X"}),
            &resolve,
            0
        ));
    }
}
