//! The releases module of a client: an `illumio_pce::ReleaseTable` static holding, for each
//! release of the client (one bundle or several, oldest first), which operations it has and
//! its schema files, each text stored once for all the releases that have it, and what each
//! release added to request schemas (from the [diff](crate::diff) of each release with the
//! one before), by which the client refuses what the PCE's release lacks, naming the release
//! that added it.

use std::collections::{BTreeMap, BTreeSet};

use super::Operation;
use crate::diff::{Kind, Report};
use crate::load::slashed;

/// One release of a client.
#[derive(Debug, Clone, Default)]
pub struct Release {
    /// Its name, e.g. `25.2.20`.
    pub name: String,
    /// Its operations, as `"GET /orgs/{}/labels"` ([`template`] of [`Operation::key`]).
    pub operations: BTreeSet<String>,
    /// The schema files of its request bodies (`v2/labels_post.schema.json`).
    pub requests: BTreeSet<String>,
    /// Its schema files: path in the bundle (`v2/labels_post.schema.json`) → text.
    pub files: BTreeMap<String, String>,
}

impl Release {
    /// The release `name` of `operations` and schema `files` (path in the bundle → text).
    pub fn new(
        name: impl Into<String>,
        operations: &[Operation],
        files: BTreeMap<String, String>,
    ) -> Self {
        Self {
            name: name.into(),
            operations: operations.iter().map(|op| template(&op.key())).collect(),
            requests: operations
                .iter()
                .filter_map(|op| op.request.as_deref().map(slashed))
                .collect(),
            files,
        }
    }
}

/// Where the table's schema texts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts<'a> {
    /// `include_str!` from this folder (a path `include_str!` resolves, ending in `/`), as
    /// [`ReleaseTable::stored_files`] lays them out under it.
    Include(&'a str),
    /// Written out in the module, for a module that stands alone.
    Inline,
}

/// One distinct schema text of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile<'a> {
    /// Where it is stored, relative to the schemas folder (`v2/x.schema.json`, or
    /// `25.2.20/v2/x.schema.json` for a text only older releases publish).
    pub at: String,
    /// Its path in the bundles (`v2/x.schema.json`).
    pub path: &'a str,
    /// The releases that publish this text, as bits.
    pub releases: u64,
    /// The text.
    pub text: &'a str,
}

/// The releases of a client, oldest first, and what each added to request schemas.
#[derive(Debug, Clone, Default)]
pub struct ReleaseTable {
    releases: Vec<Release>,
    /// (schema file, property name, release index), sorted.
    properties: BTreeSet<(String, String, u8)>,
    /// (schema file, enum value as JSON, release index), sorted.
    values: BTreeSet<(String, String, u8)>,
}

impl ReleaseTable {
    /// The table of `releases` (oldest first, at most 64), with what `reports` (each
    /// release against the one before: `reports[i]` is `releases[i]` → `releases[i + 1]`)
    /// say was added to their request bodies' schema files.
    pub fn new(releases: Vec<Release>, reports: &[Report]) -> Self {
        let requests: BTreeSet<&String> = releases.iter().flat_map(|r| &r.requests).collect();
        let mut properties = BTreeSet::new();
        let mut values = BTreeSet::new();
        for (index, report) in reports.iter().enumerate() {
            let release = u8::try_from(index + 1).unwrap_or(u8::MAX);
            for change in report
                .changes
                .iter()
                .filter(|c| requests.contains(&c.schema))
            {
                match &change.kind {
                    Kind::PropertyAdded { property, .. } => {
                        properties.insert((change.schema.clone(), property.clone(), release));
                    }
                    Kind::EnumValuesAdded { values: added } => {
                        for value in added {
                            values.insert((change.schema.clone(), value.to_string(), release));
                        }
                    }
                    _ => {}
                }
            }
        }
        Self {
            releases,
            properties,
            values,
        }
    }

    /// The releases, oldest first.
    pub fn releases(&self) -> &[Release] {
        &self.releases
    }

    /// The first release that has the operation `key` (whatever its parameters' names), when
    /// it is not the oldest.
    pub fn operation_since(&self, key: &str) -> Option<&str> {
        let template = template(key);
        let first = self
            .releases
            .iter()
            .position(|r| r.operations.contains(&template))?;
        (first > 0).then(|| self.releases[first].name.as_str())
    }

    /// Each of `operations` the oldest release lacks ([`Operation::key`]), and the release that
    /// added it: what [`Paths::since`](super::Paths::since) takes.
    pub fn since(&self, operations: &[Operation]) -> BTreeMap<String, String> {
        operations
            .iter()
            .filter_map(|op| {
                let key = op.key();
                let release = self.operation_since(&key)?.to_owned();
                Some((key, release))
            })
            .collect()
    }

    /// Each distinct schema text, where it is stored (relative to the schemas folder: the
    /// newest release's files at their path in the bundle, an older text under its newest
    /// release's name, `25.2.20/v2/…`), sorted by that place.
    pub fn stored_files(&self) -> Vec<StoredFile<'_>> {
        let newest = self.releases.len().saturating_sub(1);
        let mut texts: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for (index, release) in self.releases.iter().enumerate() {
            for (path, text) in &release.files {
                *texts.entry((path.as_str(), text.as_str())).or_default() |= bit(index);
            }
        }
        let mut stored: Vec<StoredFile<'_>> = texts
            .into_iter()
            .map(|((path, text), releases)| {
                let last = 63 - releases.leading_zeros() as usize;
                let at = match self.releases.get(last) {
                    Some(release) if last != newest => format!("{}/{path}", release.name),
                    _ => path.to_owned(),
                };
                StoredFile {
                    at,
                    path,
                    releases,
                    text,
                }
            })
            .collect();
        stored.sort_by(|a, b| a.at.cmp(&b.at));
        stored
    }

    /// The module's source: `header`, then `RELEASES` (`visibility`, e.g. `pub`), the
    /// `ReleaseTable` of the SDK crate at `sdk` (`illumio_pce`, or `crate` for the SDK's own).
    pub fn module(&self, texts: Texts<'_>, header: &str, visibility: &str, sdk: &str) -> String {
        let names: Vec<String> = self
            .releases
            .iter()
            .map(|r| format!("{:?}", r.name))
            .collect();
        let mut operations: BTreeMap<&str, u64> = BTreeMap::new();
        for (index, release) in self.releases.iter().enumerate() {
            for key in &release.operations {
                *operations.entry(key.as_str()).or_default() |= bit(index);
            }
        }
        let mut out = format!(
            "{header}\nuse {sdk}::ReleaseTable;\n\n\
             /// The releases requests are checked against, oldest first: which operations and\n\
             /// schema files each has, and what each added to request bodies.\n\
             {visibility} static RELEASES: ReleaseTable =\n    ReleaseTable::new(&[{}], OPERATIONS, FILES, PROPERTIES, VALUES);\n\n\
             /// Every operation (its parameters unnamed), sorted, and the releases that have it (bit `i`:\n\
             /// the `i`-th release).\n\
             const OPERATIONS: &[(&str, u64)] = &[\n",
            names.join(", ")
        );
        for (key, set) in operations {
            out.push_str(&format!("    ({key:?}, {}),\n", bits(set)));
        }
        out.push_str(
            "];\n\n/// Every schema file: (path in the bundle, the releases that have this text, text).\n\
             const FILES: &[(&str, u64, &str)] = &[\n",
        );
        for file in self.stored_files() {
            let text = match texts {
                Texts::Include(dir) => format!("include_str!({:?})", format!("{dir}{}", file.at)),
                Texts::Inline => format!("{:?}", file.text),
            };
            let (path, releases) = (file.path, bits(file.releases));
            out.push_str(&format!("    ({path:?}, {releases}, {text}),\n"));
        }
        for (name, doc, added) in [
            ("PROPERTIES", "request properties", &self.properties),
            ("VALUES", "request enum values (as JSON)", &self.values),
        ] {
            out.push_str(&format!(
                "];\n\n/// The {doc} each release added: (schema file, added, release index).\n\
                 const {name}: &[(&str, &str, u8)] = &[\n"
            ));
            for (schema, what, release) in added {
                out.push_str(&format!("    ({schema:?}, {what:?}, {release}),\n"));
            }
        }
        out.push_str("];\n");
        out
    }
}

/// `GET /orgs/{org_id}/labels/{label_id}` → `GET /orgs/{}/labels/{}`: an operation as a
/// release table lists it, its parameters' names left out (a release may rename one), as
/// `illumio_pce::ReleaseTable` looks it up.
pub fn template(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut rest = key;
    while let Some((before, parameter)) = rest.split_once('{') {
        out.push_str(before);
        out.push_str("{}");
        rest = parameter.split_once('}').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// The bit of the release at `index`; none past the 64th.
fn bit(index: usize) -> u64 {
    u32::try_from(index)
        .ok()
        .and_then(|index| 1u64.checked_shl(index))
        .unwrap_or(0)
}

/// `0b11`.
fn bits(set: u64) -> String {
    format!("0b{set:b}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(name: &str, operations: &[&str], files: &[(&str, &str)]) -> Release {
        Release {
            name: name.to_owned(),
            operations: operations.iter().map(|o| (*o).to_owned()).collect(),
            requests: BTreeSet::new(),
            files: files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn what_releases_share_is_stored_once() {
        let table = ReleaseTable::new(
            vec![
                release(
                    "25.2.20",
                    &["GET /a"],
                    &[("v2/a.json", "{}"), ("v2/b.json", "1")],
                ),
                release(
                    "26.3.0",
                    &["GET /a", "GET /b"],
                    &[("v2/a.json", "{}"), ("v2/b.json", "2")],
                ),
            ],
            &[],
        );
        assert_eq!(
            table
                .stored_files()
                .into_iter()
                .map(|file| (file.at, file.path, file.releases, file.text))
                .collect::<Vec<_>>(),
            vec![
                ("25.2.20/v2/b.json".to_owned(), "v2/b.json", 0b01, "1"),
                ("v2/a.json".to_owned(), "v2/a.json", 0b11, "{}"),
                ("v2/b.json".to_owned(), "v2/b.json", 0b10, "2"),
            ]
        );
        assert_eq!(table.operation_since("GET /b"), Some("26.3.0"));
        assert_eq!(
            template("PUT /orgs/{org_id}/labels/{label_id}"),
            "PUT /orgs/{}/labels/{}"
        );
        assert_eq!(table.operation_since("GET /a"), None);
        let module = table.module(
            Texts::Include("../schemas/"),
            "//! x\n",
            "pub",
            "illumio_pce",
        );
        assert!(module.contains("    (\"GET /b\", 0b10),\n"), "{module}");
        assert!(
            module.contains(
                "    (\"v2/b.json\", 0b1, include_str!(\"../schemas/25.2.20/v2/b.json\")),\n"
            ),
            "{module}"
        );
    }
}
