//! Combining schemas before typify sees them, so that it never has to: `allOf` parts merged
//! into one schema, and the keywords beside a `oneOf`/`anyOf` distributed into its branches.
//!
//! typify 0.8 merges such schemas itself and panics when their parts carry metadata
//! (`assertion failed: merged_schema.metadata.is_none()`, first met in 25.2.20's
//! `common/label_restrictions.schema.json`); merged here, each branch is a plain schema.
//!
//! The merge is the intersection draft-04 defines: the union of the properties (a property
//! two parts define is the `allOf` of both), of the required names and of the constraints,
//! the common JSON types, and a part that is closed (`additionalProperties: false`) admits
//! only its own properties in the result.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use pce_schema_repairs::refs::rebase;

use crate::load::slashed;
use crate::location::Location;

/// Follows `$ref`s for the merge.
pub(crate) trait Deref {
    /// The schema the `$ref` `reference` written at `at` names, and where it is written;
    /// `None` when it does not exist (the implementor records it as missing).
    fn target(&mut self, at: &Location, reference: &str) -> Option<(Location, Value)>;
}

/// How many `$ref`s a merge follows in a row before giving up (a cycle of `allOf`s).
const MAX_DEPTH: usize = 16;

/// Metadata keywords, which do not constrain a value.
const METADATA: [&str; 6] = ["description", "title", "default", "format", "$schema", "id"];

/// The schema `map` (written at `at`), with its `allOf` parts merged into it.
pub(crate) fn all_of(
    at: &Location,
    map: &Map<String, Value>,
    deref: &mut dyn Deref,
) -> Map<String, Value> {
    merge_parts(at, map, deref, 0)
}

fn merge_parts(
    at: &Location,
    map: &Map<String, Value>,
    deref: &mut dyn Deref,
    depth: usize,
) -> Map<String, Value> {
    let mut holder = map.clone();
    let parts = match holder.remove("allOf") {
        Some(Value::Array(parts)) => parts,
        _ => Vec::new(),
    };
    let mut merged = vec![holder];
    for (index, part) in parts.iter().enumerate() {
        let index = index.to_string();
        merged.push(flatten(&at.child(&["allOf", &index]), part, deref, depth));
    }
    combine(merged)
}

/// A part with its `$ref` followed and its own `allOf` merged; `$ref`s in what comes from
/// another file are rewritten to be read from the file of `at`.
fn flatten(at: &Location, part: &Value, deref: &mut dyn Deref, depth: usize) -> Map<String, Value> {
    let Some(map) = part.as_object() else {
        return Map::new();
    };
    if depth >= MAX_DEPTH {
        return Map::new();
    }
    if let Some(Value::String(reference)) = map.get("$ref") {
        let Some((target_at, target)) = deref.target(at, reference) else {
            return Map::new();
        };
        let mut flat = Value::Object(flatten(&target_at, &target, deref, depth + 1));
        if target_at.file != at.file {
            rebase(&mut flat, &slashed(&target_at.file), &slashed(&at.file));
        }
        return match flat {
            Value::Object(map) => map,
            _ => Map::new(),
        };
    }
    if map.contains_key("allOf") {
        merge_parts(at, map, deref, depth + 1)
    } else {
        map.clone()
    }
}

/// The intersection of `parts`; the first part's metadata wins.
pub(crate) fn combine(parts: Vec<Map<String, Value>>) -> Map<String, Value> {
    let closed: Vec<BTreeSet<String>> = parts
        .iter()
        .filter(|p| p.get("additionalProperties") == Some(&Value::Bool(false)))
        .map(|p| {
            p.get("properties")
                .and_then(Value::as_object)
                .map(|props| props.keys().cloned().collect())
                .unwrap_or_default()
        })
        .collect();
    let mut out = Map::new();
    for part in parts {
        merge_into(&mut out, part);
    }
    if let Some(Value::Object(properties)) = out.get_mut("properties") {
        properties.retain(|name, _| closed.iter().all(|allowed| allowed.contains(name)));
    }
    out
}

/// Merges `b` into `a`.
fn merge_into(a: &mut Map<String, Value>, b: Map<String, Value>) {
    for (keyword, value) in b {
        let Some(existing) = a.get_mut(&keyword) else {
            a.insert(keyword, value);
            continue;
        };
        match keyword.as_str() {
            "type" => *existing = intersect_types(existing, &value),
            "properties" => {
                if let (Value::Object(mine), Value::Object(theirs)) = (existing, value) {
                    for (name, schema) in theirs {
                        match mine.get_mut(&name) {
                            None => {
                                mine.insert(name, schema);
                            }
                            Some(same) if *same == schema => {}
                            Some(other) => *other = both(other.take(), schema),
                        }
                    }
                }
            }
            "required" => {
                if let (Value::Array(mine), Value::Array(theirs)) = (existing, value) {
                    for name in theirs {
                        if !mine.contains(&name) {
                            mine.push(name);
                        }
                    }
                }
            }
            "enum" => {
                if let (Value::Array(mine), Value::Array(theirs)) = (existing, value) {
                    mine.retain(|v| theirs.contains(v));
                }
            }
            "additionalProperties" => {
                *existing = match (existing.take(), value) {
                    (Value::Bool(false), _) | (_, Value::Bool(false)) => Value::Bool(false),
                    (Value::Bool(true), other) | (other, Value::Bool(true)) => other,
                    (mine, theirs) => both(mine, theirs),
                }
            }
            "items" if existing.is_object() && value.is_object() => {
                *existing = both(existing.take(), value);
            }
            "minimum" | "minLength" | "minItems" | "minProperties" | "exclusiveMinimum"
                if value.as_f64() > existing.as_f64() =>
            {
                *existing = value;
            }
            "maximum" | "maxLength" | "maxItems" | "maxProperties" | "exclusiveMaximum"
                if value.as_f64() < existing.as_f64() =>
            {
                *existing = value;
            }
            _ => {}
        }
    }
}

/// `{"allOf": [a, b]}`, which the lowering merges in its turn.
fn both(a: Value, b: Value) -> Value {
    let mut map = Map::new();
    map.insert("allOf".to_owned(), Value::Array(vec![a, b]));
    Value::Object(map)
}

/// The JSON types both `type` values admit (as a string when there is one).
fn intersect_types(a: &Value, b: &Value) -> Value {
    let names = |v: &Value| -> Vec<String> {
        match v {
            Value::String(t) => vec![t.clone()],
            Value::Array(ts) => ts
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    let theirs = names(b);
    let admits = |t: &str| {
        theirs
            .iter()
            .any(|o| o == t || (o == "number" && t == "integer"))
    };
    let mut common: Vec<String> = names(a).into_iter().filter(|t| admits(t)).collect();
    if common.is_empty() {
        common = names(a)
            .iter()
            .filter(|t| *t == "number" && theirs.iter().any(|o| o == "integer"))
            .map(|_| "integer".to_owned())
            .collect();
    }
    match common.as_slice() {
        [one] => Value::String(one.clone()),
        _ => Value::Array(common.into_iter().map(Value::String).collect()),
    }
}

/// A branch of a `oneOf`/`anyOf`, with the keywords beside the union merged into it.
#[derive(Debug, Clone)]
pub(crate) struct Branch {
    /// Where the branch is written.
    pub at: Location,
    /// The branch as the lowering reads it.
    pub schema: Value,
    /// Whether it is the `{"type": "null"}` branch that makes the union nullable.
    pub null: bool,
}

/// The branches of the union `keyword` of `map` (written at `at`), each carrying the
/// keywords beside the union (`type`, `properties`, `required`, …).
pub(crate) fn branches(
    at: &Location,
    map: &Map<String, Value>,
    keyword: &str,
    deref: &mut dyn Deref,
) -> Vec<Branch> {
    let mut siblings = map.clone();
    siblings.remove(keyword);
    siblings.retain(|k, _| !METADATA.contains(&k.as_str()));
    let only_type = siblings.keys().all(|k| k == "type");
    let list = map
        .get(keyword)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    list.iter()
        .enumerate()
        .map(|(index, branch)| {
            let index = index.to_string();
            let branch_at = at.child(&[keyword, &index]);
            let null = branch.get("type") == Some(&Value::String("null".to_owned()));
            let keep = null || siblings.is_empty() || (only_type && branch.get("$ref").is_some());
            let schema = if keep {
                branch.clone()
            } else {
                let own = flatten(&branch_at, branch, deref, 0);
                Value::Object(combine(vec![own, siblings.clone()]))
            };
            Branch {
                at: branch_at,
                schema,
                null,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Refs to `a.json` give `{"type": "object", "properties": {"a": …}}`.
    struct OneFile;

    impl Deref for OneFile {
        fn target(&mut self, _: &Location, reference: &str) -> Option<(Location, Value)> {
            (reference == "a.json").then(|| {
                let schema = json!({"type": "object", "description": "A", "properties": {"a": {"type": "string"}}});
                (Location::root("a.json"), schema)
            })
        }
    }

    fn merged(schema: Value) -> Value {
        let map = schema.as_object().cloned().unwrap_or_default();
        Value::Object(all_of(&Location::root("x.json"), &map, &mut OneFile))
    }

    #[test]
    fn all_of_parts_become_one_object() {
        let out = merged(json!({"description": "X", "allOf": [
            {"$ref": "a.json"},
            {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}, "a": {"minLength": 1}}}
        ]}));
        assert_eq!(
            out,
            json!({"description": "X", "type": "object", "required": ["b"], "properties": {
                "a": {"allOf": [{"type": "string"}, {"minLength": 1}]},
                "b": {"type": "integer"}
            }})
        );
    }

    #[test]
    fn a_closed_part_admits_only_its_own_properties() {
        let out = merged(json!({"allOf": [
            {"$ref": "a.json"},
            {"properties": {"a": {"type": "string"}}, "additionalProperties": false}
        ]}));
        assert_eq!(out["additionalProperties"], json!(false));
        assert_eq!(out["properties"], json!({"a": {"type": "string"}}));
        let out = merged(json!({"allOf": [
            {"properties": {"b": {}}, "additionalProperties": false},
            {"$ref": "a.json"}
        ]}));
        assert_eq!(out["properties"], json!({"b": {}}));
    }

    #[test]
    fn types_and_bounds_intersect() {
        let out = merged(json!({"allOf": [
            {"type": ["string", "null"], "maxLength": 9, "enum": ["a", "b", null]},
            {"type": "string", "maxLength": 5, "minLength": 1, "enum": ["b", "a"]}
        ]}));
        assert_eq!(
            out,
            json!({"type": "string", "maxLength": 5, "minLength": 1, "enum": ["a", "b"]})
        );
        assert_eq!(
            intersect_types(&json!("number"), &json!("integer")),
            json!("integer")
        );
    }

    #[test]
    fn union_siblings_go_into_each_branch_but_refs_and_null_stay() {
        let map = json!({"type": "object", "description": "doc", "oneOf": [
            {"$ref": "a.json"}, {"type": "null"}
        ]});
        let found = branches(
            &Location::root("x.json"),
            map.as_object().unwrap_or(&Map::new()),
            "oneOf",
            &mut OneFile,
        );
        let schemas: Vec<&Value> = found.iter().map(|b| &b.schema).collect();
        assert_eq!(
            schemas,
            [&json!({"$ref": "a.json"}), &json!({"type": "null"})]
        );
        assert!(found[1].null && !found[0].null);

        let map = json!({"type": "object", "additionalProperties": false,
            "properties": {"key": {"type": "string"}, "href": {"type": "string"}},
            "oneOf": [{"required": ["key"]}, {"required": ["href"]}]});
        let found = branches(
            &Location::root("x.json"),
            map.as_object().unwrap_or(&Map::new()),
            "oneOf",
            &mut OneFile,
        );
        assert_eq!(found[1].at.pointer, "/oneOf/1");
        assert_eq!(
            found[1].schema,
            json!({"type": "object", "additionalProperties": false, "required": ["href"],
                   "properties": {"key": {"type": "string"}, "href": {"type": "string"}}})
        );
    }
}
