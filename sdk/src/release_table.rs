//! What a client knows about the PCE releases it may talk to: which operations and request
//! schemas each release has, and what each one added. One table serves the SDK's own
//! releases (`schemas/`, written by `cargo xtask codegen`) and every generated crate (one
//! bundle or several, written by `pce generate`); the client checks each request against the
//! release of the PCE it goes to.
//!
//! A release is named as its bundle names it (`25.2.20`, or `25.2` for the SDK's own): the
//! release that describes a PCE is the newest of the table not newer than the PCE's version,
//! compared part by part (`25.2` ≤ `25.2.10` < `25.2.20` < `26.3.0`). A file or operation
//! several releases share is stored once, with the set of releases that have it.

use crate::error::{Error, Result};
use crate::release_gap::ReleaseGap;

/// The releases of a table as bits: bit `i` is the `i`-th release, oldest first.
pub type ReleaseSet = u64;

/// An operation (`"POST /orgs/{}/labels"`: its method and path as the bundle's `openapi.json`
/// writes it, its parameters' names left out, so that a release that renames one still has
/// the operation) and the releases that have it.
pub type OperationEntry = (&'static str, ReleaseSet);

/// A schema file (its path in the bundle, `v2/labels_post.schema.json`), the releases whose
/// bundle holds this text of it, and the text.
pub type FileEntry = (&'static str, ReleaseSet, &'static str);

/// What a release added to a request schema, from the diff of each release with the one
/// before: the schema file, the property's name or the enum value (as JSON, `"\"x\""`), and
/// the index of the release that added it.
pub type AddedEntry = (&'static str, &'static str, u8);

/// The releases a client knows, oldest first, with what each one has.
///
/// ```
/// use illumio_pce::ReleaseTable;
///
/// static TABLE: ReleaseTable = ReleaseTable::new(
///     &["25.2.20", "26.3.0"],
///     &[("GET /orgs/{}/ip_list_attributes", 0b10), ("GET /orgs/{}/labels", 0b11)],
///     &[],
///     &[],
///     &[],
/// );
/// assert_eq!(TABLE.release_for("25.2.20-1000"), "25.2.20");
/// assert_eq!(TABLE.release_for("26.1.0"), "25.2.20");
/// assert_eq!(TABLE.release_for("27.1.0"), "26.3.0");
/// assert_eq!(TABLE.since("GET /orgs/{org_id}/ip_list_attributes"), Some("26.3.0"));
/// ```
pub struct ReleaseTable {
    releases: &'static [&'static str],
    operations: &'static [OperationEntry],
    files: &'static [FileEntry],
    properties: &'static [AddedEntry],
    values: &'static [AddedEntry],
    #[cfg(feature = "validation")]
    schemas: std::sync::OnceLock<Vec<crate::validation::SchemaSet>>,
}

impl ReleaseTable {
    /// The table of `releases` (oldest first, at most 64): their `operations` (sorted by
    /// name), schema `files`, and the request `properties` and enum `values` each release
    /// added. What `pce generate` and `cargo xtask codegen` write.
    pub const fn new(
        releases: &'static [&'static str],
        operations: &'static [OperationEntry],
        files: &'static [FileEntry],
        properties: &'static [AddedEntry],
        values: &'static [AddedEntry],
    ) -> Self {
        Self {
            releases,
            operations,
            files,
            properties,
            values,
            #[cfg(feature = "validation")]
            schemas: std::sync::OnceLock::new(),
        }
    }

    /// The releases, oldest first.
    pub fn releases(&self) -> &'static [&'static str] {
        self.releases
    }

    /// The newest release.
    pub fn newest(&self) -> &'static str {
        self.releases.last().copied().unwrap_or_default()
    }

    /// The release that describes a PCE of `version`: the newest not newer than it; the
    /// oldest for a PCE older than all, the newest for a version that does not read as one
    /// (`""` for an empty table).
    pub fn release_for(&self, version: &str) -> &'static str {
        Checked::of(self, Some(version)).release
    }

    /// The index of [`release_for`](Self::release_for)'s release; `None` for a version that
    /// does not read as `major.minor…` or an empty table.
    pub(crate) fn index_for(&self, version: &str) -> Option<usize> {
        let pce = parts(version)?;
        if self.releases.is_empty() {
            return None;
        }
        let not_newer = self
            .releases
            .iter()
            .rposition(|release| parts(release).is_some_and(|r| r <= pce));
        Some(not_newer.unwrap_or(0))
    }

    /// The index of the release named `release` exactly, or [`Error::UnknownRelease`].
    pub fn index_of(&self, release: &str) -> Result<usize> {
        self.releases
            .iter()
            .position(|known| *known == release)
            .ok_or_else(|| Error::UnknownRelease {
                release: release.to_owned(),
                known: self.releases.iter().map(|r| (*r).to_owned()).collect(),
            })
    }

    /// The first release that has `operation` (`"GET /orgs/{org_id}/labels"`); `None` for an
    /// operation the table does not list.
    pub fn since(&self, operation: &str) -> Option<&'static str> {
        self.operation(operation).and_then(|set| self.first(set))
    }

    /// Whether every release has `operation` (or the table does not list it): no release
    /// refuses it.
    pub(crate) fn in_every_release(&self, operation: &str) -> bool {
        let every = ReleaseSet::MAX >> (64 - self.releases.len().clamp(1, 64));
        self.operation(operation)
            .is_none_or(|set| set & every == every)
    }

    fn operation(&self, operation: &str) -> Option<ReleaseSet> {
        let template = template(operation);
        self.operations
            .binary_search_by(|(name, _)| (*name).cmp(template.as_str()))
            .ok()
            .map(|at| self.operations[at].1)
    }

    fn first(&self, set: ReleaseSet) -> Option<&'static str> {
        let index = set.trailing_zeros() as usize;
        self.releases.get(index).copied()
    }

    /// `Ok` when the release at `index` has `operation` (or no release of the table does), else
    /// [`Error::NotInRelease`] naming the release that added it.
    pub(crate) fn check_operation(&self, operation: &str, at: &Checked) -> Result<()> {
        let since = self
            .operation(operation)
            .filter(|set| set & bit(at.index) == 0)
            .and_then(|set| self.first(set));
        match since {
            Some(since) => Err(at.refuse(vec![ReleaseGap {
                what: format!("`{operation}`"),
                pointer: None,
                since: since.to_owned(),
            }])),
            None => Ok(()),
        }
    }

    /// The schema files of the release at `index`: (path in the bundle, text).
    pub fn files_of(
        &self,
        index: usize,
    ) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.files
            .iter()
            .filter(move |(_, set, _)| set & bit(index) != 0)
            .map(|(path, _, text)| (*path, *text))
    }

    /// The index of the release that added the request property `name` to `schema` (its
    /// path, `v2/labels_post.schema.json`), if one after the oldest did.
    pub fn property_since(&self, schema: &str, name: &str) -> Option<usize> {
        added(self.properties, schema, name)
    }

    /// The index of the release that added the enum value `value` (as JSON, `"\"x\""`) to
    /// `schema`, if one after the oldest did.
    pub fn value_since(&self, schema: &str, value: &str) -> Option<usize> {
        added(self.values, schema, value)
    }

    /// The schemas of the release at `index`, compiled on first use.
    #[cfg(feature = "validation")]
    pub(crate) fn schemas(&self, index: usize) -> Option<&crate::validation::SchemaSet> {
        self.schemas
            .get_or_init(|| {
                (0..self.releases.len())
                    .map(|at| {
                        let files: Vec<(&'static str, &'static str)> = self.files_of(at).collect();
                        crate::validation::SchemaSet::new(self.releases[at], &files)
                    })
                    .collect()
            })
            .get(index)
    }
}

impl std::fmt::Debug for ReleaseTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReleaseTable")
            .field("releases", &self.releases)
            .field("operations", &self.operations.len())
            .field("files", &self.files.len())
            .finish()
    }
}

/// The release a request is checked against, and the PCE's version it was chosen for.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    /// The release's index in the table.
    pub index: usize,
    /// The release's name.
    pub release: &'static str,
    /// The PCE's version (as reported, or set on the builder); the release's name when
    /// neither is known.
    pub pce_version: String,
    /// Whether the PCE is older than every release of the table (it is checked against the
    /// oldest).
    pub older_than_all: bool,
}

impl Checked {
    /// The release at `version` in `table` (the newest when the version is unknown or does
    /// not read as one).
    pub(crate) fn of(table: &ReleaseTable, version: Option<&str>) -> Self {
        let newest = table.releases.len().saturating_sub(1);
        let index = version.and_then(|v| table.index_for(v)).unwrap_or(newest);
        let release = table.releases.get(index).copied().unwrap_or_default();
        let older_than_all = version
            .and_then(parts)
            .zip(table.releases.first().and_then(|oldest| parts(oldest)))
            .is_some_and(|(pce, oldest)| pce < oldest);
        Self {
            index,
            release,
            pce_version: version.unwrap_or(release).to_owned(),
            older_than_all,
        }
    }

    /// The error refusing a request for `gaps`.
    pub(crate) fn refuse(&self, gaps: Vec<ReleaseGap>) -> Error {
        Error::NotInRelease {
            pce_version: self.pce_version.clone(),
            release: self.release.to_owned(),
            gaps,
        }
    }
}

/// `GET /orgs/{org_id}/labels/{label_id}` → `GET /orgs/{}/labels/{}`: an operation as the
/// table lists it (`illumio_pce_codegen::openapi::template` writes it the same way).
fn template(operation: &str) -> String {
    let mut out = String::with_capacity(operation.len());
    let mut rest = operation;
    while let Some((before, parameter)) = rest.split_once('{') {
        out.push_str(before);
        out.push_str("{}");
        rest = parameter.split_once('}').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// The bit of the release at `index`; none past the 64th, which no entry can name.
fn bit(index: usize) -> ReleaseSet {
    u32::try_from(index)
        .ok()
        .and_then(|index| ReleaseSet::from(1u8).checked_shl(index))
        .unwrap_or(0)
}

fn added(table: &[AddedEntry], schema: &str, name: &str) -> Option<usize> {
    table
        .iter()
        .find(|(file, added, _)| *file == schema && *added == name)
        .map(|(_, _, release)| usize::from(*release))
}

/// `25.2.10-1000` → `[25, 2, 10]`, `25.2` → `[25, 2, 0]`: at least major and minor.
pub(crate) fn parts(version: &str) -> Option<[u32; 3]> {
    match numbers(version)[..] {
        [major, minor] => Some([major, minor, 0]),
        [major, minor, patch, ..] => Some([major, minor, patch]),
        _ => None,
    }
}

/// The numbers a version starts with: `25.2.10-1000` → `[25, 2, 10, 1000]`, `24.1` →
/// `[24, 1]`.
pub(crate) fn numbers(version: &str) -> Vec<u32> {
    version
        .split(['.', '-', '+', ' '])
        .map_while(|part| part.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: ReleaseTable = ReleaseTable::new(
        &["23.3", "24.1", "25.2"],
        &[("GET /a", 0b111), ("GET /b", 0b100), ("GET /c/{}", 0b111)],
        &[],
        &[],
        &[],
    );

    #[test]
    fn a_pce_version_is_checked_against_the_newest_release_not_newer_than_it() {
        assert_eq!(TABLE.release_for("25.2.20"), "25.2");
        assert_eq!(TABLE.release_for("25.2.10-1000"), "25.2");
        assert_eq!(TABLE.release_for("24.5.0"), "24.1");
        assert_eq!(TABLE.release_for("24.1"), "24.1");
        assert_eq!(TABLE.release_for("26.1.0"), "25.2");
        assert_eq!(
            TABLE.release_for("22.5.0"),
            "23.3",
            "older than all: the oldest"
        );
        assert!(Checked::of(&TABLE, Some("22.5.0")).older_than_all);
        assert!(!Checked::of(&TABLE, Some("23.3.0")).older_than_all);
        assert_eq!(TABLE.index_for("unknown"), None);
        assert_eq!(TABLE.release_for("unknown"), "25.2");
        static EMPTY: ReleaseTable = ReleaseTable::new(&[], &[], &[], &[], &[]);
        assert_eq!(EMPTY.release_for("25.2.20"), "", "no release, no panic");
    }

    #[test]
    fn patch_releases_are_told_apart() {
        static BUNDLES: ReleaseTable =
            ReleaseTable::new(&["25.2.20", "26.3.0"], &[], &[], &[], &[]);
        assert_eq!(BUNDLES.release_for("25.2.20"), "25.2.20");
        assert_eq!(BUNDLES.release_for("26.2.9"), "25.2.20");
        assert_eq!(BUNDLES.release_for("26.3.0-3066"), "26.3.0");
    }

    #[test]
    fn an_operation_the_release_lacks_is_refused_naming_the_release_that_added_it() {
        let at = Checked::of(&TABLE, Some("24.1.3"));
        assert!(TABLE.check_operation("GET /a", &at).is_ok());
        assert!(TABLE.check_operation("GET /unlisted", &at).is_ok());
        assert!(
            TABLE.check_operation("GET /c/{renamed_id}", &at).is_ok(),
            "a parameter's name is not the operation's"
        );
        let error = TABLE
            .check_operation("GET /b", &at)
            .expect_err("new in 25.2");
        assert_eq!(
            error.to_string(),
            "`GET /b` is new in 25.2; this PCE runs 24.1.3"
        );
    }
}
