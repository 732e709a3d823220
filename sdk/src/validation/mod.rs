//! Checking JSON payloads against the PCE's own schemas before they reach a PCE.
//!
//! Every release's schemas are embedded in the crate and compiled once, lazily, with the
//! `jsonschema` crate in draft-04 mode; their relative `$ref`s resolve among the embedded
//! files, never over the network. [`SchemaFile`] does the same for a schema on disk, and
//! [`SchemaSet`] for any set of files in memory (a bundle's crate embeds its own).
//!
//! A verdict is the published schema's, as Python's `jsonschema` gives it: only the repairs
//! without which a schema cannot be used at all apply (a `$ref` that points nowhere), and
//! formats are judged as it judges them. The generated types may read a schema more
//! strictly (the other repairs); a body they build is still valid here.
//!
//! ```
//! use illumio_pce::validation::validate;
//! use serde_json::json;
//!
//! let violations = validate("25.2", "optional_features_put", &json!([{"name": "ui_analytics", "enabled": "yes"}]))?;
//! assert_eq!(violations.len(), 1);
//! assert_eq!(violations[0].pointer, "/0");
//! assert_eq!(violations[0].keyword, "oneOf");
//! # Ok::<(), illumio_pce::Error>(())
//! ```

mod embedded;
mod explain;
mod file;
mod formats;
mod release_check;
mod set;

pub use embedded::{
    latest_release, release_for, release_schemas, releases, schema_names, schema_text, validate,
};
pub use file::{Reading, SchemaFile};
pub(crate) use release_check::check_body;
pub use set::SchemaSet;

pub use crate::violation::Violation;
