//! Schemas on disk, for bundles the crate does not embed: `$ref`s resolve relative to the
//! file, read from disk, never from the network.

use std::path::{Path, PathBuf};

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

use super::explain::violations;
use super::Violation;
use crate::error::{Error, Result};

/// A compiled schema file.
///
/// ```no_run
/// use illumio_pce::validation::SchemaFile;
///
/// let schema = SchemaFile::load("bundle/v2/rule_sets_put.schema.json".as_ref())?;
/// for violation in schema.validate(&serde_json::json!({"name": 1})) {
///     println!("{violation}");
/// }
/// # Ok::<(), illumio_pce::Error>(())
/// ```
#[derive(Debug)]
pub struct SchemaFile {
    path: PathBuf,
    validator: Validator,
}

impl SchemaFile {
    /// Reads and compiles the draft-04 schema at `path`, with the files its `$ref`s name.
    pub fn load(path: &Path) -> Result<Self> {
        let failed = |reason: String| Error::Schema {
            schema: path.display().to_string(),
            reason,
        };
        let absolute = std::path::absolute(path).map_err(|e| failed(e.to_string()))?;
        let text = std::fs::read_to_string(&absolute).map_err(|e| failed(e.to_string()))?;
        let schema: Value =
            serde_json::from_str(&text).map_err(|e| failed(format!("not JSON: {e}")))?;
        let base = url::Url::from_file_path(&absolute)
            .map_err(|()| failed("not a file path".to_owned()))?;
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .with_base_uri(base.to_string())
            .with_retriever(Files)
            .build(&schema)
            .map_err(|e| failed(e.to_string()))?;
        Ok(Self {
            path: path.to_path_buf(),
            validator,
        })
    }

    /// The file it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every violation of this schema by `payload`; empty when the payload is valid.
    pub fn validate(&self, payload: &Value) -> Vec<Violation> {
        violations(&self.validator, payload)
    }
}

/// Resolves `file:` `$ref`s from disk and refuses every other scheme.
struct Files;

impl Retrieve for Files {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> std::result::Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let url = url::Url::parse(uri.as_str())?;
        let path = url.to_file_path().map_err(|()| {
            format!("{uri}: only files are read, nothing is fetched from the network")
        })?;
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(serde_json::from_str(&text)?)
    }
}
