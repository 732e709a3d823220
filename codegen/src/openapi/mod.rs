//! A bundle's `openapi.json` (OpenAPI 3.0 as Illumio publishes it) read into operations: each
//! path's methods, their path and query parameters, and the v2 schemas of their request and
//! response, named as the generated client names them (the rule is in [`Operation::name`]).
//!
//! These are the parts [`crate::bundle`] puts together into a client crate or module (its
//! docs show the `build.rs` recipe, one settings value in all); use them directly for a client
//! laid out another way.

mod address;
mod emit;
pub mod features;
mod index;
mod names;
mod releases;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use address::Address;
pub use emit::{endpoints, Paths, Target};
pub use releases::{template, Release, ReleaseTable, StoredFile, Texts};

use crate::error::{Error, Result};

/// One operation of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The generated method's name (e.g. `labels_list`): the path's literal segments after
    /// `/orgs/{org_id}` joined by `_`, then `list` (a collection GET), `get` (any other GET),
    /// `create` (POST), `update` (PUT), `delete` or `patch`; where two paths would give one
    /// name, each one with parameters adds `_by_` and their names, and a name still repeated
    /// its place (`_2`, in path order).
    pub name: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path as the index writes it (e.g. `/orgs/{org_id}/labels/{label_id}`).
    pub path: String,
    /// The index's description of it.
    pub description: String,
    /// Path parameters other than `org_id`, in path order.
    pub path_params: Vec<Param>,
    /// Query parameters, in index order.
    pub query: Vec<Param>,
    /// The request body's schema file (relative to the bundle), when it has one.
    pub request: Option<PathBuf>,
    /// The response body's schema file, when the index (or a `…_response` sibling of the
    /// request's) names one; for a create the index gives none, the collection `GET`'s.
    pub response: Option<PathBuf>,
    /// The success status the index gives.
    pub status: u16,
    /// What the success answer holds.
    pub answer: Answer,
}

impl Operation {
    /// How a client's release table names it: `"GET /orgs/{org_id}/labels"`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// What an operation answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The response schema's type; for a path that names one instance (it ends in a
    /// parameter) of a schema that describes the whole collection, one of its items.
    One,
    /// A collection GET: a list of the response schema's item type (of the schema itself when
    /// it describes one object, as Illumio's index often does).
    List,
    /// A POST to a collection that the index gives no response schema for: the object created,
    /// of the collection's item type (the collection GET's response schema, its items when it
    /// describes the list), as PCEs answer. A bulk create (its body a list) stays JSON.
    Created,
    /// No body (204).
    Empty,
    /// A download with no schema (a datafile, a report): the bytes.
    Bytes,
    /// JSON the index gives no schema for.
    Json,
}

/// A path or query parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Its name on the wire.
    pub name: String,
    /// Its type.
    pub ty: ParamType,
    /// Whether the index marks it required.
    pub required: bool,
    /// The index's description.
    pub description: String,
    /// The values an `enum` allows, for the doc.
    pub values: Vec<String>,
}

/// The scalar type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `boolean`
    Boolean,
    /// `string` (and anything else)
    String,
}

/// Reads `<bundle>/openapi.json`; `schema_files` are the bundle's schema files (relative to
/// the bundle), for the `…_response` siblings.
pub fn read(bundle: &Path, schema_files: &BTreeSet<PathBuf>) -> Result<Vec<Operation>> {
    let file = bundle.join("openapi.json");
    let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
        path: file.clone(),
        source,
    })?;
    let document: serde_json::Value =
        serde_json::from_str(&text).map_err(|source| Error::Json {
            file: file.clone(),
            source,
        })?;
    let mut operations =
        index::operations(&document, schema_files).map_err(|(pointer, reason)| {
            Error::InvalidSchema {
                file: file.clone(),
                pointer,
                reason,
            }
        })?;
    names::assign(&mut operations);
    Ok(operations)
}
