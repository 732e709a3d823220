//! Where a draft-04 schema keeps its subschemas, what only a root schema says, and JSON-pointer
//! spelling.
//!
//! Knowing the keyword positions matters: `id` or `$ref` inside `properties` are property
//! names, not keywords, and must be left alone.

use serde_json::{Map, Value};

/// Keywords whose value is an object of subschemas.
const SCHEMA_MAPS: [&str; 4] = [
    "properties",
    "patternProperties",
    "definitions",
    "dependencies",
];
/// Keywords whose value is one subschema.
const SCHEMA_ONE: [&str; 4] = ["additionalProperties", "additionalItems", "not", "items"];
/// Keywords whose value is an array of subschemas.
const SCHEMA_LIST: [&str; 4] = ["allOf", "anyOf", "oneOf", "items"];

/// Every keyword of draft-04, validation and metadata: a member of a schema object with any
/// other name is not read by a draft-04 validator.
pub const KEYWORDS: [&str; 34] = [
    "$schema",
    "id",
    "$ref",
    "title",
    "description",
    "default",
    "format",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "additionalItems",
    "items",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "additionalProperties",
    "definitions",
    "properties",
    "patternProperties",
    "dependencies",
    "enum",
    "type",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
];

/// Calls `f` with the pointer tokens (relative to `schema`) and value of every direct
/// subschema, in sorted order whatever the map's own order. Values that cannot be schemas
/// (a `dependencies` array, `additionalProperties: false`) are skipped.
pub fn for_each_subschema<E>(
    schema: &Map<String, Value>,
    mut f: impl FnMut(Vec<String>, &Value) -> Result<(), E>,
) -> Result<(), E> {
    let mut keywords: Vec<(&String, &Value)> = schema.iter().collect();
    keywords.sort_by(|a, b| a.0.cmp(b.0));
    for (keyword, value) in keywords {
        let keyword = keyword.as_str();
        match value {
            Value::Object(map) if SCHEMA_MAPS.contains(&keyword) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (name, sub) in entries {
                    if sub.is_object() {
                        f(vec![keyword.to_owned(), name.clone()], sub)?;
                    }
                }
            }
            Value::Object(_) if SCHEMA_ONE.contains(&keyword) => {
                f(vec![keyword.to_owned()], value)?
            }
            Value::Array(list) if SCHEMA_LIST.contains(&keyword) => {
                for (index, sub) in list.iter().enumerate() {
                    if sub.is_object() {
                        f(vec![keyword.to_owned(), index.to_string()], sub)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Calls `f` with the pointer tokens and a mutable reference of every direct subschema, in
/// the same order as [`for_each_subschema`].
pub fn for_each_subschema_mut(
    schema: &mut Map<String, Value>,
    mut f: impl FnMut(Vec<String>, &mut Value),
) {
    let mut keywords: Vec<(&String, &mut Value)> = schema.iter_mut().collect();
    keywords.sort_by(|a, b| a.0.cmp(b.0));
    for (keyword, value) in keywords {
        let keyword = keyword.as_str();
        match value {
            Value::Object(map) if SCHEMA_MAPS.contains(&keyword) => {
                let mut entries: Vec<(&String, &mut Value)> = map.iter_mut().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (name, sub) in entries {
                    if sub.is_object() {
                        f(vec![keyword.to_owned(), name.clone()], sub);
                    }
                }
            }
            Value::Object(_) if SCHEMA_ONE.contains(&keyword) => f(vec![keyword.to_owned()], value),
            Value::Array(list) if SCHEMA_LIST.contains(&keyword) => {
                for (index, sub) in list.iter_mut().enumerate() {
                    if sub.is_object() {
                        f(vec![keyword.to_owned(), index.to_string()], sub);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Puts `value` where `tokens` (a keyword, then maybe a name or an index, as
/// [`for_each_subschema`] gives them) point in `schema`.
pub fn replace_subschema(schema: &mut Map<String, Value>, tokens: &[String], value: Value) {
    let Some(slot) = tokens.first().and_then(|keyword| schema.get_mut(keyword)) else {
        return;
    };
    match (tokens.get(1), slot) {
        (None, slot) => *slot = value,
        (Some(name), Value::Object(map)) => {
            map.insert(name.clone(), value);
        }
        (Some(index), Value::Array(list)) => {
            if let Some(item) = index.parse::<usize>().ok().and_then(|i| list.get_mut(i)) {
                *item = value;
            }
        }
        _ => {}
    }
}

/// A file's root schema made fit to be written inline in another schema: without what only a
/// root says (`$schema`, and `id`, which would change the base its `$ref`s resolve against).
pub fn inline_root(schema: &mut Value) {
    if let Value::Object(map) = schema {
        map.remove("$schema");
        map.remove("id");
    }
}

/// Appends reference tokens to a JSON pointer, escaping `~` and `/`.
pub fn push_pointer(pointer: &str, tokens: &[String]) -> String {
    let mut out = pointer.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(schema: Value) -> Vec<String> {
        let mut out = Vec::new();
        let map = schema.as_object().cloned().unwrap_or_default();
        for_each_subschema::<()>(&map, |tokens, _| {
            out.push(push_pointer("", &tokens));
            Ok(())
        })
        .ok();
        out
    }

    #[test]
    fn a_root_written_inline_loses_what_only_a_root_says_and_keeps_its_properties() {
        let mut root = json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "id": "product_version.schema.json",
            "type": "object",
            "properties": {"id": {"type": "string"}}
        });
        inline_root(&mut root);
        assert_eq!(
            root,
            json!({"type": "object", "properties": {"id": {"type": "string"}}})
        );
    }

    #[test]
    fn finds_subschemas_but_not_property_names_or_values() {
        let found = pointers(json!({
            "properties": {"id": {"type": "string"}, "a/b": {}},
            "items": [{"type": "integer"}, true],
            "oneOf": [{}],
            "additionalProperties": false,
            "enum": [{"type": "object"}],
            "id": "x"
        }));
        assert_eq!(
            found,
            ["/items/0", "/oneOf/0", "/properties/a~1b", "/properties/id"]
        );
    }

    #[test]
    fn visits_mutably_in_the_same_order() {
        let mut schema = json!({"properties": {"b": {}, "a": {}}, "oneOf": [{}, {}], "items": {}});
        let expected = pointers(schema.clone());
        let mut seen = Vec::new();
        if let Value::Object(map) = &mut schema {
            for_each_subschema_mut(map, |tokens, sub| {
                seen.push(push_pointer("", &tokens));
                *sub = json!({"type": "string"});
            });
        }
        assert_eq!(seen, expected);
        assert_eq!(schema["properties"]["a"], json!({"type": "string"}));
    }

    #[test]
    fn replaces_the_subschema_the_tokens_name() {
        let mut schema = json!({"properties": {"a": {}}, "oneOf": [{}, {}], "items": {}})
            .as_object()
            .cloned()
            .unwrap_or_default();
        for tokens in [vec!["properties", "a"], vec!["oneOf", "1"], vec!["items"]] {
            let tokens: Vec<String> = tokens.into_iter().map(str::to_owned).collect();
            replace_subschema(&mut schema, &tokens, json!({"type": "string"}));
        }
        assert_eq!(
            Value::Object(schema),
            json!({"properties": {"a": {"type": "string"}}, "oneOf": [{}, {"type": "string"}], "items": {"type": "string"}})
        );
    }
}
