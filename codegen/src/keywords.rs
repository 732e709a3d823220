//! Draft-04 keywords as the generator reads them: malformed keyword values are refused
//! (typify would misread or panic on them), and two questions every stage asks: is this
//! schema an object, and does it admit `null`.

use serde_json::{Map, Value};

/// The JSON types draft-04 knows.
const TYPES: [&str; 7] = [
    "array", "boolean", "integer", "null", "number", "object", "string",
];

/// Rejects keyword values of the wrong JSON type, which typify would misread or panic on.
pub(crate) fn check_shapes(schema: &Map<String, Value>) -> Result<(), String> {
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
    for keyword in [
        "minimum",
        "maximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        expect(keyword, Value::is_number, "a number")?;
    }
    for keyword in ["exclusiveMinimum", "exclusiveMaximum"] {
        expect(
            keyword,
            |v| v.is_boolean() || v.is_number(),
            "a boolean or a number",
        )?;
    }
    Ok(())
}

/// The strings of the array keyword `keyword` of `schema` (`required`, a string `enum`), in
/// order; none when it is absent or holds no strings.
pub(crate) fn strings(schema: &Value, keyword: &str) -> Vec<String> {
    schema
        .get(keyword)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
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
pub(crate) fn admits_null<'a>(
    schema: &'a Value,
    resolve: &dyn Fn(&str) -> Option<&'a Value>,
    depth: u8,
) -> bool {
    let Some(map) = schema.as_object() else {
        return schema == &Value::Bool(true);
    };
    if depth > 8 {
        return false;
    }
    if let Some(Value::String(reference)) = map.get("$ref") {
        return resolve(reference).is_some_and(|target| admits_null(target, resolve, depth + 1));
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

    #[test]
    fn strings_of_a_keyword_keep_order_and_skip_what_is_not_a_string() {
        let schema = json!({"required": ["b", "a", 3], "enum": "x"});
        assert_eq!(strings(&schema, "required"), ["b", "a"]);
        assert!(strings(&schema, "enum").is_empty());
        assert!(strings(&schema, "absent").is_empty());
    }

    #[test]
    fn rejects_malformed_keywords_with_a_reason() {
        let err = check_shapes(json!({"type": "objects"}).as_object().expect("object"));
        assert_eq!(
            err.unwrap_err(),
            "`type` must name JSON types, found \"objects\""
        );
        let err = check_shapes(json!({"required": "name"}).as_object().expect("object"));
        assert!(err
            .unwrap_err()
            .starts_with("`required` must be an array of strings"));
    }

    #[test]
    fn knows_which_schemas_admit_null() {
        let null = json!({"type": "null"});
        let nothing = |_: &str| None;
        let to_null = |_: &str| Some(&null);
        let cases = [
            (json!({"type": ["string", "null"]}), true),
            (
                json!({"type": ["string", "null"], "enum": ["a", null]}),
                true,
            ),
            (json!({"type": ["string", "null"], "enum": ["a"]}), false),
            (
                json!({"oneOf": [{"type": "object"}, {"type": "null"}]}),
                true,
            ),
            (json!({"type": "string"}), false),
        ];
        for (schema, admits) in &cases {
            assert_eq!(admits_null(schema, &nothing, 0), *admits, "{schema}");
        }
        assert!(admits_null(
            &json!({"$ref": "#/definitions/X"}),
            &to_null,
            0
        ));
    }
}
