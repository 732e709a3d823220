//! The leaves of lowering: primitives, `null`, the JSON types a schema names, and when one
//! schema admits everything another does.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::Lowered;

/// The `$ref` a schema is nothing but: `{"$ref": …}`, or an `allOf` of one `$ref` with at
/// most a `type` and metadata beside it.
pub(super) fn bare_reference(value: &Value) -> Option<&str> {
    let map = value.as_object()?;
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        return Some(reference);
    }
    let [only] = map.get("allOf")?.as_array()?.as_slice() else {
        return None;
    };
    let alone = map.keys().all(|k| {
        matches!(
            k.as_str(),
            "allOf" | "type" | "description" | "title" | "$schema" | "id"
        )
    });
    only.get("$ref")
        .and_then(Value::as_str)
        .filter(|_| alone && only.as_object().is_some_and(|o| o.len() == 1))
}

/// Whether every value `b` admits is admitted by `a` as well, for the cases that occur: the
/// same schema once documented differently, or a type beside an enum of that type.
pub(super) fn subsumes(a: &Value, b: &Value) -> bool {
    const DOCS: [&str; 4] = ["description", "title", "format", "default"];
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return a == b;
    };
    fn constraints(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
        map.iter()
            .filter(|(k, _)| !DOCS.contains(&k.as_str()))
            .collect()
    }
    let (a, b) = (constraints(a), constraints(b));
    if a == b {
        return true;
    }
    let plain_type = matches!(a.as_slice(), [(k, _)] if *k == "type");
    let typed_enum = b.len() == 2
        && b.iter().any(|(k, _)| *k == "enum")
        && b.iter().find(|(k, _)| *k == "type").map(|(_, v)| *v) == a.first().map(|(_, v)| *v);
    plain_type && typed_enum
}

/// The JSON type of a value, integers counted as numbers.
pub(super) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The JSON types a schema names, `null` included (empty: any).
pub(super) fn types(map: &Map<String, Value>) -> BTreeSet<String> {
    match map.get("type") {
        Some(Value::String(t)) => [t.clone()].into(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// A primitive type, with the integer bounds typify picks an integer type by (only with a
/// minimum: typify 0.8 reads a lone maximum of 65535 as `u16`, refusing negative numbers).
pub(super) fn primitive(map: &Map<String, Value>, types: &BTreeSet<String>) -> Lowered {
    let named: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    let nullable = types.is_empty() || types.contains("null");
    let mut schema = Map::new();
    match named.as_slice() {
        [] => return any_or(types.contains("null")),
        [one] => {
            schema.insert("type".to_owned(), json!(one));
            // Kept for the model, which types a response's date-times.
            if *one == "string" && map.get("format") == Some(&json!("date-time")) {
                schema.insert("format".to_owned(), json!("date-time"));
            }
        }
        many => {
            schema.insert("type".to_owned(), json!(many));
        }
    }
    let has_minimum = map.get("minimum").is_some_and(Value::is_number);
    if named.iter().all(|t| *t == "integer") && has_minimum {
        for bound in ["minimum", "maximum"] {
            if let Some(value) = map.get(bound).filter(|v| v.is_number()) {
                schema.insert(bound.to_owned(), value.clone());
            }
        }
        for (flag, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if map.get(flag) == Some(&Value::Bool(true)) {
                if let Some(value) = schema.remove(bound) {
                    schema.insert(flag.to_owned(), value);
                }
            }
        }
    }
    Lowered {
        schema: Value::Object(schema),
        nullable: nullable && !named.is_empty(),
    }
}

/// Any value (`serde_json::Value`).
pub(super) fn any() -> Lowered {
    Lowered {
        schema: json!({}),
        nullable: true,
    }
}

/// Any value, or only `null`.
pub(super) fn any_or(only_null: bool) -> Lowered {
    if only_null {
        Lowered {
            schema: json!({"type": "null"}),
            nullable: false,
        }
    } else {
        any()
    }
}

/// The inline schema of a use, `null` added where it is allowed.
pub(super) fn with_null(lowered: Lowered) -> Value {
    if !lowered.nullable || lowered.schema == json!({}) {
        return lowered.schema;
    }
    let mut schema = lowered.schema;
    match schema.get_mut("type") {
        Some(Value::String(t)) => {
            let t = t.clone();
            schema["type"] = json!([t, "null"]);
            schema
        }
        Some(Value::Array(ts)) => {
            ts.push(json!("null"));
            schema
        }
        _ => json!({"oneOf": [schema, {"type": "null"}]}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_beside_an_enum_of_that_type_takes_it_in() {
        assert!(subsumes(
            &json!({"type": "string"}),
            &json!({"type": "string", "enum": [""]})
        ));
        assert!(subsumes(
            &json!({"format": "ipv4", "pattern": "x"}),
            &json!({"format": "ipv6", "pattern": "x"})
        ));
        assert!(!subsumes(
            &json!({"type": "string", "enum": [""]}),
            &json!({"type": "string"})
        ));
        assert!(!subsumes(
            &json!({"type": "integer"}),
            &json!({"type": "string"})
        ));
    }
}
