//! `cargo xtask diff OLD NEW [--format markdown|json]`: what changed between two folders of
//! PCE schemas, and which changes break Rust code built against the old release's types, as
//! `illumio_pce_codegen::diff` finds it.
//!
//! A folder that is one of the release table's is resolved with that release's settings
//! (fix-ups and type names), so the report names the types of the generated code.

use std::path::Path;

use illumio_pce_codegen::diff::Report;
use illumio_pce_codegen::{Resolved, Settings};

use crate::releases::RELEASES;
use crate::{project_root, Failure};

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
    illumio_pce_codegen::diff::folders(old, &settings_for(old), new, &settings_for(new))
        .map_err(|e| Failure(e.to_string()))
}

/// Resolves the folder `dir` for comparison.
pub(crate) fn resolve(dir: &Path, settings: &Settings) -> Result<Resolved, Failure> {
    illumio_pce_codegen::resolve(dir, settings)
        .map_err(|e| Failure(format!("{}: {e}", dir.display())))
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

#[cfg(test)]
mod tests {
    use illumio_pce_codegen::diff::{Kind, Summary};

    use super::*;

    /// The report on two releases of `schemas/`, with the release table's type names.
    fn release_report(old: &str, new: &str) -> Report {
        let schemas = project_root().join("schemas");
        diff_folders(&schemas.join(old), &schemas.join(new)).expect("compares the releases")
    }

    #[test]
    fn from_23_3_to_24_1_ten_feature_names_are_added_and_nothing_breaks() {
        let report = release_report("23.3", "24.1");
        assert_eq!(
            report.summary,
            Summary {
                enum_values_added: 10,
                ..Summary::default()
            }
        );
        let [change] = report.changes.as_slice() else {
            panic!("one change expected: {:?}", report.changes);
        };
        assert_eq!(change.schema, "v2/optional_features_put.schema.json");
        assert_eq!(change.rust_name.as_deref(), Some("FeatureName"));
        assert_eq!(change.pointer, "/items/oneOf/0/properties/name");
        let Kind::EnumValuesAdded { values } = &change.kind else {
            panic!("{change:?}");
        };
        assert_eq!(
            values.first(),
            Some(&"ransomware_readiness_dashboard".into())
        );
        assert_eq!(values.last(), Some(&"rule_based_label_mapping".into()));
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    }

    #[test]
    fn from_24_1_to_25_2_three_feature_names_are_added_and_nothing_breaks() {
        let report = release_report("24.1", "25.2");
        assert_eq!(report.summary.line(), "3 enum values added, 0 breaking");
        let [change] = report.changes.as_slice() else {
            panic!("one change expected: {:?}", report.changes);
        };
        assert_eq!(change.rust_name.as_deref(), Some("FeatureName"));
        assert!(report.markdown().contains(
            "- `FeatureName` (`items/oneOf/0/name`): enum values added: `core_insights`, \
             `rule_info_exposure_to_syslog`, "
        ));
    }

    #[test]
    fn a_missing_folder_is_a_failure_that_names_it() {
        let Err(Failure(message)) = diff_folders(Path::new("no/such/folder"), Path::new("x"))
        else {
            panic!("compared a missing folder");
        };
        assert!(message.contains("no/such/folder"), "{message}");
    }
}
