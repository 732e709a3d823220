//! What the releases of a multi-release client added and removed, by generated type: what the
//! "since" docs of its types, fields and enum values say. Made from the [diff](crate::diff)
//! of each release with the one before, and given to the generator with
//! [`Settings::history`](crate::Settings::history).

use std::collections::BTreeMap;
use std::path::Path;

use crate::diff::{Kind, Report};
use crate::resolve::Resolved;

/// What each release after the oldest added or removed, by the name of the generated type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Type → the release that added its schema.
    pub(crate) types: BTreeMap<String, String>,
    /// (type, JSON property) → the release that added the property.
    pub(crate) fields: BTreeMap<(String, String), String>,
    /// (enum type, value) → the release that added the value.
    pub(crate) values: BTreeMap<(String, String), String>,
    /// Type → what releases removed from it: `` `name` (removed in 26.3.0) ``.
    pub(crate) removed: BTreeMap<String, Vec<String>>,
}

impl History {
    /// The history told by `reports`, each a release against the one before, with the newer
    /// release's resolved schemas (whose type names the generated types carry).
    pub fn of(reports: &[(&Report, &Resolved)], releases: &[&str]) -> Self {
        let mut history = Self::default();
        for ((report, new), release) in reports.iter().zip(releases.iter().skip(1)) {
            for change in &report.changes {
                let file = Path::new(&change.schema);
                let new_name = new.type_name(file, &change.pointer).map(str::to_owned);
                match (&change.kind, new_name) {
                    (Kind::SchemaAdded, Some(name)) => first(&mut history.types, name, release),
                    (Kind::PropertyAdded { property, .. }, Some(name)) => {
                        first(&mut history.fields, (name, property.clone()), release);
                    }
                    (Kind::EnumValuesAdded { values }, Some(name)) => {
                        for value in values {
                            let value = value
                                .as_str()
                                .map_or_else(|| value.to_string(), str::to_owned);
                            first(&mut history.values, (name.clone(), value), release);
                        }
                    }
                    (Kind::PropertyRemoved { property, .. }, name) => {
                        history.removal(name.or(change.rust_name.clone()), property, release);
                    }
                    (Kind::EnumValuesRemoved { values }, name) => {
                        for value in values {
                            history.removal(
                                name.clone().or(change.rust_name.clone()),
                                &value.to_string(),
                                release,
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        history
    }

    fn removal(&mut self, name: Option<String>, what: &str, release: &str) {
        let Some(name) = name else {
            return;
        };
        let note = format!("`{what}` (removed in {release})");
        let notes = self.removed.entry(name).or_default();
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
}

/// Records that `release` added `key`, unless an earlier release did.
fn first<K: Ord>(map: &mut BTreeMap<K, String>, key: K, release: &str) {
    map.entry(key).or_insert_with(|| release.to_owned());
}
