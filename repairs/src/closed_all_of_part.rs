//! `closed_all_of_part`: an `allOf` whose parts add properties to a part that is closed
//! (`additionalProperties: false`).
//!
//! In draft-04 each part is checked on its own, so a closed part refuses the properties the
//! other parts add, and the whole can never hold: 25.2.20's `orgs_auth_security_principal_get`
//! is `allOf` of the closed `orgs_auth_security_principal` and of `{"required": ["href"]}`,
//! so no principal with its `href` is valid. Illumio's own schemas say why (`"Don't set
//! additionalProperties:false here as it collides with usage in allOf"`). The repair reads the
//! closure as meant, over the union of the parts: the closed parts are copied in open, and the
//! schema holding the `allOf` lists every property of every part and is closed itself.

use std::path::Path;

use serde_json::{json, Value};

use crate::refs::{join, rebase};
use crate::walk::{for_each_subschema_mut, inline_root, push_pointer};
use crate::{Applied, Repair};

/// This repair.
pub(crate) const REPAIR: Repair = Repair {
    name: "closed_all_of_part",
    summary: "an `allOf` part closed with `additionalProperties: false` that the other parts \
              add properties to is read as closing the whole: the part opened, the holder \
              closed over every part's properties",
};

/// Repairs every such `allOf` in `schema`, the file `file` (its path inside the bundle),
/// written at `pointer`.
pub(crate) fn apply(
    file: &str,
    root: &Value,
    schema: &mut Value,
    pointer: &str,
    read: &mut dyn FnMut(&str) -> Option<Value>,
    applied: &mut Vec<Applied>,
) {
    let Value::Object(map) = schema else { return };
    if let Some(Value::Array(parts)) = map.get("allOf") {
        let resolved: Vec<(Option<String>, Value)> = parts
            .iter()
            .map(|part| match part.get("$ref").and_then(Value::as_str) {
                Some(reference) => match target(file, root, reference, read) {
                    Some((target_file, value)) => (Some(target_file), value),
                    None => (None, part.clone()),
                },
                None => (None, part.clone()),
            })
            .collect();
        let names = |part: &Value| -> Vec<String> {
            part.get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default()
        };
        let mut all: Vec<String> = names(&Value::Object(map.clone()));
        for (_, part) in &resolved {
            for name in names(part) {
                if !all.contains(&name) {
                    all.push(name);
                }
            }
        }
        let closed_and_short = |part: &Value| {
            part.get("additionalProperties") == Some(&Value::Bool(false))
                && names(part).len() < all.len()
        };
        if resolved.iter().any(|(_, part)| closed_and_short(part)) {
            let opened: Vec<Value> = resolved
                .into_iter()
                .zip(parts.iter())
                .map(|((from, part), original)| {
                    if !closed_and_short(&part) {
                        return original.clone();
                    }
                    let mut open = part;
                    inline_root(&mut open);
                    if let Value::Object(open_map) = &mut open {
                        open_map.remove("additionalProperties");
                    }
                    if let Some(from) = from {
                        rebase(&mut open, &from, file);
                    }
                    open
                })
                .collect();
            map.insert("allOf".to_owned(), Value::Array(opened));
            let properties = map.entry("properties").or_insert_with(|| json!({}));
            if let Value::Object(properties) = properties {
                for name in &all {
                    properties.entry(name.clone()).or_insert_with(|| json!({}));
                }
            }
            map.insert("additionalProperties".to_owned(), Value::Bool(false));
            applied.push(Applied {
                repair: REPAIR.name,
                pointer: pointer.to_owned(),
            });
        }
    }
    for_each_subschema_mut(map, |tokens, sub| {
        apply(
            file,
            root,
            sub,
            &push_pointer(pointer, &tokens),
            read,
            applied,
        );
    });
}

/// Whether `schema` holds an `allOf` anywhere (the repair copies the file only then).
pub(crate) fn has_all_of(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => map.contains_key("allOf") || map.values().any(has_all_of),
        Value::Array(items) => items.iter().any(has_all_of),
        _ => false,
    }
}

/// The file (inside the bundle) and schema a `$ref` written in `file` names.
fn target(
    file: &str,
    root: &Value,
    reference: &str,
    read: &mut dyn FnMut(&str) -> Option<Value>,
) -> Option<(String, Value)> {
    let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let (target_file, document) = if file_part.is_empty() {
        (file.to_owned(), root.clone())
    } else {
        let joined = join(Path::new(file).parent().unwrap_or(Path::new("")), file_part)?;
        let document = read(&joined)?;
        (joined, document)
    };
    let value = if fragment.is_empty() {
        document
    } else {
        document.pointer(fragment)?.clone()
    };
    Some((target_file, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal() -> Value {
        json!({"type": "object", "additionalProperties": false, "required": ["name"],
               "properties": {"name": {"type": "string"}, "role": {"$ref": "../common/role.schema.json"}}})
    }

    #[test]
    fn the_closed_part_opens_and_the_whole_closes_over_every_property() {
        let mut schema = json!({"type": "object", "allOf": [
            {"$ref": "principal.schema.json"},
            {"$ref": "uri.schema.json"}
        ]});
        let root = schema.clone();
        let mut read = |path: &str| match path {
            "v2/principal.schema.json" => Some(principal()),
            "v2/uri.schema.json" => {
                Some(json!({"required": ["href"], "properties": {"href": {"type": "string"}}}))
            }
            _ => None,
        };
        let mut applied = Vec::new();
        apply(
            "v2/principal_get.schema.json",
            &root,
            &mut schema,
            "",
            &mut read,
            &mut applied,
        );
        assert_eq!(
            schema,
            json!({"type": "object", "additionalProperties": false,
            "properties": {"name": {}, "role": {}, "href": {}},
            "allOf": [
                {"type": "object", "required": ["name"],
                 "properties": {"name": {"type": "string"}, "role": {"$ref": "../common/role.schema.json"}}},
                {"$ref": "uri.schema.json"}
            ]})
        );
        assert_eq!(applied.len(), 1);
    }

    #[test]
    fn a_closed_part_nothing_adds_to_stays_closed() {
        let mut schema = json!({"allOf": [{"$ref": "principal.schema.json"}]});
        let root = schema.clone();
        let mut read = |_: &str| Some(principal());
        let mut applied = Vec::new();
        apply(
            "v2/principals_post.schema.json",
            &root,
            &mut schema,
            "",
            &mut read,
            &mut applied,
        );
        assert_eq!(
            schema,
            json!({"allOf": [{"$ref": "principal.schema.json"}]})
        );
        assert!(applied.is_empty());
    }
}
