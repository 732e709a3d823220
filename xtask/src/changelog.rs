//! CHANGELOG.md's PCE release sections: one per release of the table, newest first, each
//! written from the `cargo xtask diff` report against the release before it in the table.
//!
//! They sit between two marker comments. `cargo xtask codegen` rewrites what is between them
//! (and `--check` fails when it differs); the rest of the file is written by hand.

use std::path::{Path, PathBuf};

use illumio_pce_codegen::diff::{self, Report};
use illumio_pce_codegen::Resolved;

use crate::releases::{Release, RELEASES};
use crate::Failure;

/// The file, relative to the workspace root.
const FILE: &str = "CHANGELOG.md";
/// The line before the release sections.
const BEGIN: &str =
    "<!-- PCE releases: written by `cargo xtask codegen` from `cargo xtask diff`; edit the releases table or the schemas, not this text -->";
/// The line after them.
const END: &str = "<!-- end of PCE releases -->";
/// The hand-written text of a CHANGELOG.md that does not exist yet.
const PREAMBLE: &str = "# Changelog\n\n";

/// What changed in one release of the table, from the release before it.
pub(crate) struct ReleaseChanges {
    /// The release.
    pub release: &'static Release,
    /// The release before it in the table, if any.
    pub previous: Option<&'static Release>,
    /// The report from the previous release (from nothing for the first one).
    pub report: Report,
}

impl ReleaseChanges {
    /// One line for `cargo xtask codegen`, e.g. `schemas/25.2 (vs 24.1): 3 enum values added,
    /// 0 breaking`.
    pub fn summary_line(&self) -> String {
        let against = match self.previous {
            Some(previous) => format!("vs {}", previous.folder),
            None => "first release".to_owned(),
        };
        format!(
            "schemas/{} ({against}): {}",
            self.release.folder,
            self.report.summary.line()
        )
    }
}

/// The report of every release of the table against the one before it.
pub(crate) fn release_changes(root: &Path) -> Result<Vec<ReleaseChanges>, Failure> {
    let mut changes = Vec::new();
    let mut previous: Option<(&'static Release, Resolved)> = None;
    for release in RELEASES {
        let dir = root.join("schemas").join(release.folder);
        let resolved = crate::diff::resolve(&dir, &release.settings())?;
        let new_name = format!("schemas/{}", release.folder);
        let report = match &previous {
            Some((before, old)) => diff::report(
                &format!("schemas/{}", before.folder),
                old,
                &new_name,
                &resolved,
            ),
            None => diff::report("nothing", &Resolved::default(), &new_name, &resolved),
        };
        changes.push(ReleaseChanges {
            release,
            previous: previous.as_ref().map(|(before, _)| *before),
            report,
        });
        previous = Some((release, resolved));
    }
    Ok(changes)
}

/// Where the changelog is.
pub(crate) fn path(root: &Path) -> PathBuf {
    root.join(FILE)
}

/// The changelog's text with the release sections of `changes`: `existing` (the file's
/// current text, if it exists) with what lies between the markers replaced.
pub(crate) fn contents(
    existing: Option<&str>,
    changes: &[ReleaseChanges],
) -> Result<String, Failure> {
    let sections = sections(changes);
    let Some(existing) = existing else {
        return Ok(format!("{PREAMBLE}{BEGIN}\n{sections}{END}\n"));
    };
    let markers = existing
        .find(BEGIN)
        .zip(existing.find(END))
        .filter(|(begin, end)| begin < end);
    let Some((begin, end)) = markers else {
        return Err(Failure(format!(
            "{FILE}: the lines `{BEGIN}` and `{END}` (in this order) must mark where the PCE release sections go"
        )));
    };
    Ok(format!(
        "{}{BEGIN}\n{sections}{}",
        &existing[..begin],
        &existing[end..]
    ))
}

/// One `## PCE <release>` section per release, newest first.
fn sections(changes: &[ReleaseChanges]) -> String {
    let latest = RELEASES.last().map(|r| r.folder);
    let mut out = String::new();
    for change in changes.iter().rev() {
        let release = change.release;
        let types = if Some(release.folder) == latest {
            "The SDK's types (`illumio_pce::types`) are generated from this release's schemas; requests to a PCE of this release are validated against them."
        } else {
            "Requests to a PCE of this release are validated against its schemas."
        };
        let intro = match change.previous {
            Some(previous) => format!(
                "{types} Changes from PCE {0}, as `cargo xtask diff schemas/{0} schemas/{1}` reports them:",
                previous.folder, release.folder
            ),
            None => format!("{types} The first release the SDK supports."),
        };
        out.push_str(&format!(
            "## PCE {}\n\n{intro}\n\n{}\n",
            release.folder,
            change.report.markdown_body(3)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project_root;

    #[test]
    fn each_release_is_summed_up_against_the_one_before() {
        let changes = release_changes(&project_root()).expect("compares the releases");
        let lines: Vec<String> = changes.iter().map(ReleaseChanges::summary_line).collect();
        assert_eq!(
            lines,
            [
                "schemas/23.3 (first release): 5 schemas added, 0 breaking",
                "schemas/24.1 (vs 23.3): 10 enum values added, 0 breaking",
                "schemas/25.2 (vs 24.1): 3 enum values added, 0 breaking",
            ]
        );
    }

    #[test]
    fn only_the_text_between_the_markers_is_rewritten() {
        let changes = release_changes(&project_root()).expect("compares the releases");
        let fresh = contents(None, &changes).expect("writes a new changelog");
        assert!(fresh.starts_with("# Changelog\n\n<!-- PCE releases"));
        let order: Vec<usize> = ["## PCE 25.2", "## PCE 24.1", "## PCE 23.3"]
            .iter()
            .map(|h| fresh.find(h).expect("has the section"))
            .collect();
        assert!(order.is_sorted(), "newest first: {order:?}");

        let edited = fresh
            .replace("# Changelog\n", "# Changelog\n\nHand-written.\n")
            .replace("## PCE 24.1", "## PCE 24.1 (edited)")
            + "\n## Older\n";
        let rewritten = contents(Some(&edited), &changes).expect("rewrites");
        assert_eq!(
            rewritten,
            fresh.replace("# Changelog\n", "# Changelog\n\nHand-written.\n") + "\n## Older\n"
        );
    }

    #[test]
    fn a_changelog_without_markers_is_a_failure() {
        let Err(Failure(message)) = contents(Some("# Changelog\n"), &[]) else {
            panic!("rewrote a changelog without markers");
        };
        assert!(message.starts_with("CHANGELOG.md: the lines"), "{message}");
    }
}
