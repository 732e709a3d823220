//! `ref_outside_bundle`: a `$ref` that leaves the bundle names a file that is not part of
//! it (25.2.20's time-series responses refer to
//! `../../../agent/schema/v2/num_workloads_by_exposure_time_series.schema.json`, a path in
//! Illumio's source tree). The generator treats it as a missing target (any value) and reads
//! nothing outside the bundle; validation reads the file where it lies, as any Draft 4
//! validator does, and reads the target as any value only when no such file exists.

use std::path::{Component, Path};

use crate::Repair;

/// This repair.
pub(crate) const REPAIR: Repair = Repair {
    name: "ref_outside_bundle",
    summary: "a `$ref` whose file lies outside the bundle folder is a missing target, any \
              value, for the generated types (nothing outside the bundle is read); for \
              validation only when no such file exists",
};

/// Whether `reference`, written in the file `file` (its path inside the bundle folder, with
/// `/`), names a file outside the bundle folder.
///
/// ```
/// use pce_schema_repairs::leaves_bundle;
///
/// assert!(leaves_bundle("v2/a.schema.json", "../../agent/v2/b.schema.json"));
/// assert!(!leaves_bundle("v2/a.schema.json", "../common/b.schema.json#/definitions/x"));
/// assert!(!leaves_bundle("v2/a.schema.json", "#/definitions/x"));
/// ```
pub fn leaves_bundle(file: &str, reference: &str) -> bool {
    let file_part = reference.split('#').next().unwrap_or_default();
    if file_part.is_empty() || file_part.contains("://") {
        return false;
    }
    let mut depth: i64 = Path::new(file)
        .parent()
        .map(|p| p.components().count() as i64)
        .unwrap_or(0);
    for component in Path::new(file_part).components() {
        match component {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return true,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}
