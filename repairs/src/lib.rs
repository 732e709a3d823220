//! Named repairs of known bugs in Illumio's published PCE API schemas, shared by the code
//! generator and the SDK's payload validation so that both read a bundle the same way.
//!
//! A release bundle is used as Illumio publishes it: the files are never edited. Each repair
//! here recognises one kind of upstream bug wherever it occurs, in any bundle, and rewrites
//! the schema in memory; the caller reports every repair it applied. Repairs that are specific
//! to one release belong to that release's fix-ups instead (the generator's release table).
//!
//! Most repairs read a schema the way its authors meant it, which allows fewer or other
//! payloads than the published text: they serve the generated types ([`repair_file`]).
//! Judging a payload uses the published schema, with only the repairs without which it cannot
//! be used at all ([`repair_for_validation`]: a `$ref` that points nowhere), so that a verdict
//! is the one any Draft 4 validator gives. [`read_as_sent`] and [`nulls_as_absent`] read a
//! response schema and a body the way PCEs answer (any property `null` or absent).
//!
//! ```
//! use serde_json::json;
//!
//! let mut schema = json!({"properties": {"contents": {"items": {"$ref": "#definitions/cluster"}}}});
//! let applied = pce_schema_repairs::repair_file("v2/health.schema.json", &mut schema, &mut |_| None);
//! assert_eq!(schema["properties"]["contents"]["items"]["$ref"], "#/definitions/cluster");
//! assert_eq!(applied[0].repair, "ref_fragment_slash");
//! assert_eq!(applied[0].pointer, "/properties/contents/items");
//! ```

mod closed_all_of_part;
mod fragment_slash;
mod implied_object;
mod interfaces_list;
mod login_product_version;
mod outside_bundle;
pub mod refs;
mod responses;
mod stray_properties;
pub mod walk;

use std::fmt;

use serde_json::Value;

pub use outside_bundle::leaves_bundle;
pub use responses::{nulls_as_absent, read_as_sent};

/// One kind of upstream bug and how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repair {
    /// Short name, shown in warnings and generated headers.
    pub name: &'static str,
    /// What the bug is and how the repair reads it.
    pub summary: &'static str,
}

/// Every repair, in the order they are applied.
pub const REPAIRS: &[Repair] = &[
    fragment_slash::REPAIR,
    stray_properties::REPAIR,
    implied_object::REPAIR,
    closed_all_of_part::REPAIR,
    login_product_version::REPAIR,
    interfaces_list::REPAIR,
    outside_bundle::REPAIR,
];

/// A repair applied at one place of a schema file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The repair's name (one of [`REPAIRS`]).
    pub repair: &'static str,
    /// The JSON pointer, in the file, of the schema it changed.
    pub pointer: String,
}

impl fmt::Display for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "repair `{}` at #{}", self.repair, self.pointer)
    }
}

/// Repairs the schema file `file` in place and returns what it changed, in order.
///
/// `file` is the file's path inside the bundle folder, with `/` (`v2/users_login_get.schema.json`);
/// `read` gives another file of the bundle by such a path, for the repairs that need to look at
/// the file a `$ref` names (it is called only when a repair matches the file at hand).
pub fn repair_file(
    file: &str,
    schema: &mut Value,
    read: &mut dyn FnMut(&str) -> Option<Value>,
) -> Vec<Applied> {
    let mut applied = Vec::new();
    fragment_slash::apply(schema, "", &mut applied);
    stray_properties::apply(schema, "", stray_properties::Place::Other, &mut applied);
    implied_object::apply(schema, "", false, &mut applied);
    if closed_all_of_part::has_all_of(schema) {
        let original = schema.clone();
        closed_all_of_part::apply(file, &original, schema, "", read, &mut applied);
    }
    login_product_version::apply(file, schema, read, &mut applied);
    interfaces_list::apply(schema, "", &mut applied);
    applied
}

/// Repairs the schema file in place for validation, with only the repairs without which it
/// cannot be used at all, so that no repair changes a verdict: `ref_fragment_slash` (a `$ref`
/// outside the bundle that points nowhere, `ref_outside_bundle`, is the caller's to read as
/// any value). Returns what it changed.
///
/// ```
/// use serde_json::json;
///
/// // A stray property is left where it is: the published schema allows any value there.
/// let mut schema = json!({"type": "object", "rules_format": {"type": "string"},
///                         "properties": {"c": {"$ref": "#definitions/c"}}});
/// let applied = pce_schema_repairs::repair_for_validation(&mut schema);
/// assert_eq!(schema["properties"]["c"]["$ref"], "#/definitions/c");
/// assert_eq!(schema["rules_format"], json!({"type": "string"}));
/// assert_eq!(applied.len(), 1);
/// ```
pub fn repair_for_validation(schema: &mut Value) -> Vec<Applied> {
    let mut applied = Vec::new();
    fragment_slash::apply(schema, "", &mut applied);
    applied
}

/// The bundle folder a folder of schema files belongs to: its parent when the folder is a
/// bundle's `v2/` or `common/`, or when the parent holds the bundle's `common/` (or its
/// `openapi.json`) whatever the folder is named; else the folder itself.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("bundle-root-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("common"))?;
/// std::fs::create_dir_all(dir.join("my-schemas"))?;
/// assert_eq!(pce_schema_repairs::bundle_root(&dir.join("my-schemas")), dir);
/// assert_eq!(pce_schema_repairs::bundle_root(&dir.join("common")), dir);
/// assert_eq!(pce_schema_repairs::bundle_root(&dir), dir);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn bundle_root(folder: &std::path::Path) -> std::path::PathBuf {
    let named = folder
        .file_name()
        .is_some_and(|name| name == "v2" || name == "common");
    match folder.parent() {
        Some(parent)
            if named || parent.join("common").is_dir() || parent.join("openapi.json").is_file() =>
        {
            parent.to_path_buf()
        }
        _ => folder.to_path_buf(),
    }
}

/// Where a schema file sits inside its bundle, from its path on disk: `v2/x.schema.json` for a
/// file in a bundle's `v2/` or `common/` folder, else only its name.
pub fn path_in_bundle(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|f| f.to_str())
    {
        Some(folder @ ("v2" | "common")) => format!("{folder}/{name}"),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_repair_has_a_distinct_name_and_a_summary() {
        let mut names: Vec<&str> = REPAIRS.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REPAIRS.len());
        assert!(REPAIRS.iter().all(|r| r.summary.len() > 20));
    }

    #[test]
    fn files_are_placed_by_their_bundle_folder() {
        use std::path::Path;
        assert_eq!(
            path_in_bundle(Path::new("/b/25.2.20/v2/labels.schema.json")),
            "v2/labels.schema.json"
        );
        assert_eq!(
            path_in_bundle(Path::new("/b/common/href_object.schema.json")),
            "common/href_object.schema.json"
        );
        assert_eq!(path_in_bundle(Path::new("x.schema.json")), "x.schema.json");
    }
}
