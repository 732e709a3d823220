//! `login_product_version`: the documented `users/login` response wins over the bundle's
//! schema for `product_version`.
//!
//! The bundle's `v2/users_login_get.schema.json` reaches `product_version` through
//! `product_version.schema.json`, which types `build` as an integer and requires
//! `product_name`; up to 25.2 its root also wraps the object in a second `product_version`
//! member (26.3.0 unwrapped it and kept the rest). The documented response (REST API guide,
//! "Create Session Token" > "Response Body") has
//! `"product_version": {"version": "17.1.1", "build": "6168", "long_display": "17.1.1-6168",
//! "short_display": "17.1.1"}`. The repair puts the object (the inner one when wrapped) in
//! place of the `$ref`, with `build` a string and only the documented members required.

use serde_json::{json, Value};

use crate::walk::inline_root;
use crate::{Applied, Repair};

/// This repair.
pub(crate) const REPAIR: Repair = Repair {
    name: "login_product_version",
    summary: "`users_login_get`'s `product_version` is the object of \
              `product_version.schema.json` unwrapped, with `build` a string and only \
              `version` and `build` required, as in the documented response",
};

/// The login schema the repair applies to.
const FILE: &str = "v2/users_login_get.schema.json";
/// Where in it.
const POINTER: &str = "/properties/product_version";
/// The file its `$ref` names, inside the bundle.
const TARGET: &str = "v2/product_version.schema.json";
/// The members of the documented `product_version`.
const DOCUMENTED: [&str; 4] = ["version", "build", "long_display", "short_display"];

/// Repairs the login schema when it reaches `product_version` through the bundle's file,
/// wrapped (25.2.20) or not (26.3.0).
pub(crate) fn apply(
    file: &str,
    schema: &mut Value,
    read: &mut dyn FnMut(&str) -> Option<Value>,
    applied: &mut Vec<Applied>,
) {
    if file != FILE {
        return;
    }
    let Some(slot) = schema.pointer_mut(POINTER) else {
        return;
    };
    if slot.get("$ref").and_then(Value::as_str) != Some("product_version.schema.json") {
        return;
    }
    let Some(mut inner) = read(TARGET).and_then(product_version) else {
        return;
    };
    let description = inner
        .pointer("/properties/build/description")
        .cloned()
        .unwrap_or_else(|| json!("The build number"));
    inner["properties"]["build"] = json!({"type": "string", "description": description});
    let required: Vec<Value> = inner
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter(|name| name.as_str().is_some_and(|n| DOCUMENTED.contains(&n)))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    inner["required"] = Value::Array(required);
    *slot = inner;
    applied.push(Applied {
        repair: REPAIR.name,
        pointer: POINTER.to_owned(),
    });
}

/// The product version object of the bundle's file: the root's `product_version` member when
/// the root wraps it, else the root itself; either must name the documented `version` and
/// `build`.
fn product_version(target: Value) -> Option<Value> {
    let is_product_version = |object: &Value| {
        ["version", "build"]
            .iter()
            .all(|name| object.pointer(&format!("/properties/{name}")).is_some())
    };
    let mut object = match target.pointer("/properties/product_version") {
        Some(wrapped) if is_product_version(wrapped) => wrapped.clone(),
        _ if is_product_version(&target) => target,
        _ => return None,
    };
    inline_root(&mut object);
    Some(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle_target() -> Value {
        json!({"type": "object", "required": ["product_version"], "properties": {"product_version": {
            "type": "object", "required": ["version", "build", "product_name"],
            "properties": {
                "version": {"type": "string"},
                "build": {"type": "integer", "description": "The build number"},
                "product_name": {"type": "string"}
            }
        }}})
    }

    #[test]
    fn the_integer_build_becomes_the_documented_object_wrapped_or_not() {
        // 25.2.20 wraps the object in a `product_version` member; 26.3.0 writes it as the
        // root, with the root's `$schema`.
        let mut unwrapped = bundle_target()["properties"]["product_version"].clone();
        unwrapped["$schema"] = json!("http://json-schema.org/draft-04/schema#");
        for target in [bundle_target(), unwrapped] {
            let mut login = json!({"properties": {"product_version": {"type": "object", "$ref": "product_version.schema.json"}}});
            let mut applied = Vec::new();
            let mut read = |path: &str| (path == TARGET).then(|| target.clone());
            apply(FILE, &mut login, &mut read, &mut applied);
            assert_eq!(
                login["properties"]["product_version"],
                json!({"type": "object", "required": ["version", "build"], "properties": {
                    "version": {"type": "string"},
                    "build": {"type": "string", "description": "The build number"},
                    "product_name": {"type": "string"}
                }}),
                "{target}"
            );
            assert_eq!(applied.len(), 1);
        }
    }

    #[test]
    fn other_files_and_other_shapes_are_left_alone() {
        let mut read = |_: &str| Some(bundle_target());
        let mut applied = Vec::new();
        let written_out =
            json!({"properties": {"product_version": {"type": "object", "properties": {}}}});
        let mut login = written_out.clone();
        apply(FILE, &mut login, &mut read, &mut applied);
        let mut other =
            json!({"properties": {"product_version": {"$ref": "product_version.schema.json"}}});
        apply(
            "v2/product_version_get.schema.json",
            &mut other,
            &mut read,
            &mut applied,
        );
        let by_ref =
            json!({"properties": {"product_version": {"$ref": "product_version.schema.json"}}});
        let mut unknown_target = by_ref.clone();
        let mut read_other = |_: &str| Some(json!({"type": "object", "properties": {"name": {}}}));
        apply(FILE, &mut unknown_target, &mut read_other, &mut applied);
        assert_eq!(login, written_out);
        assert_eq!(unknown_target, by_ref);
        assert!(applied.is_empty());
    }
}
