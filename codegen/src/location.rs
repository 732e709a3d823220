//! Where a schema is written: a file of the bundle and a JSON pointer in it.

use std::fmt;
use std::path::PathBuf;

/// A schema's place in a bundle: a file (relative to the bundle folder) and a JSON pointer
/// in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, relative to the bundle folder.
    pub file: PathBuf,
    /// The JSON pointer inside the file (`""` for the whole file).
    pub pointer: String,
}

impl Location {
    /// The root of `file`.
    pub fn root(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            pointer: String::new(),
        }
    }

    /// The schema at `tokens` below this one.
    pub(crate) fn child(&self, tokens: &[&str]) -> Self {
        let tokens: Vec<String> = tokens.iter().map(|t| (*t).to_owned()).collect();
        Self {
            file: self.file.clone(),
            pointer: pce_schema_repairs::walk::push_pointer(&self.pointer, &tokens),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", crate::load::slashed(&self.file), self.pointer)
    }
}
