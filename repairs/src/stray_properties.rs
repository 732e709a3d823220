//! `properties_outside_properties`: property schemas written beside the keywords of an object
//! schema instead of inside its `properties`.
//!
//! 25.2.20 has about seventy: the `oneOf` branches of `created_by` in the event schemas
//! (`{"user": {…}}`, `{"agent": {…}}`), of `resource_canonical_representations` and of the
//! time-series `data`, the `allOf` part `{"rule_set": {…}}` of the policy-check rules,
//! `risk_details: {"type": "object", "required": ["ransomware"], "ransomware": {…}}`. A
//! draft-04 validator ignores such members, so as published a `created_by` matches every
//! branch and its `oneOf` can never hold. The repair moves them into `properties`; in a
//! `oneOf`/`anyOf` branch without a `required` of its own they also become required, since
//! they are what tells the branch apart (`events_get` writes that same `created_by` properly).

use serde_json::{Map, Value};

use crate::walk::{for_each_subschema_mut, push_pointer, KEYWORDS};
use crate::{Applied, Repair};

/// This repair.
pub(crate) const REPAIR: Repair = Repair {
    name: "properties_outside_properties",
    summary: "members of an object schema that are not keywords but schemas are read as its \
              `properties` (required in a `oneOf`/`anyOf` branch that has no `required`)",
};

/// Where a schema sits, which decides whether moved properties become required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A branch of `oneOf` or `anyOf`.
    Branch,
    /// Anywhere else.
    Other,
}

/// Moves stray property schemas into `properties` everywhere in `schema`, written at
/// `pointer`.
pub(crate) fn apply(schema: &mut Value, pointer: &str, place: Place, applied: &mut Vec<Applied>) {
    let Value::Object(map) = schema else { return };
    if may_be_object(map) {
        let stray: Vec<String> = map
            .iter()
            .filter(|(key, value)| !KEYWORDS.contains(&key.as_str()) && looks_like_schema(value))
            .map(|(key, _)| key.clone())
            .collect();
        if !stray.is_empty() {
            move_into_properties(map, &stray, place);
            applied.push(Applied {
                repair: REPAIR.name,
                pointer: pointer.to_owned(),
            });
        }
    }
    for_each_subschema_mut(map, |tokens, sub| {
        let place = match tokens[0].as_str() {
            "oneOf" | "anyOf" => Place::Branch,
            _ => Place::Other,
        };
        apply(sub, &push_pointer(pointer, &tokens), place, applied);
    });
}

/// Whether the schema may describe an object: it names no `type`, or `object` among them.
fn may_be_object(map: &Map<String, Value>) -> bool {
    match map.get("type") {
        None => true,
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
        Some(_) => false,
    }
}

/// Whether a member's value reads as a schema (and not as a vendor annotation).
fn looks_like_schema(value: &Value) -> bool {
    const SCHEMA_KEYS: [&str; 8] = [
        "type",
        "$ref",
        "properties",
        "items",
        "enum",
        "oneOf",
        "anyOf",
        "allOf",
    ];
    value
        .as_object()
        .is_some_and(|m| SCHEMA_KEYS.iter().any(|k| m.contains_key(*k)))
}

fn move_into_properties(map: &mut Map<String, Value>, stray: &[String], place: Place) {
    let mut moved = Vec::new();
    for key in stray {
        let Some(value) = map.remove(key) else {
            continue;
        };
        let properties = map
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(properties) = properties {
            if !properties.contains_key(key) {
                properties.insert(key.clone(), value);
                moved.push(Value::String(key.clone()));
            }
        }
    }
    if place == Place::Branch && !map.contains_key("required") && !moved.is_empty() {
        map.insert("required".to_owned(), Value::Array(moved));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn repaired(mut schema: Value) -> (Value, Vec<String>) {
        let mut applied = Vec::new();
        apply(&mut schema, "", Place::Other, &mut applied);
        (schema, applied.into_iter().map(|a| a.pointer).collect())
    }

    #[test]
    fn branch_members_become_required_properties() {
        let (schema, at) = repaired(json!({"type": "object", "oneOf": [
            {"user": {"type": "object", "properties": {"href": {"type": "string"}}}},
            {"system": {"type": "object", "properties": {}}}
        ]}));
        assert_eq!(
            schema,
            json!({"type": "object", "oneOf": [
                {"properties": {"user": {"type": "object", "properties": {"href": {"type": "string"}}}}, "required": ["user"]},
                {"properties": {"system": {"type": "object", "properties": {}}}, "required": ["system"]}
            ]})
        );
        assert_eq!(at, ["/oneOf/0", "/oneOf/1"]);
    }

    #[test]
    fn elsewhere_members_join_the_properties_without_being_required() {
        let (schema, at) = repaired(json!({"properties": {"risk_details": {
            "type": "object", "required": ["ransomware"],
            "ransomware": {"type": ["object", "null"]},
            "expose_to": ["end_user"], "_comment": "vendor notes stay"
        }}, "allOf": [{"$ref": "a.json"}, {"rule_set": {"$ref": "rule_set.json"}}]}));
        assert_eq!(
            schema,
            json!({"properties": {"risk_details": {
                "type": "object", "required": ["ransomware"],
                "properties": {"ransomware": {"type": ["object", "null"]}},
                "expose_to": ["end_user"], "_comment": "vendor notes stay"
            }}, "allOf": [{"$ref": "a.json"}, {"properties": {"rule_set": {"$ref": "rule_set.json"}}}]})
        );
        assert_eq!(at, ["/allOf/1", "/properties/risk_details"]);
    }

    #[test]
    fn arrays_and_existing_properties_are_left_alone() {
        let schema = json!({"type": "array", "item": {"type": "object"}});
        assert_eq!(repaired(schema.clone()), (schema, vec![]));
        let (schema, _) =
            repaired(json!({"properties": {"a": {"type": "string"}}, "a": {"type": "integer"}}));
        assert_eq!(schema, json!({"properties": {"a": {"type": "string"}}}));
    }
}
