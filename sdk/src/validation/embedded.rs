//! The schemas embedded in the crate: one `jsonschema` validator per schema, compiled on
//! first use, resolving `$ref`s among the files of the same release.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

use super::explain::violations;
use super::Violation;
use crate::error::{Error, Result};
use crate::releases::{RELEASES, SCHEMA_FILES};

/// Base URI of the embedded files: `file:///pce-schemas/<release>/<path>`.
const BASE: &str = "file:///pce-schemas/";

/// The supported releases, oldest first.
pub fn releases() -> &'static [&'static str] {
    RELEASES
}

/// The newest supported release.
pub fn latest_release() -> &'static str {
    RELEASES.last().copied().unwrap_or_default()
}

/// The schema names of `release`, e.g. `optional_features_put`, sorted.
pub fn schema_names(release: &str) -> Result<Vec<&'static str>> {
    let release = known_release(release)?;
    Ok(files(release).map(|(path, _)| name_of(path)).collect())
}

/// The text of a schema, as the PCE publishes it.
pub fn schema_text(release: &str, schema: &str) -> Result<&'static str> {
    let release = known_release(release)?;
    find(release, schema).map(|(_, text)| text)
}

/// Every violation of the schema `schema` (e.g. `optional_features_put`) of `release` (e.g.
/// `25.2`) by `payload`; empty when the payload is valid.
pub fn validate(release: &str, schema: &str, payload: &Value) -> Result<Vec<Violation>> {
    let release = known_release(release)?;
    let (path, _) = find(release, schema)?;
    let compiled = validators()
        .get(&(release, path))
        .ok_or_else(|| unknown_schema(release, schema))?
        .get_or_init(|| compile(release, path));
    match compiled {
        Ok(validator) => Ok(violations(validator, payload)),
        Err(reason) => Err(Error::Schema {
            schema: format!("{release}/{path}"),
            reason: reason.clone(),
        }),
    }
}

/// One lazily compiled validator per embedded file.
type Validators = BTreeMap<(&'static str, &'static str), OnceLock<Result<Validator, String>>>;

fn validators() -> &'static Validators {
    static VALIDATORS: OnceLock<Validators> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        SCHEMA_FILES
            .iter()
            .map(|(release, path, _)| ((*release, *path), OnceLock::new()))
            .collect()
    })
}

fn compile(release: &'static str, path: &str) -> Result<Validator, String> {
    let schema = repaired(release, path).map_err(|e| e.to_string())?;
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .with_base_uri(format!("{BASE}{release}/{path}"))
        .with_retriever(Embedded)
        .build(&schema)
        .map_err(|e| e.to_string())
}

/// Resolves `$ref`s to embedded files only.
struct Embedded;

impl Retrieve for Embedded {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> std::result::Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let (release, path) = uri
            .as_str()
            .strip_prefix(BASE)
            .and_then(|rest| rest.split_once('/'))
            .ok_or_else(|| {
                format!("{uri} is not an embedded schema (schemas are never fetched)")
            })?;
        Ok(repaired(release, path)?)
    }
}

/// An embedded file, read through the named repairs, as the generator reads it.
fn repaired(release: &str, path: &str) -> std::result::Result<Value, String> {
    let text = |path: &str| {
        SCHEMA_FILES
            .iter()
            .find(|(r, p, _)| *r == release && *p == path)
            .map(|(_, _, text)| *text)
    };
    let source = text(path).ok_or_else(|| {
        format!("{BASE}{release}/{path} is not an embedded schema (schemas are never fetched)")
    })?;
    let mut schema: Value = serde_json::from_str(source).map_err(|e| e.to_string())?;
    let mut others = |other: &str| text(other).and_then(|t| serde_json::from_str(t).ok());
    pce_schema_repairs::repair_file(path, &mut schema, &mut others);
    Ok(schema)
}

fn known_release(release: &str) -> Result<&'static str> {
    RELEASES
        .iter()
        .copied()
        .find(|r| *r == release)
        .ok_or_else(|| Error::UnknownRelease {
            release: release.to_owned(),
            known: RELEASES.iter().map(|r| (*r).to_owned()).collect(),
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
