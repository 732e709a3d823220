//! `cargo xtask codegen [--check]`: regenerates the SDK's types for every release in the
//! table and CHANGELOG.md's release sections, or checks that the checked-in files are exactly
//! what the schemas give.
//!
//! For each release whose module it rewrites (or finds out of date), it prints what changed
//! from the previous release in the table: the summary of `cargo xtask diff`. The previous
//! release is the comparison because it needs no history (no git, no earlier output): it is
//! what a new release's author wants to know, and what the changelog tells the SDK's users.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::releases::RELEASES;
use crate::{changelog, project_root, Failure};

/// Where the generated modules live.
const OUT_DIR: &str = "sdk/src/pce";
/// The hand-written parent module, the one file in `OUT_DIR` that is not generated.
const PARENT: &str = "mod.rs";
/// The generated list of release modules that the parent module includes.
const RELEASES_FILE: &str = "releases.rs";

/// Whether to write the files or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Rewrite what differs, delete stale files.
    Write,
    /// Change nothing; fail if anything differs.
    Check,
}

/// Regenerates (or checks) every release; returns a one-line summary.
pub(crate) fn run(mode: Mode) -> Result<String, Failure> {
    let started = Instant::now();
    let root = project_root();
    let out_dir = root.join(OUT_DIR);
    let mut expected = Vec::new();
    let mut schema_files = Vec::new();
    for release in RELEASES {
        let module = codegen::generate(
            &root.join("schemas").join(release.folder),
            &release.settings(),
        )
        .map_err(|e| Failure(format!("schemas/{}: {e}", release.folder)))?;
        if let Some(warning) = module.warnings.first() {
            return Err(Failure(format!("schemas/{}: {warning}", release.folder)));
        }
        schema_files.push((release.folder, module.files));
        expected.push((
            out_dir.join(format!("{}.rs", release.module)),
            module.source,
        ));
    }
    expected.push((out_dir.join(RELEASES_FILE), releases_module(&schema_files)));
    let history = changelog::release_changes(&root)?;
    let changelog_path = changelog::path(&root);
    let current = match std::fs::read_to_string(&changelog_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Failure(format!("{}: {e}", changelog_path.display()))),
    };
    let changelog_text = changelog::contents(current.as_deref(), &history)?;
    expected.push((changelog_path, changelog_text));
    let mut changed = Vec::new();
    let mut releases_changed = Vec::new();
    for (path, text) in &expected {
        if ensure_file_contents(path, text, mode)? {
            changed.push(relative(path));
            let release = history
                .iter()
                .find(|h| *path == out_dir.join(format!("{}.rs", h.release.module)));
            releases_changed.extend(release.map(changelog::ReleaseChanges::summary_line));
        }
    }
    let keep: BTreeSet<PathBuf> = expected
        .iter()
        .map(|(p, _)| p.clone())
        .chain([out_dir.join(PARENT)])
        .collect();
    for stale in stale_files(&out_dir, &keep)? {
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
    let what_changed: String = releases_changed.iter().map(|l| format!("\n{l}")).collect();
    match (mode, changed.is_empty()) {
        (_, true) => Ok(format!(
            "{} releases up to date ({elapsed} ms)",
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

/// The module list the parent module includes: one module per release, `latest`, and the
/// embedded schema files the SDK validates payloads with.
fn releases_module(schema_files: &[(&str, Vec<PathBuf>)]) -> String {
    let mut text = String::from(
        "// Generated by `cargo xtask codegen` from the release table in `xtask/src/releases.rs`:\n\
         // do not edit by hand.\n\n",
    );
    for release in RELEASES {
        let _ = writeln!(
            text,
            "/// Types of PCE release {}.\npub mod {};",
            release.folder, release.module
        );
    }
    if let Some(latest) = RELEASES.last() {
        let _ = writeln!(
            text,
            "/// The newest supported release, {}.\npub use {} as latest;",
            latest.folder, latest.module
        );
    }
    text.push_str(
        "\n/// The supported PCE releases, oldest first.\npub const RELEASES: &[&str] = &[",
    );
    let names: Vec<String> = RELEASES.iter().map(|r| format!("{:?}", r.folder)).collect();
    text.push_str(&names.join(", "));
    text.push_str("];\n");
    text.push_str(
        "\n/// Every schema file of every release, embedded: (release, path in the release folder, text).\n\
         pub(crate) const SCHEMA_FILES: &[(&str, &str, &str)] = &[\n",
    );
    for (release, files) in schema_files {
        for file in files {
            let path = file.to_string_lossy().replace('\\', "/");
            let _ = writeln!(
                text,
                "    ({release:?}, {path:?}, include_str!(\"../../../schemas/{release}/{path}\")),"
            );
        }
    }
    text.push_str("];\n");
    text
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
