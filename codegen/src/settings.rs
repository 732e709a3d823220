//! How the generator is configured: a builder of options, type names and fix-ups.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

/// A named repair of a known bug in one upstream schema file, applied in memory before
/// generation so that the vendor's files stay as published.
#[derive(Debug, Clone)]
pub struct Fixup {
    /// Short name shown in the generated header, e.g. `settings_notifications_typo`.
    pub name: &'static str,
    /// The schema file it applies to, relative to the schema folder.
    pub file: &'static str,
    /// The repair; an `Err` (for instance because the upstream text changed) stops generation.
    pub apply: fn(&mut Value) -> Result<(), String>,
}

/// Options for [`generate`](crate::generate), built with chained calls.
///
/// ```
/// let settings = illumio_pce_codegen::Settings::new()
///     .command("cargo xtask codegen")
///     .release("24.1")
///     .name("optional_features_put.schema.json", "/items/oneOf/0", "FeatureToggle")
///     .allow_missing_refs(false);
/// assert_eq!(settings.names().count(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub(crate) allow_missing_refs: bool,
    pub(crate) allow_unconvertible: bool,
    pub(crate) command: Option<String>,
    pub(crate) release: Option<String>,
    pub(crate) names: BTreeMap<(PathBuf, String), String>,
    pub(crate) fixups: Vec<Fixup>,
    pub(crate) history: crate::History,
}

impl Settings {
    /// Default settings: missing `$ref` targets and schemas typify refuses are errors, no
    /// names, no fix-ups.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether a `$ref` to an absent file becomes `serde_json::Value` (with a warning) instead
    /// of an error.
    pub fn allow_missing_refs(mut self, allow: bool) -> Self {
        self.allow_missing_refs = allow;
        self
    }

    /// Whether a schema typify cannot convert becomes `serde_json::Value` (with a warning)
    /// instead of an error.
    pub fn allow_unconvertible(mut self, allow: bool) -> Self {
        self.allow_unconvertible = allow;
        self
    }

    /// The command named in the generated header as the one that made the file.
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// The PCE release named in the generated header.
    pub fn release(mut self, release: impl Into<String>) -> Self {
        self.release = Some(release.into());
        self
    }

    /// Names the Rust type of the schema at `pointer` in `file` (relative to the schema
    /// folder), for schemas that give no usable name of their own.
    pub fn name(
        mut self,
        file: impl Into<PathBuf>,
        pointer: impl Into<String>,
        type_name: impl Into<String>,
    ) -> Self {
        self.names
            .insert((file.into(), pointer.into()), type_name.into());
        self
    }

    /// Adds a fix-up for a known bug in an upstream schema.
    pub fn fixup(mut self, fixup: Fixup) -> Self {
        self.fixups.push(fixup);
        self
    }

    /// What the releases before this one lacked (a client of several releases): the docs of
    /// the types, fields and enum values a later release added say which, and a type's doc
    /// names what a later release removed from it.
    pub fn history(mut self, history: crate::History) -> Self {
        self.history = history;
        self
    }

    /// The naming-table entries: file, JSON pointer and type name.
    pub fn names(&self) -> impl Iterator<Item = (&PathBuf, &str, &str)> {
        self.names
            .iter()
            .map(|((file, pointer), name)| (file, pointer.as_str(), name.as_str()))
    }
}
