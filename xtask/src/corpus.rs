//! `cargo xtask corpus DIR`: runs the generator over every schema file of a folder tree of
//! real PCE schemas and prints one line per file: generated and compiled, or the error.

use std::path::{Path, PathBuf};

use illumio_pce_codegen::{Error, Settings};

use crate::compile::compile;
use crate::Failure;

/// What happened to one file.
enum Outcome {
    /// Generated; `missing` lists the absent `$ref` targets it needed
    /// `--allow-missing-refs` for.
    Generated {
        source: String,
        missing: Vec<String>,
    },
    /// The generator refused it.
    Failed(String),
}

/// Runs the corpus; fails if any file outside a `fragments/` folder did not generate code
/// that compiles.
pub(crate) fn run(dir: &Path) -> Result<String, Failure> {
    let files = json_files(dir)?;
    let settings = Settings::new().command("`cargo xtask corpus`");
    let outcomes: Vec<(PathBuf, Outcome)> = files
        .into_iter()
        .map(|file| {
            let outcome =
                match illumio_pce_codegen::generate_files(dir, vec![file.clone()], &settings) {
                    Ok(module) => Outcome::Generated {
                        source: module.source,
                        missing: Vec::new(),
                    },
                    Err(Error::MissingRefs { missing }) => {
                        let lenient = settings.clone().allow_missing_refs(true);
                        match illumio_pce_codegen::generate_files(dir, vec![file.clone()], &lenient)
                        {
                            Ok(module) => {
                                let mut targets: Vec<String> = missing
                                    .iter()
                                    .map(|m| m.resolved.display().to_string())
                                    .collect();
                                targets.sort();
                                targets.dedup();
                                Outcome::Generated {
                                    source: module.source,
                                    missing: targets,
                                }
                            }
                            Err(e) => Outcome::Failed(e.to_string()),
                        }
                    }
                    Err(e) => Outcome::Failed(e.to_string()),
                };
            (file, outcome)
        })
        .collect();
    let modules: Vec<(String, String)> = outcomes
        .iter()
        .filter_map(|(file, outcome)| match outcome {
            Outcome::Generated { source, .. } => Some((file.display().to_string(), source.clone())),
            Outcome::Failed(_) => None,
        })
        .collect();
    let compile_errors = compile("compile-check", &modules)?;
    let (mut compiled, mut lenient, mut failed) = (0, 0, Vec::new());
    for (file, outcome) in &outcomes {
        let name = file.display().to_string();
        let line = match outcome {
            Outcome::Failed(error) => {
                failed.push(file);
                format!("{name}: error: {}", error.replace('\n', " "))
            }
            Outcome::Generated { .. } if compile_errors.contains_key(&name) => {
                failed.push(file);
                format!(
                    "{name}: generated, but does not compile: {}",
                    compile_errors[&name]
                )
            }
            Outcome::Generated { missing, .. } if missing.is_empty() => {
                compiled += 1;
                format!("{name}: generated, compiles")
            }
            Outcome::Generated { missing, .. } => {
                lenient += 1;
                format!(
                    "{name}: missing $ref target(s) {}; with --allow-missing-refs: generated, compiles",
                    missing.join(", ")
                )
            }
        };
        println!("{line}");
    }
    let summary = format!(
        "{} schema files: {compiled} generated and compiled, {lenient} more with --allow-missing-refs, {} failed",
        outcomes.len(),
        failed.len()
    );
    let full_failures = failed
        .iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "fragments"))
        .count();
    if full_failures > 0 {
        return Err(Failure(format!(
            "{summary} ({full_failures} of them full schemas)"
        )));
    }
    Ok(summary)
}

/// Every `*.json` file under `dir`, relative to it, sorted.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let path = dir.join(&rel);
        let entries =
            std::fs::read_dir(&path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        for entry in entries {
            let entry = entry.map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            let name = rel.join(entry.file_name());
            if entry.path().is_dir() {
                pending.push(name);
            } else if name.extension().is_some_and(|e| e == "json") {
                found.push(name);
            }
        }
    }
    found.sort();
    Ok(found)
}
