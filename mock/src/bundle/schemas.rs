//! A bundle's schema files, read through the named repairs as the generator reads them, and
//! `jsonschema` validators for any schema inside them (a file, or a part of one by JSON
//! pointer), compiled on first use: as written (examples, request bodies), or the way PCEs
//! answer (the mock's check of its own answers: any property `null` or absent,
//! [`pce_schema_repairs::read_as_sent`]). `$ref`s resolve among the bundle's files only; a
//! `$ref` to a file the bundle lacks, or to one outside it (`/agent/schema/v2/…`), reads as
//! `{}` (any value), as the `ref_outside_bundle` repair does. Nothing is ever fetched.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

use crate::lock;

/// Base URI of the bundle's files: `file:///bundle/<path>`.
const BASE: &str = "file:///bundle/";
/// Where the one-`$ref` schema a validator is compiled from sits (no file of a bundle).
const ROOT: &str = "validated-place";

/// A schema inside the bundle: a file (`v2/labels_get.schema.json`) and a JSON pointer in it
/// (`""` for the whole file).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Place {
    /// The file, relative to the bundle folder.
    pub(crate) file: String,
    /// The JSON pointer inside it.
    pub(crate) pointer: String,
}

impl Place {
    /// The whole of `file`.
    pub(crate) fn file(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            pointer: String::new(),
        }
    }

    /// The schema under `token` of this one (`properties`, `items`, `oneOf/0`, …).
    pub(crate) fn child(&self, tokens: &[&str]) -> Self {
        let mut pointer = self.pointer.clone();
        for token in tokens {
            pointer.push('/');
            pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
        }
        Self {
            file: self.file.clone(),
            pointer,
        }
    }

    /// The place a `$ref` written at this place names, if it stays in the bundle.
    pub(crate) fn follow(&self, reference: &str) -> Option<Self> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.is_empty() {
            self.file.clone()
        } else {
            let dir = Path::new(&self.file).parent().unwrap_or(Path::new(""));
            pce_schema_repairs::refs::join(dir, file_part)?
        };
        Some(Self {
            file,
            pointer: fragment.to_owned(),
        })
    }
}

/// The schema files of a bundle and their validators.
pub(crate) struct Schemas {
    files: Arc<BTreeMap<String, Value>>,
    /// The same files, read the way PCEs answer.
    as_sent: Arc<BTreeMap<String, Value>>,
    validators: Mutex<HashMap<(Place, bool), Arc<Validator>>>,
}

impl std::fmt::Debug for Schemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schemas")
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

impl Schemas {
    /// Reads every `*.json` file of `bundle/v2` and `bundle/common`, repaired.
    pub(crate) fn load(bundle: &Path) -> std::io::Result<Self> {
        let mut raw = BTreeMap::new();
        for folder in ["v2", "common"] {
            let dir = bundle.join(folder);
            if !dir.is_dir() {
                continue;
            }
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(&path)?;
                    let value: Value = serde_json::from_str(&text)
                        .map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))?;
                    raw.insert(pce_schema_repairs::path_in_bundle(&path), value);
                }
            }
        }
        let mut files = BTreeMap::new();
        for (file, schema) in &raw {
            let mut schema = schema.clone();
            pce_schema_repairs::repair_file(file, &mut schema, &mut |other| {
                raw.get(other).cloned()
            });
            files.insert(file.clone(), schema);
        }
        let mut as_sent = files.clone();
        as_sent
            .values_mut()
            .for_each(pce_schema_repairs::read_as_sent);
        Ok(Self {
            files: Arc::new(files),
            as_sent: Arc::new(as_sent),
            validators: Mutex::default(),
        })
    }

    /// Whether the bundle has `file`.
    pub(crate) fn has(&self, file: &str) -> bool {
        self.files.contains_key(file)
    }

    /// The schema at `place`, `None` if there is none.
    pub(crate) fn get(&self, place: &Place) -> Option<&Value> {
        self.files.get(&place.file)?.pointer(&place.pointer)
    }

    /// Every violation of the schema at `place` by `instance`, as `pointer: message`; empty
    /// when it is valid.
    pub(crate) fn violations(
        &self,
        place: &Place,
        instance: &Value,
    ) -> Result<Vec<Violation>, String> {
        let validator = self.validator(place, false)?;
        Ok(listed(&validator, instance))
    }

    /// Every violation of the schema at `place` by the answer `instance`, read the way PCEs
    /// answer: any property `null` or absent.
    pub(crate) fn violations_as_sent(
        &self,
        place: &Place,
        instance: &Value,
    ) -> Result<Vec<Violation>, String> {
        let validator = self.validator(place, true)?;
        let mut instance = instance.clone();
        pce_schema_repairs::nulls_as_absent(&mut instance);
        Ok(listed(&validator, &instance))
    }

    /// Whether `instance` is valid for the schema at `place` (an uncompilable schema accepts
    /// nothing).
    pub(crate) fn is_valid(&self, place: &Place, instance: &Value) -> bool {
        self.validator(place, false)
            .is_ok_and(|validator| validator.is_valid(instance))
    }

    /// The validator of the schema at `place`, as written or (`as_sent`) the way PCEs answer.
    fn validator(&self, place: &Place, as_sent: bool) -> Result<Arc<Validator>, String> {
        let key = (place.clone(), as_sent);
        if let Some(validator) = lock(&self.validators).get(&key) {
            return Ok(Arc::clone(validator));
        }
        let files = if as_sent { &self.as_sent } else { &self.files };
        let root = serde_json::json!({ "$ref": format!("{BASE}{}#{}", place.file, place.pointer) });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .with_base_uri(format!("{BASE}{ROOT}"))
            .with_retriever(InBundle(Arc::clone(files)))
            .build(&root)
            .map(Arc::new)
            .map_err(|e| format!("{}#{}: {e}", place.file, place.pointer))?;
        lock(&self.validators).insert(key, Arc::clone(&validator));
        Ok(validator)
    }
}

/// Every violation of `validator` by `instance`.
fn listed(validator: &Validator, instance: &Value) -> Vec<Violation> {
    validator
        .iter_errors(instance)
        .map(|error| Violation {
            pointer: error.instance_path().as_str().to_owned(),
            message: error.to_string(),
        })
        .collect()
}

/// One way an instance breaks a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Violation {
    /// JSON pointer of the offending value in the instance.
    pub(crate) pointer: String,
    /// What is wrong, as `jsonschema` says it.
    pub(crate) message: String,
}

/// Resolves `$ref`s to the bundle's files, anything else to `{}`.
struct InBundle(Arc<BTreeMap<String, Value>>);

impl Retrieve for InBundle {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let known = uri
            .as_str()
            .strip_prefix(BASE)
            .and_then(|path| self.0.get(path));
        Ok(known
            .cloned()
            .unwrap_or_else(|| Value::Object(serde_json::Map::new())))
    }
}
