//! What changed between two folders of PCE schemas, and which changes break Rust code built
//! against the old folder's generated types.
//!
//! The diff lives with the generator because its rules describe the generator's mapping
//! (`Option` for optional properties, `extra` and `Other` in lenient response types,
//! constructors of request types): when the mapping changes, the rules change with it, and
//! both read one [`Direction`](crate::Direction) per type.
//!
//! Both folders are [resolved](crate::resolve) (every `$ref` replaced by its target, so a
//! change in a shared file shows under each schema that uses it, and each file read through
//! the named repairs, as the types are made), compared schema by schema, each change judged
//! by the [`rules`] and gathered in a [`Report`], which renders as Markdown or serializes as
//! JSON. A repair one folder needs and the other does not is reported too: when upstream
//! fixes a bug a repair anticipated, the schema shows no change, and the report says the
//! repair is no longer needed.
//!
//! ```
//! use illumio_pce_codegen::{diff, Settings};
//! use std::path::Path;
//!
//! let report = diff::folders(
//!     Path::new("../schemas/24.1"),
//!     &Settings::new(),
//!     Path::new("../schemas/25.2"),
//!     &Settings::new(),
//! )?;
//! assert_eq!(report.summary.line(), "3 enum values added, 0 breaking");
//! assert!(report.markdown().contains("enum values added: `core_insights`"));
//! # Ok::<(), illumio_pce_codegen::Error>(())
//! ```

mod compare;
mod markdown;
mod model;
pub mod rules;

use std::collections::BTreeMap;
use std::path::Path;

pub use model::{Change, Kind, RepairChange, Repaired, Report, Summary, Verdict};

use crate::error::Result;
use crate::load::slashed;
use crate::resolve::{resolve, Resolved};
use crate::settings::Settings;

/// The report on `old` → `new`, the folders named `old_name` and `new_name` in it.
pub fn report(old_name: &str, old: &Resolved, new_name: &str, new: &Resolved) -> Report {
    let changes = compare::compare(old, new);
    let mut warnings = Vec::new();
    for (name, side) in [(old_name, old), (new_name, new)] {
        for missing in &side.missing {
            warnings.push(format!("{name}: {missing}: compared as written"));
        }
        for warning in &side.warnings {
            warnings.push(format!("{name}: {warning}"));
        }
    }
    let mut schemas = BTreeMap::new();
    for change in &changes {
        let file = Path::new(&change.schema);
        let direction = [old, new]
            .into_iter()
            .filter(|side| side.schemas.contains_key(file))
            .map(|side| side.direction(file, ""))
            .reduce(crate::Direction::join)
            .unwrap_or(change.direction);
        schemas.insert(change.schema.clone(), direction);
    }
    let repairs = repairs(old, new, &schemas);
    Report {
        old: old_name.to_owned(),
        new: new_name.to_owned(),
        summary: Summary::of(&changes),
        changes,
        schemas,
        repairs,
        warnings,
    }
}

/// The repairs one side applies to a file both sides read and the other does not. One the
/// old side needed is no longer needed when the file is a schema the diff compares and shows
/// no change (upstream now writes what the repair read); else it no longer applies.
/// `changed` holds the schemas with changes.
fn repairs(
    old: &Resolved,
    new: &Resolved,
    changed: &BTreeMap<String, crate::Direction>,
) -> Vec<Repaired> {
    let mut found = Vec::new();
    for (file, before) in &old.repairs {
        let Some(after) = new.repairs.get(file) else {
            continue;
        };
        let schema = slashed(file);
        let unchanged = new.schemas.contains_key(file) && !changed.contains_key(&schema);
        let gone = if unchanged {
            RepairChange::NoLongerNeeded
        } else {
            RepairChange::NoLongerApplies
        };
        let entries = before
            .iter()
            .filter(|a| !after.contains(a))
            .map(|a| (a, gone))
            .chain(
                after
                    .iter()
                    .filter(|a| !before.contains(a))
                    .map(|a| (a, RepairChange::NowApplies)),
            );
        for (applied, change) in entries {
            found.push(Repaired {
                schema: schema.clone(),
                pointer: applied.pointer.clone(),
                repair: applied.repair,
                change,
            });
        }
    }
    found
}

/// Resolves the folders `old` and `new` (each with its settings: fix-ups and type names) and
/// reports on the change, each folder named as given.
pub fn folders(
    old: &Path,
    old_settings: &Settings,
    new: &Path,
    new_settings: &Settings,
) -> Result<Report> {
    let before = resolve(old, old_settings)?;
    let after = resolve(new, new_settings)?;
    Ok(report(
        &old.display().to_string(),
        &before,
        &new.display().to_string(),
        &after,
    ))
}
