//! Resolution: one self-contained schema per file of a folder, every relative `$ref` replaced
//! by the schema it names, for tools that compare or inspect schemas instead of generating
//! code from them (`cargo xtask diff`).
//!
//! A resolved schema has no `$ref` to a schema that exists: the target is copied in its place
//! (draft-04 ignores a `$ref`'s sibling keywords, so they go), once per use, so a change in a
//! shared file shows wherever it is used. Two kinds of `$ref` stay:
//! - a `$ref` back to a schema that is being copied already (a cycle) is kept, respelt
//!   relative to the folder as `{"$ref": "v2/node.schema.json#/definitions/x"}`, so that the
//!   same cycle reads the same in two folders;
//! - a `$ref` to an absent file or location, or to a remote URL, is kept as written and
//!   listed in [`Resolved::missing`].
//!
//! `definitions` are removed: the ones that are used are copied where they are used, as the
//! generator only makes types for those.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pce_schema_repairs::walk::{for_each_subschema, push_pointer, replace_subschema};
use serde_json::{json, Value};

use crate::direction::Direction;
use crate::error::{MissingRef, Result};
use crate::load::{self, slashed, RefTarget};
use crate::location::Location;
use crate::settings::Settings;

/// A folder of schemas with every `$ref` resolved, and what the generator calls each schema.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Each `*.schema.json` of the folder (relative to it) → its schema, `$ref`s resolved.
    pub schemas: BTreeMap<PathBuf, Value>,
    /// Each schema file → the JSON pointer (in its resolved schema) of each `$ref` that was
    /// replaced → where the schema copied there was written.
    pub inlined: BTreeMap<PathBuf, BTreeMap<String, Location>>,
    /// The Rust type name the generator gives the schema written at a location, with the
    /// same settings: every file's root, every `$ref` target, every object schema and every
    /// naming-table entry.
    pub type_names: BTreeMap<Location, String>,
    /// The direction of every file root and `$ref` target that a file whose name tells its
    /// direction reaches, as the generator decides it (others travel both ways).
    pub directions: BTreeMap<Location, Direction>,
    /// `$ref`s left as written: absent targets and remote URLs, each once.
    pub missing: Vec<MissingRef>,
    /// Each file read (roots and the files they reference) → the named repairs applied to
    /// it, in order (empty when none).
    pub repairs: BTreeMap<PathBuf, Vec<pce_schema_repairs::Applied>>,
    /// Things the caller should know, e.g. why type names are unavailable.
    pub warnings: Vec<String>,
}

impl Resolved {
    /// Where the schema at `pointer` of the resolved `schema` was written.
    ///
    /// ```
    /// let resolved = illumio_pce_codegen::resolve(
    ///     std::path::Path::new("../schemas/25.2"),
    ///     &illumio_pce_codegen::Settings::new(),
    /// )?;
    /// let get = std::path::Path::new("v2/optional_features_get.schema.json");
    /// let origin = resolved.origin(get, "/items/properties/name");
    /// assert_eq!(origin.file, std::path::Path::new("v2/optional_feature.schema.json"));
    /// assert_eq!(origin.pointer, "/properties/name");
    /// assert_eq!(resolved.type_name(get, "/items"), Some("OptionalFeature"));
    /// # Ok::<(), illumio_pce_codegen::Error>(())
    /// ```
    pub fn origin(&self, schema: &Path, pointer: &str) -> Location {
        let inlined = self
            .inlined
            .get(schema)
            .into_iter()
            .flat_map(|m| m.range(..=pointer.to_owned()).rev())
            .find(|(at, _)| {
                pointer
                    .strip_prefix(at.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            });
        match inlined {
            Some((at, target)) => Location {
                file: target.file.clone(),
                pointer: format!("{}{}", target.pointer, &pointer[at.len()..]),
            },
            None => Location {
                file: schema.to_path_buf(),
                pointer: pointer.to_owned(),
            },
        }
    }

    /// The direction of the type at `pointer` of the resolved `schema`: that of the
    /// innermost file root or `$ref` target the schema there was written in.
    ///
    /// ```
    /// use illumio_pce_codegen::Direction;
    /// use std::path::Path;
    ///
    /// let resolved = illumio_pce_codegen::resolve(Path::new("../schemas/25.2"), &illumio_pce_codegen::Settings::new())?;
    /// let get = Path::new("v2/optional_features_get.schema.json");
    /// assert_eq!(resolved.direction(get, "/items"), Direction::Response);
    /// let put = Path::new("v2/optional_features_put.schema.json");
    /// assert_eq!(resolved.direction(put, "/items/oneOf/0"), Direction::Request);
    /// # Ok::<(), illumio_pce_codegen::Error>(())
    /// ```
    pub fn direction(&self, schema: &Path, pointer: &str) -> Direction {
        let origin = self.origin(schema, pointer);
        self.directions
            .range(Location::root(origin.file.clone())..=origin.clone())
            .rev()
            .find(|(at, _)| {
                at.file == origin.file
                    && origin
                        .pointer
                        .strip_prefix(at.pointer.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .map_or(Direction::Both, |(_, direction)| *direction)
    }

    /// The generator's type name for the schema at `pointer` of the resolved `schema`, if it
    /// defines a type of its own there.
    pub fn type_name(&self, schema: &Path, pointer: &str) -> Option<&str> {
        self.type_names
            .get(&self.origin(schema, pointer))
            .map(String::as_str)
    }
}

/// Resolves every `*.schema.json` under `dir` (recursively), after the fix-ups of `settings`;
/// type names follow its naming table. Fails like [`generate`](crate::generate) on files
/// that cannot be read or parsed and on failing fix-ups; absent `$ref` targets are not errors.
pub fn resolve(dir: &Path, settings: &Settings) -> Result<Resolved> {
    let mut loaded = load::load_folder(dir)?;
    load::apply_fixups(&mut loaded, settings)?;
    let mut resolved = Resolved::default();
    for file in loaded.files.keys() {
        resolved.repairs.insert(file.clone(), Vec::new());
    }
    for (file, applied) in &loaded.repairs {
        resolved
            .repairs
            .entry(file.clone())
            .or_default()
            .push(applied.clone());
    }
    for root in &loaded.roots {
        let Some(value) = loaded.files.get(root) else {
            continue;
        };
        let at = Location::root(root.clone());
        let mut resolver = Resolver {
            files: &loaded.files,
            stack: vec![at.clone()],
            inlined: BTreeMap::new(),
            missing: &mut resolved.missing,
        };
        let schema = resolver.schema(&at, value, "");
        let inlined = resolver.inlined;
        resolved.inlined.insert(root.clone(), inlined);
        resolved.schemas.insert(root.clone(), schema);
    }
    resolved.directions = crate::reach::directions(&loaded);
    let mut lenient = settings.clone();
    lenient.allow_missing_refs = true;
    match crate::model::build(&loaded, &lenient) {
        Ok(model) => resolved.type_names = model.by_location,
        Err(e) => resolved
            .warnings
            .push(format!("type names unavailable: {e}")),
    }
    Ok(resolved)
}

/// Copies one root schema with its `$ref`s resolved.
struct Resolver<'a> {
    files: &'a BTreeMap<PathBuf, Value>,
    /// The schemas being copied, outermost first: a `$ref` to one of them is a cycle.
    stack: Vec<Location>,
    /// Resolved pointer of each replaced `$ref` → where its target was written.
    inlined: BTreeMap<String, Location>,
    missing: &'a mut Vec<MissingRef>,
}

impl Resolver<'_> {
    /// The schema `value`, written at `at`, resolved; `out` is its pointer in the result.
    fn schema(&mut self, at: &Location, value: &Value, out: &str) -> Value {
        let Some(map) = value.as_object() else {
            return value.clone();
        };
        if let Some(Value::String(reference)) = map.get("$ref") {
            return self.reference(at, reference, out);
        }
        let mut resolved = map.clone();
        resolved.remove("definitions");
        let _ = for_each_subschema::<()>(map, |tokens, sub| {
            if tokens[0] != "definitions" {
                let child_at = Location {
                    file: at.file.clone(),
                    pointer: push_pointer(&at.pointer, &tokens),
                };
                let child = self.schema(&child_at, sub, &push_pointer(out, &tokens));
                replace_subschema(&mut resolved, &tokens, child);
            }
            Ok(())
        });
        Value::Object(resolved)
    }

    /// What replaces `{"$ref": reference}`, written at `at`.
    fn reference(&mut self, at: &Location, reference: &str, out: &str) -> Value {
        let target = RefTarget::resolve(&at.file, reference);
        let found = target.file.as_ref().and_then(|file| {
            let value = self.files.get(file)?.pointer(&target.pointer)?;
            let location = Location {
                file: file.clone(),
                pointer: target.pointer.clone(),
            };
            Some((location, value))
        });
        let Some((location, value)) = found else {
            let resolved = match &target.file {
                Some(file) if self.files.contains_key(file) => {
                    PathBuf::from(format!("{}#{}", slashed(file), target.pointer))
                }
                Some(file) => file.clone(),
                None => PathBuf::from(reference),
            };
            let missing = MissingRef {
                file: at.file.clone(),
                pointer: at.pointer.clone(),
                target: reference.to_owned(),
                resolved,
            };
            if !self.missing.contains(&missing) {
                self.missing.push(missing);
            }
            return json!({ "$ref": reference });
        };
        if self.stack.contains(&location) {
            let cycle = format!("{}#{}", slashed(&location.file), location.pointer);
            return json!({ "$ref": cycle });
        }
        self.inlined.insert(out.to_owned(), location.clone());
        self.stack.push(location.clone());
        let resolved = self.schema(&location, value, out);
        self.stack.pop();
        resolved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` (path, JSON) into a fresh folder under `target/` and resolves it.
    fn resolve_files(name: &str, files: &[(&str, Value)]) -> Resolved {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../target/codegen-tests/resolve")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        for (file, value) in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().expect("has a folder")).expect("mkdir");
            std::fs::write(&path, value.to_string()).expect("write");
        }
        resolve(&dir, &Settings::new()).expect("resolves")
    }

    #[test]
    fn copies_shared_files_into_every_user_and_drops_definitions() {
        let resolved = resolve_files(
            "shared",
            &[
                (
                    "v2/a_get.schema.json",
                    json!({"type": "object", "properties": {
                        "label": {"$ref": "../common/label.schema.json", "description": "ignored"},
                        "kind": {"$ref": "#/definitions/kind"}
                    }, "definitions": {"kind": {"enum": ["x"]}, "unused": {"$ref": "nowhere.json"}}}),
                ),
                (
                    "common/label.schema.json",
                    json!({"type": "object", "properties": {"href": {"type": "string"}}}),
                ),
            ],
        );
        let a = Path::new("v2/a_get.schema.json");
        assert_eq!(
            resolved.schemas[a],
            json!({"type": "object", "properties": {
                "label": {"type": "object", "properties": {"href": {"type": "string"}}},
                "kind": {"enum": ["x"]}
            }})
        );
        assert_eq!(resolved.schemas.len(), 2, "{:?}", resolved.schemas.keys());
        assert!(resolved.missing.is_empty(), "{:?}", resolved.missing);
        let origin = resolved.origin(a, "/properties/label/properties/href");
        assert_eq!(origin.file, Path::new("common/label.schema.json"));
        assert_eq!(origin.pointer, "/properties/href");
        assert_eq!(resolved.origin(a, "/properties/labels").file, a);
        assert_eq!(resolved.type_name(a, "/properties/label"), Some("Label"));
        assert_eq!(resolved.type_name(a, ""), Some("AGet"));
        assert_eq!(resolved.type_name(a, "/properties/kind"), Some("Kind"));
    }

    #[test]
    fn keeps_cycles_as_folder_relative_refs_and_lists_missing_targets_once() {
        let resolved = resolve_files(
            "cycle",
            &[(
                "v2/tree.schema.json",
                json!({"type": "object", "properties": {
                    "children": {"type": "array", "items": {"$ref": "#"}},
                    "node": {"$ref": "#/definitions/node"},
                    "gone": {"$ref": "gone.schema.json"},
                    "gone_too": {"$ref": "gone.schema.json"},
                    "remote": {"$ref": "http://example.com/x.json"}
                }, "definitions": {"node": {"type": "object", "properties": {
                    "next": {"$ref": "#/definitions/node"}}}}}),
            )],
        );
        let tree = &resolved.schemas[Path::new("v2/tree.schema.json")];
        assert_eq!(
            tree["properties"]["children"]["items"],
            json!({"$ref": "v2/tree.schema.json#"})
        );
        assert_eq!(
            tree["properties"]["node"]["properties"]["next"],
            json!({"$ref": "v2/tree.schema.json#/definitions/node"})
        );
        assert_eq!(
            tree["properties"]["gone"],
            json!({"$ref": "gone.schema.json"})
        );
        let missing: Vec<String> = resolved.missing.iter().map(|m| m.to_string()).collect();
        assert_eq!(
            missing,
            [
                "v2/tree.schema.json#/properties/gone: $ref \"gone.schema.json\" (no v2/gone.schema.json)",
                "v2/tree.schema.json#/properties/gone_too: $ref \"gone.schema.json\" (no v2/gone.schema.json)",
                "v2/tree.schema.json#/properties/remote: $ref \"http://example.com/x.json\" (no http://example.com/x.json)",
            ]
        );
    }

    #[test]
    fn names_come_from_the_naming_table_and_survive_unnameable_folders() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/24.1");
        let settings = Settings::new().name(
            "v2/optional_features_put.schema.json",
            "/items/oneOf/0/properties/name",
            "FeatureName",
        );
        let resolved = resolve(&dir, &settings).expect("resolves");
        let put = Path::new("v2/optional_features_put.schema.json");
        assert_eq!(
            resolved.type_name(put, "/items/oneOf/0/properties/name"),
            Some("FeatureName")
        );
        assert!(resolved.warnings.is_empty(), "{:?}", resolved.warnings);

        let settings = Settings::new().name("v2/absent.schema.json", "", "Absent");
        let resolved = resolve(&dir, &settings).expect("resolves without names");
        assert!(resolved.type_names.is_empty());
        assert!(
            resolved.warnings[0].starts_with("type names unavailable: "),
            "{:?}",
            resolved.warnings
        );
        assert_eq!(resolved.schemas.len(), 5);
    }
}
