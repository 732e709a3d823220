//! `$ref`s as paths inside a bundle: joining a relative `$ref` to the file it is written in,
//! and rewriting the `$ref`s of a schema copied from one file into another so that they
//! still name the same schemas.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::walk::for_each_subschema_mut;

/// `dir/relative`, with `.` and `..` collapsed; `None` when it leaves the bundle.
pub fn join(dir: &Path, relative: &str) -> Option<String> {
    let mut out = PathBuf::new();
    for component in dir.join(relative).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out.to_string_lossy().replace('\\', "/"))
}

/// Rewrites the `$ref`s of `schema`, copied from the file `from` into the file `into`, so
/// they name the same schemas.
pub fn rebase(schema: &mut Value, from: &str, into: &str) {
    let Value::Object(map) = schema else { return };
    if let Some(Value::String(reference)) = map.get_mut("$ref") {
        let (file_part, fragment) = reference
            .split_once('#')
            .unwrap_or((reference.as_str(), ""));
        if !file_part.contains("://") {
            let target = if file_part.is_empty() {
                Some(from.to_owned())
            } else {
                join(Path::new(from).parent().unwrap_or(Path::new("")), file_part)
            };
            if let Some(target) = target {
                let relative = relative_to(&target, into);
                *reference = if fragment.is_empty() {
                    relative
                } else {
                    format!("{relative}#{fragment}")
                };
            }
        }
    }
    for_each_subschema_mut(map, |_, sub| rebase(sub, from, into));
}

/// The path of `target` (inside the bundle) as a `$ref` written in `file` spells it.
pub fn relative_to(target: &str, file: &str) -> String {
    let target_parts: Vec<&str> = target.split('/').collect();
    let dir_parts: Vec<&str> = file.split('/').collect();
    let dir_parts = &dir_parts[..dir_parts.len().saturating_sub(1)];
    let common = target_parts
        .iter()
        .zip(dir_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let ups = dir_parts.len() - common;
    let mut parts: Vec<&str> = vec![".."; ups];
    parts.extend(&target_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn copied_refs_keep_naming_the_same_schema() {
        let mut schema =
            json!({"$ref": "#/definitions/x", "properties": {"a": {"$ref": "b.schema.json"}}});
        rebase(&mut schema, "common/c.schema.json", "v2/d.schema.json");
        assert_eq!(
            schema,
            json!({"$ref": "../common/c.schema.json#/definitions/x", "properties": {"a": {"$ref": "../common/b.schema.json"}}})
        );
        assert_eq!(relative_to("v2/x.json", "v2/y.json"), "x.json");
    }
}
