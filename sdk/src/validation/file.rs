//! Schemas on disk, for bundles the crate does not embed. `$ref`s resolve relative to the
//! file, as any Draft 4 validator resolves them, and are read from disk wherever they lie
//! (never from the network); a target that cannot be read is an error, except one outside
//! the bundle that does not exist (a path in Illumio's source tree), read as any value
//! (`ref_outside_bundle`). Only the repairs without which a schema cannot be used apply
//! ([`pce_schema_repairs::repair_for_validation`]), so that a verdict is the published
//! schema's. [`Reading::Response`] judges a body the way PCEs answer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jsonschema::{Retrieve, Uri, Validator};
use pce_schema_repairs::{bundle_root, nulls_as_absent, read_as_sent, repair_for_validation};
use serde_json::Value;

use super::explain::violations;
use super::formats::draft4;
use super::Violation;
use crate::error::{Error, Result};

/// How a schema judges a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reading {
    /// As published: the verdict of any Draft 4 validator (a request body, or any payload).
    #[default]
    Published,
    /// As PCEs answer: any property may be `null` or absent (a `oneOf` then takes what any
    /// branch takes); everything else as published. What `pce validate --response` runs on a
    /// body a PCE sent, to see where it departs from its schema.
    Response,
}

/// A compiled schema file.
///
/// ```no_run
/// use illumio_pce::validation::{Reading, SchemaFile};
///
/// let schema = SchemaFile::load("bundle/v2/rule_sets_put.schema.json".as_ref())?;
/// for repair in schema.repairs() {
///     eprintln!("warning: {repair}");
/// }
/// for violation in schema.validate(&serde_json::json!({"name": 1})) {
///     println!("{violation}");
/// }
/// let answer = SchemaFile::load_as("bundle/v2/labels_get.schema.json".as_ref(), Reading::Response)?;
/// assert!(answer.validate(&serde_json::json!([{"href": "/orgs/1/labels/1", "key": null}])).is_empty());
/// # Ok::<(), illumio_pce::Error>(())
/// ```
#[derive(Debug)]
pub struct SchemaFile {
    path: PathBuf,
    validator: Validator,
    repairs: Vec<String>,
    reading: Reading,
}

impl SchemaFile {
    /// Reads and compiles the draft-04 schema at `path`, with the files its `$ref`s name, as
    /// published.
    pub fn load(path: &Path) -> Result<Self> {
        Self::load_as(path, Reading::Published)
    }

    /// Reads and compiles the draft-04 schema at `path`, with the files its `$ref`s name, to
    /// judge payloads the way `reading` says.
    pub fn load_as(path: &Path, reading: Reading) -> Result<Self> {
        let failed = |reason: String| Error::Schema {
            schema: path.display().to_string(),
            reason,
        };
        let file = lexical(&std::path::absolute(path).map_err(|e| failed(e.to_string()))?);
        let base =
            url::Url::from_file_path(&file).map_err(|()| failed("not a file path".to_owned()))?;
        let bundle = Arc::new(Bundle::of(&file, reading));
        let schema = bundle.read(&file).map_err(failed)?;
        let validator = draft4()
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
            reading,
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
        match self.reading {
            Reading::Published => violations(&self.validator, payload),
            Reading::Response => {
                let mut payload = payload.clone();
                nulls_as_absent(&mut payload);
                violations(&self.validator, &payload)
            }
        }
    }
}

/// The bundle a schema file belongs to ([`bundle_root`] of its folder), for naming files and
/// for telling a missing file of the bundle (an error) from one outside it.
struct Bundle {
    root: PathBuf,
    reading: Reading,
    /// The repairs applied so far.
    repairs: Mutex<Vec<String>>,
}

impl Bundle {
    fn of(file: &Path, reading: Reading) -> Self {
        Self {
            root: bundle_root(file.parent().unwrap_or(Path::new("/"))),
            reading,
            repairs: Mutex::new(Vec::new()),
        }
    }

    /// A file's name in messages: its path inside the bundle, else the whole path.
    fn name(&self, file: &Path) -> String {
        file.strip_prefix(&self.root)
            .map(|inside| {
                let parts: Vec<_> = inside
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                parts.join("/")
            })
            .unwrap_or_else(|_| file.display().to_string())
    }

    /// Reads a schema file, wherever it lies, with the repairs that make it usable (and as
    /// PCEs answer, for [`Reading::Response`]). A file outside the bundle that does not exist
    /// is any value (`ref_outside_bundle`); any other that cannot be read is an error.
    fn read(&self, file: &Path) -> std::result::Result<Value, String> {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !file.starts_with(&self.root) => {
                self.record(format!(
                    "{}: lies outside the bundle {} and does not exist, any value: repair `ref_outside_bundle`",
                    file.display(),
                    self.root.display()
                ));
                return Ok(Value::Object(serde_json::Map::new()));
            }
            Err(e) => return Err(format!("{}: {e}", file.display())),
        };
        let mut schema: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not JSON: {e}", file.display()))?;
        let name = self.name(file);
        for applied in repair_for_validation(&mut schema) {
            self.record(format!(
                "{name}#{}: repair `{}`",
                applied.pointer, applied.repair
            ));
        }
        if self.reading == Reading::Response {
            read_as_sent(&mut schema);
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

/// Resolves `file:` `$ref`s from disk, and refuses every other scheme.
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
