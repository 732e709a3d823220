//! The comparison: walks the old and the new resolved schema of each file side by side and
//! lists what changed, each change judged by [`rules`](super::rules) for the direction of the
//! type it is in, as the generator decides it ([`Resolved::direction`]).
//!
//! Compared: JSON types, `enum` values, composition (`oneOf`, `anyOf`, `allOf`: branch by
//! branch), `properties` and `required`, `additionalProperties` (open or closed, and its
//! schema), `items`. Not compared, as they don't change which Rust types code uses:
//! descriptions and titles, validation constraints (`pattern`, `format`, bounds, lengths),
//! `patternProperties`, `dependencies`, `additionalItems` and `not`. Where the type of a
//! schema changed, what lies below it is not compared: it is all new.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{json, Map, Value};

use super::model::{Change, Kind};
use super::rules::classify;
use crate::direction::Direction;
use crate::location::Location;
use crate::resolve::Resolved;

/// Every change from `old` to `new`, by schema file (sorted), each in the order of its
/// schema.
pub(crate) fn compare(old: &Resolved, new: &Resolved) -> Vec<Change> {
    let files: BTreeSet<&Path> = old
        .schemas
        .keys()
        .chain(new.schemas.keys())
        .map(|f| f.as_path())
        .collect();
    let mut changes = Vec::new();
    for file in files {
        let mut walk = Walk {
            old,
            new,
            file,
            changes: Vec::new(),
        };
        match (old.schemas.get(file), new.schemas.get(file)) {
            (Some(_), None) => walk.push("", Kind::SchemaRemoved),
            (None, Some(_)) => walk.push("", Kind::SchemaAdded),
            (Some(before), Some(after)) => walk.node("", before, after),
            (None, None) => {}
        }
        changes.extend(walk.changes.into_iter().map(|(change, _)| change));
    }
    changes
}

/// The comparison of one schema file.
struct Walk<'a> {
    old: &'a Resolved,
    new: &'a Resolved,
    file: &'a Path,
    /// The changes so far, with where their schema was written (old, new).
    changes: Vec<(Change, (Location, Location))>,
}

impl Walk<'_> {
    /// Compares the schemas at `pointer`.
    fn node(&mut self, pointer: &str, old: &Value, new: &Value) {
        let (from, to) = (shape(old), shape(new));
        if from != to {
            // `null` gained or lost by a property whose type is written: its field is an
            // `Option` either way; anywhere else (an item, a root) the Rust type changes.
            let same_but_null = is_property(pointer)
                && shape(&without_null(old)) == shape(&without_null(new))
                && !json_types_of(&without_null(old)).is_empty();
            match (admits_null(old), admits_null(new)) {
                (false, true) if same_but_null => self.push(pointer, Kind::NullAdded),
                (true, false) if same_but_null => self.push(pointer, Kind::NullRemoved),
                _ => {
                    self.push(pointer, Kind::TypeChanged { from, to });
                    return;
                }
            }
        }
        let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
            return;
        };
        if let (Some(Value::Array(before)), Some(Value::Array(after))) =
            (old.get("enum"), new.get("enum"))
        {
            let added: Vec<Value> = after
                .iter()
                .filter(|v| !before.contains(v))
                .cloned()
                .collect();
            let removed: Vec<Value> = before
                .iter()
                .filter(|v| !after.contains(v))
                .cloned()
                .collect();
            if !added.is_empty() {
                self.push(pointer, Kind::EnumValuesAdded { values: added });
            }
            if !removed.is_empty() {
                self.push(pointer, Kind::EnumValuesRemoved { values: removed });
            }
        }
        if is_object(old) || is_object(new) {
            self.object(pointer, old, new);
        }
        match (old.get("items"), new.get("items")) {
            (Some(before @ Value::Object(_)), Some(after @ Value::Object(_))) => {
                self.node(&child(pointer, &["items"]), before, after);
            }
            (Some(Value::Array(before)), Some(Value::Array(after))) => {
                for (index, (b, a)) in before.iter().zip(after).enumerate() {
                    self.node(&child(pointer, &["items", &index.to_string()]), b, a);
                }
            }
            _ => {}
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let (Some(Value::Array(before)), Some(Value::Array(after))) =
                (old.get(keyword), new.get(keyword))
            {
                for (index, (b, a)) in before.iter().zip(after).enumerate() {
                    self.node(&child(pointer, &[keyword, &index.to_string()]), b, a);
                }
            }
        }
    }

    /// Compares the object keywords of the schemas at `pointer`.
    fn object(&mut self, pointer: &str, old: &Map<String, Value>, new: &Map<String, Value>) {
        match (is_closed(old), is_closed(new)) {
            (true, false) => self.push(pointer, Kind::Opened),
            (false, true) => self.push(pointer, Kind::Closed),
            _ => {}
        }
        let (old_properties, new_properties) = (properties(old), properties(new));
        let (old_required, new_required) = (required(old), required(new));
        let names: BTreeSet<&String> = old_properties.keys().chain(new_properties.keys()).collect();
        for name in names {
            let property = name.clone();
            let required_before = old_required.contains(name.as_str());
            let required_after = new_required.contains(name.as_str());
            match (old_properties.get(name), new_properties.get(name)) {
                (None, Some(_)) => {
                    let kind = Kind::PropertyAdded {
                        property,
                        required: required_after,
                    };
                    self.push(pointer, kind);
                }
                (Some(_), None) => {
                    let kind = Kind::PropertyRemoved {
                        property,
                        required: required_before,
                    };
                    self.push(pointer, kind);
                }
                (Some(before), Some(after)) => {
                    match (required_before, required_after) {
                        (false, true) => {
                            self.push(pointer, Kind::BecameRequired { property });
                        }
                        (true, false) => {
                            self.push(pointer, Kind::BecameOptional { property });
                        }
                        _ => {}
                    }
                    self.node(&child(pointer, &["properties", name]), before, after);
                }
                (None, None) => {}
            }
        }
        if let (Some(before), Some(after)) = (extra_schema(old), extra_schema(new)) {
            self.node(&child(pointer, &["additionalProperties"]), &before, &after);
        }
    }

    /// Records `kind` at `pointer`, or adds `pointer` to the same change of the same schema
    /// met at another place.
    fn push(&mut self, pointer: &str, kind: Kind) {
        let origins = (
            self.old.origin(self.file, pointer),
            self.new.origin(self.file, pointer),
        );
        let seen = self
            .changes
            .iter_mut()
            .find(|(change, at)| change.kind == kind && *at == origins);
        if let Some((change, _)) = seen {
            change.also_at.push(pointer.to_owned());
            return;
        }
        let direction = self.direction(pointer);
        let verdict = classify(&kind, direction);
        let change = Change {
            schema: slashed(self.file),
            direction,
            pointer: pointer.to_owned(),
            also_at: Vec::new(),
            rust_name: self.rust_name(pointer),
            kind,
            breaking: verdict.breaking,
            reason: verdict.reason,
        };
        self.changes.push((change, origins));
    }

    /// The direction of the type at `pointer`: the old release's and the new one's joined
    /// (a schema removed or added has one).
    fn direction(&self, pointer: &str) -> Direction {
        let sides = [self.old, self.new]
            .into_iter()
            .filter(|side| side.schemas.contains_key(self.file))
            .map(|side| side.direction(self.file, pointer));
        sides.reduce(Direction::join).unwrap_or(Direction::Both)
    }

    /// The generated type at `pointer` (old release first), or `Type.field` when the type
    /// holding it as a property is all there is.
    fn rust_name(&self, pointer: &str) -> Option<String> {
        let name = |pointer: &str| {
            self.old
                .type_name(self.file, pointer)
                .or_else(|| self.new.type_name(self.file, pointer))
        };
        if let Some(name) = name(pointer) {
            return Some(name.to_owned());
        }
        let (parent, field) = pointer.rsplit_once('/')?;
        let holder = parent.strip_suffix("/properties")?;
        let field = field.replace("~1", "/").replace("~0", "~");
        name(holder).map(|holder| format!("{holder}.{field}"))
    }
}

/// Whether the schema at `pointer` is a property's (`…/properties/<name>`).
fn is_property(pointer: &str) -> bool {
    pointer
        .rsplit_once('/')
        .is_some_and(|(holder, _)| holder.ends_with("/properties"))
}

/// The JSON types a schema declares.
fn json_types_of(schema: &Value) -> Vec<&str> {
    schema.as_object().map(json_types).unwrap_or_default()
}

/// Whether a schema's `type` (or `enum`) admits `null`.
fn admits_null(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    json_types(map).contains(&"null")
        || map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_null))
}

/// `schema` with `null` taken out of its `type` and its `enum`.
fn without_null(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Value::Object(map) = &mut schema {
        match map.get_mut("type") {
            Some(Value::Array(types)) => types.retain(|t| t != "null"),
            Some(Value::String(t)) if t == "null" => {
                map.remove("type");
            }
            _ => {}
        }
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
    }
    schema
}

/// The type of a schema as the comparison sees it, e.g. `string`, `null | string`,
/// `string enum`, `object`, `oneOf of 2`, or `$ref v2/x.schema.json#` for a cycle or an
/// unresolved `$ref`.
fn shape(schema: &Value) -> String {
    let map = match schema {
        Value::Object(map) => map,
        Value::Bool(false) => return "nothing".to_owned(),
        _ => return "any".to_owned(),
    };
    if let Some(Value::String(reference)) = map.get("$ref") {
        return format!("$ref {reference}");
    }
    let mut types = json_types(map);
    if types.is_empty() && map.contains_key("properties") {
        types.push("object");
    }
    types.sort_by_key(|t| (*t == "null", *t));
    types.dedup();
    let types = types.join(" | ");
    let mut parts = Vec::new();
    match (map.contains_key("enum"), types.is_empty()) {
        (true, true) => parts.push("enum".to_owned()),
        (true, false) => parts.push(format!("{types} enum")),
        (false, false) => parts.push(types),
        (false, true) => {}
    }
    if let Some(Value::Array(items)) = map.get("items") {
        parts.push(format!("tuple of {}", items.len()));
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = map.get(keyword) {
            parts.push(format!("{keyword} of {}", branches.len()));
        }
    }
    if parts.is_empty() {
        "any".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Whether the schema describes an object, as the generator decides it.
fn is_object(schema: &Map<String, Value>) -> bool {
    schema.contains_key("properties") || json_types(schema).contains(&"object")
}

/// The JSON types the `type` keyword names.
fn json_types(schema: &Map<String, Value>) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_closed(schema: &Map<String, Value>) -> bool {
    schema.get("additionalProperties") == Some(&Value::Bool(false))
}

/// The schema of properties an object does not list, unless it is closed (absent = any).
fn extra_schema(schema: &Map<String, Value>) -> Option<Value> {
    match schema.get("additionalProperties") {
        None | Some(Value::Bool(true)) => Some(json!({})),
        Some(value @ Value::Object(_)) => Some(value.clone()),
        Some(_) => None,
    }
}

fn properties(schema: &Map<String, Value>) -> Map<String, Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn required(schema: &Map<String, Value>) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// `pointer` with `tokens` appended, escaped.
fn child(pointer: &str, tokens: &[&str]) -> String {
    let mut out = pointer.to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// A relative path with `/` between its parts, whatever the platform.
fn slashed(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_name_types_enums_and_composition() {
        assert_eq!(shape(&json!({"type": "string"})), "string");
        assert_eq!(shape(&json!({"type": ["null", "string"]})), "string | null");
        assert_eq!(
            shape(&json!({"type": "string", "enum": ["a"]})),
            "string enum"
        );
        assert_eq!(shape(&json!({"enum": [1]})), "enum");
        assert_eq!(shape(&json!({"properties": {}})), "object");
        assert_eq!(shape(&json!({"oneOf": [{}, {}]})), "oneOf of 2");
        assert_eq!(
            shape(&json!({"$ref": "v2/a.schema.json#"})),
            "$ref v2/a.schema.json#"
        );
        assert_eq!(shape(&json!({"description": "x"})), "any");
        assert_eq!(shape(&json!(true)), "any");
    }

    #[test]
    fn child_pointers_escape_their_tokens() {
        assert_eq!(
            child("/items", &["properties", "a/b~c"]),
            "/items/properties/a~1b~0c"
        );
    }
}
