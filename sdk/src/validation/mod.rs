//! Checking JSON payloads against the PCE's own schemas before they reach a PCE.
//!
//! Every release's schemas are embedded in the crate and compiled once, lazily, with the
//! `jsonschema` crate in draft-04 mode; their relative `$ref`s resolve among the embedded
//! files, never over the network. [`SchemaFile`] does the same for a schema on disk, and
//! [`SchemaSet`] for any set of files in memory (a bundle's crate embeds its own).
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
mod set;

use std::fmt;

pub use embedded::{latest_release, releases, schema_names, schema_text, validate};
pub use file::SchemaFile;
pub use set::SchemaSet;

/// One way a payload breaks its schema; serializes as `{"pointer", "keyword", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// JSON pointer of the offending value in the payload (`""` for the whole payload).
    pub pointer: String,
    /// The schema keyword that failed, e.g. `enum`, `required`, `oneOf`.
    pub keyword: String,
    /// What is wrong, for a person; for a `oneOf`, why each branch failed.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {} [{}]", self.message, self.keyword)
    }
}
