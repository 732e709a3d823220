//! `ref_fragment_slash`: a `$ref` fragment without its leading `/` (`#definitions/cluster`,
//! in `v2/health_definitions.schema.json` of 25.2.20) is read as the JSON pointer it means.

use serde_json::Value;

use crate::walk::{for_each_subschema_mut, push_pointer};
use crate::{Applied, Repair};

/// This repair.
pub(crate) const REPAIR: Repair = Repair {
    name: "ref_fragment_slash",
    summary: "a `$ref` fragment that is not a JSON pointer (`#definitions/x`) is read as \
              `#/definitions/x`",
};

/// Rewrites every such `$ref` in `schema`, written at `pointer`.
pub(crate) fn apply(schema: &mut Value, pointer: &str, applied: &mut Vec<Applied>) {
    let Value::Object(map) = schema else { return };
    if let Some(Value::String(reference)) = map.get_mut("$ref") {
        if let Some((file, fragment)) = reference.split_once('#') {
            if !fragment.is_empty() && !fragment.starts_with('/') {
                *reference = format!("{file}#/{fragment}");
                applied.push(Applied {
                    repair: REPAIR.name,
                    pointer: pointer.to_owned(),
                });
            }
        }
    }
    for_each_subschema_mut(map, |tokens, sub| {
        apply(sub, &push_pointer(pointer, &tokens), applied);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn adds_the_slash_and_leaves_pointers_alone() {
        let mut schema = json!({"anyOf": [
            {"$ref": "#/definitions/metric"},
            {"$ref": "#definitions/cluster"},
            {"$ref": "other.schema.json#definitions/x"},
            {"$ref": "other.schema.json#"},
            {"$ref": "other.schema.json"}
        ]});
        let mut applied = Vec::new();
        apply(&mut schema, "", &mut applied);
        assert_eq!(
            schema,
            json!({"anyOf": [
                {"$ref": "#/definitions/metric"},
                {"$ref": "#/definitions/cluster"},
                {"$ref": "other.schema.json#/definitions/x"},
                {"$ref": "other.schema.json#"},
                {"$ref": "other.schema.json"}
            ]})
        );
        let at: Vec<&str> = applied.iter().map(|a| a.pointer.as_str()).collect();
        assert_eq!(at, ["/anyOf/1", "/anyOf/2"]);
    }
}
