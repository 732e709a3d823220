//! The schemas embedded in the crate: one [`SchemaSet`] per release, so that `$ref`s resolve
//! among the files of the same release.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use super::{SchemaSet, Violation};
use crate::error::{Error, Result};
use crate::releases::{RELEASES, SCHEMA_FILES};

/// The supported releases, oldest first.
pub fn releases() -> &'static [&'static str] {
    RELEASES
}

/// The newest supported release.
pub fn latest_release() -> &'static str {
    crate::release::newest()
}

/// The schema names of `release`, e.g. `optional_features_put`, sorted.
pub fn schema_names(release: &str) -> Result<Vec<&'static str>> {
    let release = crate::release::known(release)?;
    Ok(files(release).map(|(path, _)| name_of(path)).collect())
}

/// The text of a schema, as the PCE publishes it.
pub fn schema_text(release: &str, schema: &str) -> Result<&'static str> {
    let release = crate::release::known(release)?;
    find(release, schema).map(|(_, text)| text)
}

/// Every violation of the schema `schema` (e.g. `optional_features_put`) of `release` (e.g.
/// `25.2`) by `payload`; empty when the payload is valid.
pub fn validate(release: &str, schema: &str, payload: &Value) -> Result<Vec<Violation>> {
    let release = crate::release::known(release)?;
    let (path, _) = find(release, schema)?;
    sets()
        .get(release)
        .ok_or_else(|| unknown_schema(release, schema))?
        .validate(path, payload)
}

/// The embedded schema files of `release`, as one set.
pub fn release_schemas(release: &str) -> Result<&'static SchemaSet> {
    let release = crate::release::known(release)?;
    sets()
        .get(release)
        .ok_or_else(|| unknown_schema(release, ""))
}

/// One set of schema files per release.
fn sets() -> &'static BTreeMap<&'static str, SchemaSet> {
    static SETS: OnceLock<BTreeMap<&'static str, SchemaSet>> = OnceLock::new();
    SETS.get_or_init(|| {
        RELEASES
            .iter()
            .map(|release| {
                let files: Vec<(&'static str, &'static str)> = files(release).collect();
                (*release, SchemaSet::new(release, &files))
            })
            .collect()
    })
}

fn files(release: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    SCHEMA_FILES
        .iter()
        .filter(move |(r, _, _)| *r == release)
        .map(|(_, path, text)| (*path, *text))
}

/// The file of `schema`, given as `optional_features_put`, `optional_features_put.schema.json`
/// or `v2/optional_features_put.schema.json`.
fn find(release: &'static str, schema: &str) -> Result<(&'static str, &'static str)> {
    files(release)
        .find(|(path, _)| {
            *path == schema || name_of(path) == schema.trim_end_matches(".schema.json")
        })
        .ok_or_else(|| unknown_schema(release, schema))
}

/// `v2/optional_features_put.schema.json` → `optional_features_put`.
fn name_of(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.trim_end_matches(".json").trim_end_matches(".schema")
}

fn unknown_schema(release: &'static str, schema: &str) -> Error {
    Error::UnknownSchema {
        release: release.to_owned(),
        schema: schema.to_owned(),
        known: files(release)
            .map(|(path, _)| name_of(path).to_owned())
            .collect(),
    }
}
