//! `object_type_implied`: a schema with `properties` but no `type` is read as an object.
//!
//! As written, such a schema (`pairing_profiles_put`'s root, the items of `related_services`
//! in `sec_policy_pending_get`, …) also accepts a string or a number, which the PCE neither
//! sends nor takes there. Branches of `allOf`/`oneOf`/`anyOf` are left alone: they take their
//! type from the schema that holds them.

use serde_json::Value;

use crate::walk::{for_each_subschema_mut, push_pointer};
use crate::{Applied, Repair};

/// This repair.
pub(crate) const REPAIR: Repair = Repair {
    name: "object_type_implied",
    summary: "a schema with `properties` and no `type` (outside `allOf`/`oneOf`/`anyOf` \
              branches) is read as `\"type\": \"object\"`",
};

/// Adds `"type": "object"` wherever it is implied in `schema`, written at `pointer`;
/// `branch` tells whether `schema` is a branch of `allOf`/`oneOf`/`anyOf`.
pub(crate) fn apply(schema: &mut Value, pointer: &str, branch: bool, applied: &mut Vec<Applied>) {
    let Value::Object(map) = schema else { return };
    if !branch && map.get("properties").is_some_and(Value::is_object) && !map.contains_key("type") {
        map.insert("type".to_owned(), Value::String("object".to_owned()));
        applied.push(Applied {
            repair: REPAIR.name,
            pointer: pointer.to_owned(),
        });
    }
    for_each_subschema_mut(map, |tokens, sub| {
        let branch = matches!(tokens[0].as_str(), "allOf" | "oneOf" | "anyOf");
        apply(sub, &push_pointer(pointer, &tokens), branch, applied);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_get_their_type_but_branches_do_not() {
        let mut schema = json!({
            "properties": {"a": {"properties": {}}, "b": {"type": ["object", "null"], "properties": {}}},
            "oneOf": [{"properties": {"x": {}}, "required": ["x"]}]
        });
        let mut applied = Vec::new();
        apply(&mut schema, "", false, &mut applied);
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "properties": {"a": {"type": "object", "properties": {}}, "b": {"type": ["object", "null"], "properties": {}}},
                "oneOf": [{"properties": {"x": {}}, "required": ["x"]}]
            })
        );
        let at: Vec<&str> = applied.iter().map(|a| a.pointer.as_str()).collect();
        assert_eq!(at, ["", "/properties/a"]);
    }
}
