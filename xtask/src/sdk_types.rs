//! `cargo xtask codegen [--check]`: regenerates the SDK's types from the newest release of
//! the table, the list of every release's embedded schemas, and CHANGELOG.md's release
//! sections, or checks that the checked-in files are exactly what the schemas give.
//!
//! The SDK has one set of types (`illumio_pce::types`), generated from the newest release:
//! responses are read leniently and requests are built strictly, so one set serves every
//! release, and each request is validated against the schemas of the release the client is
//! connected to (see `sdk/src/types/mod.rs`). For each release whose schemas changed, it prints
//! what changed from the previous release in the table: the summary of `cargo xtask diff`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use illumio_pce_codegen::openapi::{Operation, Release as TableRelease, ReleaseTable, Texts};

use crate::releases::{Release, RELEASES};
use crate::{changelog, project_root, Failure};

/// Where the generated types live, beside their hand-written parent module.
const TYPES_DIR: &str = "sdk/src/types";
/// The hand-written parent module, the one file in `TYPES_DIR` that is not generated.
const PARENT: &str = "mod.rs";
/// The generated types.
const TYPES_FILE: &str = "generated.rs";
/// The generated list of releases and their embedded schema files.
const RELEASES_FILE: &str = "sdk/src/releases.rs";
/// The SDK's generated endpoints, from the newest release's `openapi.json`.
const ENDPOINTS_FILE: &str = "sdk/src/endpoints.rs";

/// Whether to write the files or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Rewrite what differs, delete stale files.
    Write,
    /// Change nothing; fail if anything differs.
    Check,
}

/// Regenerates (or checks) the SDK's generated files; returns a one-line summary.
pub(crate) fn run(mode: Mode) -> Result<String, Failure> {
    let started = Instant::now();
    let root = project_root();
    let types_dir = root.join(TYPES_DIR);
    let newest = RELEASES
        .last()
        .ok_or_else(|| Failure("the release table is empty".to_owned()))?;
    let mut expected = Vec::new();
    let history = changelog::release_changes(&root)?;
    let mut releases = Vec::new();
    let mut newest_parts = None;
    for release in RELEASES {
        let module = generate(&root, release)?;
        let operations = operations(&root, release, &module)?;
        releases.push(TableRelease::new(
            release.folder,
            &operations,
            schema_texts(&root, release, &module)?,
        ));
        if std::ptr::eq(release, newest) {
            newest_parts = Some((module, operations));
        }
    }
    let reports: Vec<_> = history.iter().skip(1).map(|h| h.report.clone()).collect();
    let table = ReleaseTable::new(releases, &reports);
    let (module, operations) =
        newest_parts.ok_or_else(|| Failure("the release table is empty".to_owned()))?;
    let since = table.since(&operations);
    expected.push((
        root.join(ENDPOINTS_FILE),
        endpoints(newest, &module, &operations, since),
    ));
    expected.push((types_dir.join(TYPES_FILE), module.source));
    expected.push((
        root.join(RELEASES_FILE),
        table.module(Texts::Inline, RELEASES_HEADER, "pub(crate)", "crate"),
    ));
    let changelog_path = changelog::path(&root);
    let current = match std::fs::read_to_string(&changelog_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Failure(format!("{}: {e}", changelog_path.display()))),
    };
    let changelog_text = changelog::contents(current.as_deref(), &history)?;
    expected.push((changelog_path, changelog_text));
    let mut changed = Vec::new();
    for (path, text) in &expected {
        if ensure_file_contents(path, text, mode)? {
            changed.push(relative(path));
        }
    }
    let keep: BTreeSet<PathBuf> = expected
        .iter()
        .map(|(p, _)| p.clone())
        .chain([types_dir.join(PARENT)])
        .collect();
    for stale in stale_files(&types_dir, &keep)? {
        if mode == Mode::Write {
            std::fs::remove_file(&stale)
                .map_err(|e| Failure(format!("{}: {e}", stale.display())))?;
        }
        let what = if mode == Mode::Write {
            "removed"
        } else {
            "stale"
        };
        changed.push(format!("{} ({what})", relative(&stale)));
    }
    let elapsed = started.elapsed().as_millis();
    let what_changed: String = if changed.is_empty() {
        String::new()
    } else {
        history
            .iter()
            .map(|h| format!("\n{}", h.summary_line()))
            .collect()
    };
    match (mode, changed.is_empty()) {
        (_, true) => Ok(format!(
            "types of PCE {} and schemas of {} releases up to date ({elapsed} ms)",
            newest.folder,
            RELEASES.len()
        )),
        (Mode::Write, false) => Ok(format!(
            "updated {} ({elapsed} ms){what_changed}",
            changed.join(", ")
        )),
        (Mode::Check, false) => Err(Failure(format!(
            "generated code is out of date: {}{what_changed}\nrun `cargo xtask codegen` and commit the result",
            changed.join(", ")
        ))),
    }
}

/// The module of `release`, which must generate without a warning.
pub(crate) fn generate(
    root: &Path,
    release: &Release,
) -> Result<illumio_pce_codegen::Module, Failure> {
    let module = illumio_pce_codegen::generate(
        &root.join("schemas").join(release.folder),
        &release.settings(),
    )
    .map_err(|e| Failure(format!("schemas/{}: {e}", release.folder)))?;
    if let Some(warning) = module.warnings.first() {
        return Err(Failure(format!("schemas/{}: {warning}", release.folder)));
    }
    Ok(module)
}

/// The operations of `release`'s `openapi.json`, over the types of `module`.
fn operations(
    root: &Path,
    release: &Release,
    module: &illumio_pce_codegen::Module,
) -> Result<Vec<Operation>, Failure> {
    let folder = root.join("schemas").join(release.folder);
    let files: BTreeSet<PathBuf> = module.files.iter().cloned().collect();
    illumio_pce_codegen::openapi::read(&folder, &files)
        .map_err(|e| Failure(format!("schemas/{}: {e}", release.folder)))
}

/// The SDK's endpoints: a method on `Client` for each of `operations` of `release`, over the
/// types of `module`.
fn endpoints(
    release: &Release,
    module: &illumio_pce_codegen::Module,
    operations: &[Operation],
    since: BTreeMap<String, String>,
) -> String {
    let paths = illumio_pce_codegen::openapi::Paths {
        types: "crate::types".to_owned(),
        sdk: "crate".to_owned(),
        target: illumio_pce_codegen::openapi::Target::Client,
        features: false,
        since,
    };
    let header = format!(
        "//! The SDK's typed endpoints, one method on `Client` per operation of\n\
         //! `schemas/{}/openapi.json`.\n//!\n\
         //! Generated by `cargo xtask codegen`: do not edit by hand.\n",
        release.folder
    );
    illumio_pce_codegen::openapi::endpoints(operations, &module.roots, &paths, &header)
}

/// Makes `path` hold `text`; returns whether it did not already.
fn ensure_file_contents(path: &Path, text: &str, mode: Mode) -> Result<bool, Failure> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    if mode == Mode::Write {
        std::fs::write(path, text).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(true)
}

/// Files in `dir` that nothing generates any more.
fn stale_files(dir: &Path, keep: &BTreeSet<PathBuf>) -> Result<Vec<PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| Failure(format!("{}: {e}", dir.display())))?;
    let mut stale = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Failure(format!("{}: {e}", dir.display())))?
            .path();
        if !keep.contains(&path) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

/// The header of the SDK's release table.
const RELEASES_HEADER: &str =
    "//! The supported PCE releases: their operations and schema files, embedded (written out,\n\
     //! not `include_str!`ed from `schemas/`, which is outside the SDK's package), and what\n\
     //! each added to request bodies.\n//!\n\
     //! Generated by `cargo xtask codegen` from the release table in `xtask/src/releases.rs`\n\
     //! and the files under `schemas/`: do not edit by hand.\n";

/// The schema files of `release`'s `module`: path in the release folder → text.
fn schema_texts(
    root: &Path,
    release: &Release,
    module: &illumio_pce_codegen::Module,
) -> Result<BTreeMap<String, String>, Failure> {
    let mut files = BTreeMap::new();
    for file in &module.files {
        let source = root.join("schemas").join(release.folder).join(file);
        let text = std::fs::read_to_string(&source)
            .map_err(|e| Failure(format!("{}: {e}", source.display())))?;
        files.insert(file.to_string_lossy().replace('\\', "/"), text);
    }
    Ok(files)
}

fn relative(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_code_is_up_to_date() {
        if let Err(Failure(message)) = run(Mode::Check) {
            panic!("{message}");
        }
    }

    #[test]
    fn check_mode_reports_differing_and_missing_files_without_writing() {
        let dir = scratch_dir("check-mode");
        let same = dir.join("same.rs");
        let differs = dir.join("differs.rs");
        std::fs::write(&same, "a").expect("write");
        std::fs::write(&differs, "old").expect("write");
        assert!(!ensure_file_contents(&same, "a", Mode::Check).expect("check"));
        assert!(ensure_file_contents(&differs, "new", Mode::Check).expect("check"));
        assert!(ensure_file_contents(&dir.join("missing.rs"), "x", Mode::Check).expect("check"));
        assert_eq!(std::fs::read_to_string(&differs).expect("read"), "old");
        assert!(!dir.join("missing.rs").exists());
        assert!(ensure_file_contents(&differs, "new", Mode::Write).expect("write"));
        assert_eq!(std::fs::read_to_string(&differs).expect("read"), "new");
    }

    #[test]
    fn files_nothing_generates_are_stale() {
        let dir = scratch_dir("stale");
        for name in ["mod.rs", "v1.rs", "v0.rs"] {
            std::fs::write(dir.join(name), "").expect("write");
        }
        let keep: BTreeSet<PathBuf> = [dir.join("mod.rs"), dir.join("v1.rs")].into();
        assert_eq!(stale_files(&dir, &keep).expect("list"), [dir.join("v0.rs")]);
    }

    fn scratch_dir(name: &str) -> PathBuf {
        let dir = project_root()
            .join("target")
            .join("xtask")
            .join("tests")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        dir
    }
}
