//! `cargo xtask diff OLD NEW [--format markdown|json]`: what changed between two folders of
//! PCE schemas, and which changes break Rust code built against the old release's types.
//!
//! Both folders are resolved by `codegen::resolve` (every `$ref` replaced by its target, so a
//! change in a shared file shows under each schema that uses it), compared schema by schema
//! (`compare`), each change judged (`rules`) and reported (`report`). A folder that is one of
//! the release table's is resolved with that release's settings (fix-ups and type names), so
//! the report names the types of the generated code.

mod compare;
mod report;
mod rules;
#[cfg(test)]
mod tests;

use std::path::Path;

use codegen::{Resolved, Settings};

use crate::releases::RELEASES;
use crate::{project_root, Failure};

pub(crate) use report::Report;

/// How `cargo xtask diff` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// For people: a summary, then one line per change.
    Markdown,
    /// For tools: the report as JSON.
    Json,
}

/// Prints the report on `old` → `new` to standard output; returns its summary line.
pub(crate) fn run(old: &Path, new: &Path, format: Format) -> Result<String, Failure> {
    let report = diff_folders(old, new)?;
    match format {
        Format::Markdown => print!("{}", report.markdown()),
        Format::Json => {
            let json = serde_json::to_string_pretty(&report)
                .map_err(|e| Failure(format!("cannot write the report as JSON: {e}")))?;
            println!("{json}");
        }
    }
    Ok(format!(
        "{} → {}: {}",
        old.display(),
        new.display(),
        report.summary.line()
    ))
}

/// Compares two folders, each named in the report as given.
pub(crate) fn diff_folders(old: &Path, new: &Path) -> Result<Report, Failure> {
    let before = resolve(old, &settings_for(old))?;
    let after = resolve(new, &settings_for(new))?;
    Ok(report(
        &old.display().to_string(),
        &before,
        &new.display().to_string(),
        &after,
    ))
}

/// Resolves the folder `dir` for comparison.
pub(crate) fn resolve(dir: &Path, settings: &Settings) -> Result<Resolved, Failure> {
    codegen::resolve(dir, settings).map_err(|e| Failure(format!("{}: {e}", dir.display())))
}

/// The report on `old` → `new`, the folders named `old_name` and `new_name`.
pub(crate) fn report(old_name: &str, old: &Resolved, new_name: &str, new: &Resolved) -> Report {
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
    Report {
        old: old_name.to_owned(),
        new: new_name.to_owned(),
        summary: report::Summary::of(&changes),
        changes,
        warnings,
    }
}

/// The settings of the release whose folder `dir` is, or the defaults.
fn settings_for(dir: &Path) -> Settings {
    let Ok(dir) = dir.canonicalize() else {
        return Settings::new();
    };
    let schemas = project_root().join("schemas");
    RELEASES
        .iter()
        .find(|release| {
            schemas
                .join(release.folder)
                .canonicalize()
                .is_ok_and(|folder| folder == dir)
        })
        .map_or_else(Settings::new, |release| release.settings())
}
