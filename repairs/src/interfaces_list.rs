//! `interfaces_as_list`: a workload's `interfaces` is a list of the objects
//! `workloads_interfaces_get.schema.json` describes, but `workloads_get` (25.2.20 and 26.3.0)
//! refers to that file as if it were one object. Every workload a real PCE sent has an array
//! there (the recorded bodies in `../shared/pce-real-responses`), as `vens_get` writes it
//! (`"type": "array", "items": {"$ref": …}`), and `GET …/workloads/{id}/interfaces` answers
//! a list of the same objects.

use serde_json::{json, Value};

use crate::walk::{for_each_subschema_mut, push_pointer};
use crate::{Applied, Repair};

/// This repair.
pub(crate) const REPAIR: Repair = Repair {
    name: "interfaces_as_list",
    summary: "a property `interfaces` that refers to `workloads_interfaces_get.schema.json` \
              (one interface) is read as a list of them, as PCEs send it",
};

/// The file that describes one interface.
const INTERFACE: &str = "workloads_interfaces_get.schema.json";

/// Wraps every such `interfaces` in a list, in `schema` written at `pointer`.
pub(crate) fn apply(schema: &mut Value, pointer: &str, applied: &mut Vec<Applied>) {
    let Value::Object(map) = schema else { return };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        if let Some(interfaces) = properties.get_mut("interfaces") {
            let one = interfaces
                .get("$ref")
                .and_then(Value::as_str)
                .map(|r| r.split('#').next().unwrap_or_default())
                .is_some_and(|file| file.rsplit('/').next() == Some(INTERFACE));
            if one && interfaces.as_object().is_some_and(|m| m.len() == 1) {
                *interfaces = json!({"type": "array", "items": interfaces.take()});
                applied.push(Applied {
                    repair: REPAIR.name,
                    pointer: push_pointer(
                        pointer,
                        &["properties".to_owned(), "interfaces".to_owned()],
                    ),
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

    #[test]
    fn a_workload_s_interfaces_become_a_list_of_interfaces() {
        let mut schema = json!({"items": {"properties": {
            "interfaces": {"$ref": "workloads_interfaces_get.schema.json"},
            "ven": {"properties": {"interfaces": {"type": "array", "items": {"$ref": "workloads_interfaces_get.schema.json"}}}}
        }}});
        let mut applied = Vec::new();
        apply(&mut schema, "", &mut applied);
        assert_eq!(
            schema["items"]["properties"]["interfaces"],
            json!({"type": "array", "items": {"$ref": "workloads_interfaces_get.schema.json"}})
        );
        assert_eq!(
            schema["items"]["properties"]["ven"]["properties"]["interfaces"]["items"],
            json!({"$ref": "workloads_interfaces_get.schema.json"}),
            "already a list"
        );
        assert_eq!(applied.len(), 1);
        assert_eq!(applied[0].pointer, "/items/properties/interfaces");
    }
}
