//! Bundling: turns the loaded files into one set of named definitions for typify.
//!
//! Every file's root, every `$ref` target and every naming-table entry gets a type name;
//! every object schema is hoisted into a definition of its own with a readable name; every
//! `$ref` is rewritten to `#/definitions/<Name>`; every schema is normalized.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::error::{Error, MissingRef, Result};
use crate::load::{collect_refs, Loaded, RefTarget};
use crate::naming::{file_type_name, nested_type_name, pascal, Names};
use crate::normalize::{admits_null, is_object, normalize_keywords};
use crate::settings::Settings;
use crate::walk::{for_each_subschema, push_pointer, replace_subschema};

/// Where a definition came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Schema file, relative to the schema folder.
    pub file: PathBuf,
    /// JSON pointer inside the file.
    pub pointer: String,
}

/// How a property of an object type may appear in a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Always present.
    Required,
    /// May be absent; `null` is not allowed.
    Optional,
    /// May be absent or `null`, which mean different things to the PCE.
    OptionalOrNull,
}

/// The definitions handed to typify, with what the later stages need to know about them.
#[derive(Debug, Default)]
pub(crate) struct Bundle {
    /// Type name → normalized schema.
    pub definitions: BTreeMap<String, Value>,
    /// Type name → where its schema is.
    pub origins: BTreeMap<String, Origin>,
    /// Struct name → JSON property name → presence.
    pub objects: BTreeMap<String, BTreeMap<String, Presence>>,
    /// `$ref`s replaced by `serde_json::Value` because their target is absent.
    pub warnings: Vec<String>,
}

/// Bundles `loaded` under `settings`.
pub(crate) fn bundle(loaded: &Loaded, settings: &Settings) -> Result<Bundle> {
    let mut bundler = Bundler::new(loaded);
    bundler.name_targets(settings)?;
    let targets: Vec<((PathBuf, String), String)> = bundler
        .targets
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for ((file, pointer), name) in targets {
        if let Some(value) = loaded.files.get(&file).and_then(|v| v.pointer(&pointer)) {
            bundler.define(&name, &file, &pointer, value)?;
        }
    }
    let missing = std::mem::take(&mut bundler.missing);
    if !missing.is_empty() {
        if !settings.allow_missing_refs {
            return Err(Error::MissingRefs { missing });
        }
        bundler.bundle.warnings = missing
            .iter()
            .map(|m| format!("{m}: generated as serde_json::Value"))
            .collect();
    }
    bundler.bundle.objects = objects(&bundler.bundle.definitions);
    Ok(bundler.bundle)
}

struct Bundler<'a> {
    loaded: &'a Loaded,
    names: Names,
    /// (file, pointer) → type name of every schema that gets a definition of its own.
    targets: BTreeMap<(PathBuf, String), String>,
    missing: Vec<MissingRef>,
    bundle: Bundle,
}

impl<'a> Bundler<'a> {
    fn new(loaded: &'a Loaded) -> Self {
        Self {
            loaded,
            names: Names::default(),
            targets: BTreeMap::new(),
            missing: loaded.missing.clone(),
            bundle: Bundle::default(),
        }
    }

    /// Names the naming-table entries, then each file's root, then `$ref` targets.
    fn name_targets(&mut self, settings: &Settings) -> Result<()> {
        for ((file, pointer), name) in &settings.names {
            let exists = self
                .loaded
                .files
                .get(file)
                .and_then(|v| v.pointer(pointer))
                .is_some();
            if !exists {
                let what = format!("naming table entry {name}");
                return Err(Error::UnknownLocation {
                    file: file.clone(),
                    pointer: pointer.clone(),
                    what,
                });
            }
            if !self.names.claim(name) {
                return Err(Error::DuplicateName {
                    file: file.clone(),
                    pointer: pointer.clone(),
                    name: name.clone(),
                });
            }
            self.targets
                .insert((file.clone(), pointer.clone()), name.clone());
        }
        let mut stems: BTreeMap<String, Vec<&PathBuf>> = BTreeMap::new();
        for file in self.loaded.files.keys() {
            stems.entry(file_type_name(file)).or_default().push(file);
        }
        for (stem, files) in stems {
            for file in &files {
                let key = ((*file).clone(), String::new());
                if self.targets.contains_key(&key) {
                    continue;
                }
                let name = if files.len() == 1 {
                    self.names.unique(&stem, "")
                } else {
                    self.names
                        .unique(&format!("{}{stem}", folder_prefix(file)), "")
                };
                self.targets.insert(key, name);
            }
        }
        for (file, value) in &self.loaded.files {
            let mut refs = Vec::new();
            collect_refs(value, "", &mut refs);
            for (holder, reference) in refs {
                let target = RefTarget::resolve(file, &reference);
                let Some(target_file) = target.file else {
                    continue;
                };
                let Some(target_value) = self.loaded.files.get(&target_file) else {
                    continue;
                };
                let key = (target_file.clone(), target.pointer.clone());
                if self.targets.contains_key(&key) {
                    continue;
                }
                if target_value.pointer(&target.pointer).is_none() {
                    let resolved =
                        PathBuf::from(format!("{}#{}", target_file.display(), target.pointer));
                    self.missing.push(MissingRef {
                        file: file.clone(),
                        pointer: holder,
                        target: reference,
                        resolved,
                    });
                    continue;
                }
                let last = target.pointer.rsplit('/').next().unwrap_or_default();
                let owner = self
                    .targets
                    .get(&(target_file.clone(), String::new()))
                    .cloned()
                    .unwrap_or_default();
                let name = self.names.unique(&pascal(last), &owner);
                self.targets.insert(key, name);
            }
        }
        Ok(())
    }

    /// Adds the definition `name` for the schema at `pointer` in `file`, once.
    fn define(&mut self, name: &str, file: &Path, pointer: &str, value: &Value) -> Result<()> {
        if self.bundle.definitions.contains_key(name) {
            return Ok(());
        }
        self.bundle.definitions.insert(name.to_owned(), Value::Null);
        let origin = Origin {
            file: file.to_path_buf(),
            pointer: pointer.to_owned(),
        };
        self.bundle.origins.insert(name.to_owned(), origin);
        let schema = self.walk(file, pointer, value, name, &[])?;
        self.bundle.definitions.insert(name.to_owned(), schema);
        Ok(())
    }

    /// Normalizes the schema at `pointer`, which lies at `rel` below the type `owner`.
    fn walk(
        &mut self,
        file: &Path,
        pointer: &str,
        value: &Value,
        owner: &str,
        rel: &[String],
    ) -> Result<Value> {
        let Some(map) = value.as_object() else {
            return Ok(value.clone());
        };
        if !rel.is_empty() {
            let key = (file.to_path_buf(), pointer.to_owned());
            let hoisted = match self.targets.get(&key) {
                Some(name) => Some(name.clone()),
                None if is_object(map) && !map.contains_key("$ref") => {
                    let name = self.names.unique(&nested_type_name(owner, rel), owner);
                    self.targets.insert(key, name.clone());
                    Some(name)
                }
                None => None,
            };
            if let Some(name) = hoisted {
                self.define(&name, file, pointer, value)?;
                let mut reference = definition_ref(&name);
                if let Some(description) = map.get("description").filter(|d| d.is_string()) {
                    reference["description"] = description.clone();
                }
                return Ok(reference);
            }
        }
        if let Some(Value::String(reference)) = map.get("$ref") {
            return Ok(self.reference(file, reference));
        }
        let invalid = |reason| Error::InvalidSchema {
            file: file.to_path_buf(),
            pointer: pointer.to_owned(),
            reason,
        };
        let mut out = normalize_keywords(map).map_err(invalid)?;
        for_each_subschema(map, |tokens, sub| {
            if !out.contains_key(&tokens[0]) {
                return Ok(());
            }
            let child_rel = [rel, &tokens[..]].concat();
            let child = self.walk(
                file,
                &push_pointer(pointer, &tokens),
                sub,
                owner,
                &child_rel,
            )?;
            replace_subschema(&mut out, &tokens, child);
            Ok(())
        })?;
        Ok(Value::Object(out))
    }

    /// The schema that replaces `{"$ref": reference}` written in `file`.
    fn reference(&self, file: &Path, reference: &str) -> Value {
        let target = RefTarget::resolve(file, reference);
        let name = target
            .file
            .and_then(|f| self.targets.get(&(f, target.pointer)));
        match name {
            Some(name) => definition_ref(name),
            None => json!({ "description": format!("`{reference}`, which is not available.") }),
        }
    }
}

/// `v2/x.schema.json` → `V2`, used to tell apart files of the same name.
fn folder_prefix(file: &Path) -> String {
    let folder = file
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy());
    pascal(folder.as_deref().unwrap_or("Root"))
}

fn definition_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/definitions/{name}") })
}

/// The presence of each property of each object definition.
fn objects(definitions: &BTreeMap<String, Value>) -> BTreeMap<String, BTreeMap<String, Presence>> {
    let resolve = |reference: &str| {
        reference
            .strip_prefix("#/definitions/")
            .and_then(|name| definitions.get(name).cloned())
    };
    let mut objects = BTreeMap::new();
    for (name, schema) in definitions {
        let Some(map) = schema.as_object().filter(|m| is_object(m)) else {
            continue;
        };
        let required: BTreeSet<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties = map
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let presence = properties
            .iter()
            .map(|(property, schema)| {
                let presence = if required.contains(property.as_str()) {
                    Presence::Required
                } else if admits_null(schema, &resolve, 0) {
                    Presence::OptionalOrNull
                } else {
                    Presence::Optional
                };
                (property.clone(), presence)
            })
            .collect();
        objects.insert(name.clone(), presence);
    }
    objects
}
