//! The schemas embedded in the crate: those of the SDK's own releases, one [`SchemaSet`] per
//! release, so that `$ref`s resolve among the files of the same release.

use serde_json::Value;

use super::{SchemaSet, Violation};
use crate::error::{Error, Result};
use crate::releases::RELEASES;

/// The supported releases, oldest first.
pub fn releases() -> &'static [&'static str] {
    RELEASES.releases()
}

/// The newest supported release.
pub fn latest_release() -> &'static str {
    RELEASES.newest()
}

/// The supported release that describes a PCE of `version` (`24.5.0` → `24.1`): the newest
/// not newer than it, the oldest for an older PCE, the newest for a version that does not
/// read as one.
///
/// ```
/// assert_eq!(illumio_pce::validation::release_for("24.5.0"), "24.1");
/// ```
pub fn release_for(version: &str) -> &'static str {
    RELEASES.release_for(version)
}

/// The schema names of `release`, e.g. `optional_features_put`, sorted.
pub fn schema_names(release: &str) -> Result<Vec<&'static str>> {
    let index = RELEASES.index_of(release)?;
    let mut names: Vec<&'static str> = RELEASES
        .files_of(index)
        .map(|(path, _)| name_of(path))
        .collect();
    names.sort_unstable();
    Ok(names)
}

/// The text of a schema, as the PCE publishes it.
pub fn schema_text(release: &str, schema: &str) -> Result<&'static str> {
    let index = RELEASES.index_of(release)?;
    find(index, schema).map(|(_, text)| text)
}

/// Every violation of the schema `schema` (e.g. `optional_features_put`) of `release` (e.g.
/// `25.2`) by `payload`; empty when the payload is valid.
pub fn validate(release: &str, schema: &str, payload: &Value) -> Result<Vec<Violation>> {
    let index = RELEASES.index_of(release)?;
    let (path, _) = find(index, schema)?;
    release_schemas(release)?.validate(path, payload)
}

/// The embedded schema files of `release`, as one set.
pub fn release_schemas(release: &str) -> Result<&'static SchemaSet> {
    let index = RELEASES.index_of(release)?;
    RELEASES
        .schemas(index)
        .ok_or_else(|| unknown_schema(index, ""))
}

/// The file of `schema`, given as `optional_features_put`, `optional_features_put.schema.json`
/// or `v2/optional_features_put.schema.json`.
fn find(index: usize, schema: &str) -> Result<(&'static str, &'static str)> {
    RELEASES
        .files_of(index)
        .find(|(path, _)| {
            *path == schema || name_of(path) == schema.trim_end_matches(".schema.json")
        })
        .ok_or_else(|| unknown_schema(index, schema))
}

/// `v2/optional_features_put.schema.json` → `optional_features_put`.
fn name_of(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.trim_end_matches(".json").trim_end_matches(".schema")
}

fn unknown_schema(index: usize, schema: &str) -> Error {
    Error::UnknownSchema {
        release: RELEASES
            .releases()
            .get(index)
            .copied()
            .unwrap_or_default()
            .to_owned(),
        schema: schema.to_owned(),
        known: RELEASES
            .files_of(index)
            .map(|(path, _)| name_of(path).to_owned())
            .collect(),
    }
}
