//! A set of schema files held in memory (a release's, or a bundle's embedded in its generated
//! crate): one `jsonschema` validator per file, compiled on first use, `$ref`s resolved among
//! the files of the set with the repairs that make a schema usable, never over the network (a
//! `$ref` that leaves the set's folder points nowhere and reads as any value, the
//! `ref_outside_bundle` repair).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

use super::explain::violations;
use super::formats::draft4;
use super::Violation;
use crate::error::{Error, Result};

/// Schema files by path in their bundle (`v2/labels_post.schema.json`, `common/…`).
type Files = BTreeMap<&'static str, &'static str>;

/// The schema files of one release or bundle, validating payloads against any of them.
///
/// ```
/// use illumio_pce::validation::SchemaSet;
/// use serde_json::json;
///
/// static FILES: &[(&str, &str)] = &[
///     ("v2/labels_put.schema.json", r#"{"type": "object", "properties": {"name": {"$ref": "../common/name.schema.json"}}}"#),
///     ("common/name.schema.json", r#"{"type": "string", "maxLength": 3}"#),
/// ];
/// let schemas = SchemaSet::new("example", FILES);
/// let violations = schemas.validate("v2/labels_put.schema.json", &json!({"name": "abcd"}))?;
/// assert_eq!(violations[0].pointer, "/name");
/// assert!(schemas.check("v2/labels_put.schema.json", &json!({"name": "abc"})).is_ok());
/// # Ok::<(), illumio_pce::Error>(())
/// ```
pub struct SchemaSet {
    name: String,
    files: Arc<Files>,
    validators: BTreeMap<&'static str, OnceLock<std::result::Result<Validator, String>>>,
}

impl SchemaSet {
    /// The set `name` (a release, e.g. `25.2.20`, for messages) of `files`: (path, text).
    pub fn new(name: &str, files: &[(&'static str, &'static str)]) -> Self {
        let files: Files = files.iter().copied().collect();
        Self {
            name: name.to_owned(),
            validators: files.keys().map(|path| (*path, OnceLock::new())).collect(),
            files: Arc::new(files),
        }
    }

    /// The set's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The paths of its files, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.files.keys().copied()
    }

    /// The text of the file at `path`, as published.
    pub fn text(&self, path: &str) -> Option<&'static str> {
        self.files.get(path).copied()
    }

    /// Every violation of the schema at `path` by `payload`; empty when it is valid.
    pub fn validate(&self, path: &str, payload: &Value) -> Result<Vec<Violation>> {
        let compiled = self
            .validators
            .get(path)
            .ok_or_else(|| Error::UnknownSchema {
                release: self.name.clone(),
                schema: path.to_owned(),
                known: self.paths().map(str::to_owned).collect(),
            })?
            .get_or_init(|| self.compile(path));
        match compiled {
            Ok(validator) => Ok(violations(validator, payload)),
            Err(reason) => Err(Error::Schema {
                schema: format!("{}/{path}", self.name),
                reason: reason.clone(),
            }),
        }
    }

    /// `Ok` when `payload` is valid for the schema at `path`, else [`Error::Validation`]
    /// with every violation.
    pub fn check(&self, path: &str, payload: &Value) -> Result<()> {
        let violations = self.validate(path, payload)?;
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation {
                schema: format!("{}/{path}", self.name),
                violations,
            })
        }
    }

    fn compile(&self, path: &str) -> std::result::Result<Validator, String> {
        let schema = repaired(&self.files, path)?;
        draft4()
            .with_base_uri(format!("{BASE}{path}"))
            .with_retriever(InSet(Arc::clone(&self.files)))
            .build(&schema)
            .map_err(|e| e.to_string())
    }
}

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaSet")
            .field("name", &self.name)
            .field("files", &self.files.len())
            .finish()
    }
}

/// Base URI of a set's files: `file:///pce-schemas/<path>`.
const BASE: &str = "file:///pce-schemas/";

/// Resolves `$ref`s to the files of one set only.
struct InSet(Arc<Files>);

impl Retrieve for InSet {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> std::result::Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        match uri.as_str().strip_prefix(BASE) {
            Some(path) => Ok(repaired(&self.0, path)?),
            // Outside the set's folder: the missing target of the `ref_outside_bundle` repair,
            // any value, never fetched.
            None => Ok(Value::Object(serde_json::Map::new())),
        }
    }
}

/// A file of the set, with the repairs that make it usable.
fn repaired(files: &Files, path: &str) -> std::result::Result<Value, String> {
    let source = files.get(path).ok_or_else(|| {
        format!("{BASE}{path} is not in the schema set (schemas are never fetched)")
    })?;
    let mut schema: Value = serde_json::from_str(source).map_err(|e| e.to_string())?;
    pce_schema_repairs::repair_for_validation(&mut schema);
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_ref_that_leaves_the_set_is_never_read_and_allows_any_value() {
        static FILES: &[(&str, &str)] = &[(
            "v2/stats.schema.json",
            r#"{"type": "object", "properties": {"data": {"$ref": "../../agent/v2/x.schema.json"}, "n": {"type": "integer"}}}"#,
        )];
        let set = SchemaSet::new("test", FILES);
        assert_eq!(
            set.validate("v2/stats.schema.json", &json!({"data": 5}))
                .ok(),
            Some(vec![])
        );
        let violations = set.validate("v2/stats.schema.json", &json!({"n": "x"}));
        assert_eq!(violations.map(|v| v.len()).ok(), Some(1));
    }
}
