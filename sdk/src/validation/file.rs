//! Schemas on disk, for bundles the crate does not embed: `$ref`s resolve relative to the
//! file, read from disk, never from the network, and never outside the bundle the file is
//! in. Each file is read through the named repairs of known upstream bugs
//! ([`pce_schema_repairs`]), as the code generator reads it, so a payload is checked against
//! the same schema its generated type was made from.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jsonschema::{Retrieve, Uri, Validator};
use pce_schema_repairs::{path_in_bundle, repair_file};
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
/// for repair in schema.repairs() {
///     eprintln!("warning: {repair}");
/// }
/// for violation in schema.validate(&serde_json::json!({"name": 1})) {
///     println!("{violation}");
/// }
/// # Ok::<(), illumio_pce::Error>(())
/// ```
#[derive(Debug)]
pub struct SchemaFile {
    path: PathBuf,
    validator: Validator,
    repairs: Vec<String>,
}

impl SchemaFile {
    /// Reads and compiles the draft-04 schema at `path`, with the files its `$ref`s name.
    pub fn load(path: &Path) -> Result<Self> {
        let failed = |reason: String| Error::Schema {
            schema: path.display().to_string(),
            reason,
        };
        let file = lexical(&std::path::absolute(path).map_err(|e| failed(e.to_string()))?);
        let base =
            url::Url::from_file_path(&file).map_err(|()| failed("not a file path".to_owned()))?;
        let bundle = Arc::new(Bundle::of(&file));
        let schema = bundle.read(&file).map_err(failed)?;
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .with_base_uri(base.to_string())
            .with_retriever(Files(Arc::clone(&bundle)))
            .build(&schema)
            .map_err(|e| failed(e.to_string()))?;
        let repairs = bundle
            .repairs
            .lock()
            .map(|r| r.clone())
            .unwrap_or_else(|e| e.into_inner().clone());
        Ok(Self {
            path: path.to_path_buf(),
            validator,
            repairs,
        })
    }

    /// The file it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The repairs of upstream bugs applied while reading it and the files it refers to,
    /// one line each (`v2/health_definitions.schema.json#/…: repair `ref_fragment_slash``).
    pub fn repairs(&self) -> &[String] {
        &self.repairs
    }

    /// Every violation of this schema by `payload`; empty when the payload is valid.
    pub fn validate(&self, payload: &Value) -> Vec<Violation> {
        violations(&self.validator, payload)
    }
}

/// The bundle a schema file belongs to: the folder above its `v2/` or `common/` folder, or
/// its own folder.
struct Bundle {
    root: PathBuf,
    /// The repairs applied so far.
    repairs: Mutex<Vec<String>>,
}

impl Bundle {
    fn of(file: &Path) -> Self {
        let folder = file.parent().unwrap_or(Path::new("/"));
        let in_bundle_folder = folder
            .file_name()
            .is_some_and(|name| name == "v2" || name == "common");
        let root = match folder.parent() {
            Some(parent) if in_bundle_folder => parent.to_path_buf(),
            _ => folder.to_path_buf(),
        };
        Self {
            root,
            repairs: Mutex::new(Vec::new()),
        }
    }

    /// The file's path inside the bundle, `None` when it lies outside.
    fn inside(&self, file: &Path) -> Option<String> {
        file.strip_prefix(&self.root).ok()?;
        Some(path_in_bundle(file))
    }

    /// Reads a schema file of the bundle, repaired. A file outside the bundle is not read: it
    /// is the missing target of the `ref_outside_bundle` repair, any value, as the generator
    /// types it (`serde_json::Value`).
    fn read(&self, file: &Path) -> std::result::Result<Value, String> {
        let Some(name) = self.inside(file) else {
            self.record(format!(
                "{}: lies outside the bundle {}, not read, any value: repair `ref_outside_bundle`",
                file.display(),
                self.root.display()
            ));
            return Ok(Value::Object(serde_json::Map::new()));
        };
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let mut schema: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not JSON: {e}", file.display()))?;
        let mut others = |other: &str| {
            let text = std::fs::read_to_string(self.root.join(other)).ok()?;
            serde_json::from_str(&text).ok()
        };
        for applied in repair_file(&name, &mut schema, &mut others) {
            self.record(format!(
                "{name}#{}: repair `{}`",
                applied.pointer, applied.repair
            ));
        }
        Ok(schema)
    }

    /// Notes a repair applied.
    fn record(&self, repair: String) {
        self.repairs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(repair);
    }
}

/// Resolves `file:` `$ref`s from disk, inside the bundle only, and refuses every other scheme.
struct Files(Arc<Bundle>);

impl Retrieve for Files {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> std::result::Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let url = url::Url::parse(uri.as_str())?;
        let path = url.to_file_path().map_err(|()| {
            format!("{uri}: only files are read, nothing is fetched from the network")
        })?;
        Ok(self.0.read(&path)?)
    }
}

/// An absolute path with `.` and `..` collapsed, without touching the file system (as the
/// `file:` URLs of `$ref`s are).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
