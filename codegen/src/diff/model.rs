//! What the diff finds: the report, its changes and their kinds, and the summary that counts
//! them. The comparison fills it, the rules judge each change and the Markdown renderer
//! writes it out; this module depends on none of them.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::direction::Direction;

/// What changed from one folder of schemas to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The old folder, as given.
    pub old: String,
    /// The new folder, as given.
    pub new: String,
    /// The number of changes of each kind.
    pub summary: Summary,
    /// Every change, by schema file, in the order of the schema.
    pub changes: Vec<Change>,
    /// The direction of each schema file that has changes.
    pub schemas: BTreeMap<String, Direction>,
    /// The named repairs of upstream bugs that one folder needs and the other does not, in
    /// the schema files both have: what upstream fixed (or broke anew).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<Repaired>,
    /// Unresolved `$ref`s (compared as written) and the like.
    pub warnings: Vec<String>,
}

/// A named repair that applies to one side of the diff and not the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Repaired {
    /// The schema file, relative to its folder.
    pub schema: String,
    /// JSON pointer, in the file as written, of the schema the repair changes.
    pub pointer: String,
    /// The repair's name (one of [`pce_schema_repairs::REPAIRS`]).
    pub repair: &'static str,
    /// How it changed.
    pub change: RepairChange,
}

/// How a repair's use changed from the old folder to the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairChange {
    /// The old folder needed it; the new one publishes what it read (the schema is unchanged
    /// once the old one is repaired).
    NoLongerNeeded,
    /// The old folder needed it; the new one changed the schema another way, so the repair no
    /// longer finds what it repaired.
    NoLongerApplies,
    /// Only the new folder needs it.
    NowApplies,
}

/// One change in one schema; a change to a schema used at several places of it is reported
/// once, at the first place, with the others in `also_at`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The schema file, relative to its folder.
    pub schema: String,
    /// How code uses the type the change is in: the direction of the schema that defines
    /// it, which may be wider than the file's (a shared component used both ways).
    pub direction: Direction,
    /// JSON pointer of the changed schema in the resolved schema file; for a property
    /// change, the object that holds the property.
    pub pointer: String,
    /// Other pointers in the same schema file where the same change shows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<String>,
    /// The generated type there (`FeatureName`), or the field (`FeatureToggle.name`), in the
    /// old release's code (the new one's where the old has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// What changed.
    #[serde(flatten)]
    pub kind: Kind,
    /// Whether it breaks code built against the old release's types (see
    /// [`rules`](crate::diff::rules)).
    pub breaking: bool,
    /// Why it does, or does not.
    pub reason: &'static str,
}

/// The kinds of change the diff reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// A schema file only the new folder has.
    SchemaAdded,
    /// A schema file only the old folder has.
    SchemaRemoved,
    /// Values only the new `enum` has.
    EnumValuesAdded {
        /// The values.
        values: Vec<Value>,
    },
    /// Values only the old `enum` has.
    EnumValuesRemoved {
        /// The values.
        values: Vec<Value>,
    },
    /// A property only the new object has.
    PropertyAdded {
        /// Its name.
        property: String,
        /// Whether the new object requires it.
        required: bool,
    },
    /// A property only the old object has.
    PropertyRemoved {
        /// Its name.
        property: String,
        /// Whether the old object required it.
        required: bool,
    },
    /// A property the new object requires and the old did not.
    BecameRequired {
        /// Its name.
        property: String,
    },
    /// A property the old object required and the new does not.
    BecameOptional {
        /// Its name.
        property: String,
    },
    /// A property's schema that now also admits `null` (`string` → `string | null`), nothing
    /// else of its type changed (anywhere else it is a [`Kind::TypeChanged`]).
    NullAdded,
    /// A property's schema that no longer admits `null`, nothing else of its type changed.
    NullRemoved,
    /// A schema whose type (JSON types, `enum` or not, composition, `$ref`) differs.
    TypeChanged {
        /// The old type, e.g. `string`.
        from: String,
        /// The new type, e.g. `string | null`.
        to: String,
    },
    /// An object that had `additionalProperties: false` and no longer has.
    Opened,
    /// An object that now has `additionalProperties: false`.
    Closed,
}

impl Kind {
    /// How many things the change counts for: its values for an enum change, else one.
    pub(crate) fn count(&self) -> usize {
        match self {
            Self::EnumValuesAdded { values } | Self::EnumValuesRemoved { values } => values.len(),
            _ => 1,
        }
    }
}

/// The number of changes of each kind (an enum value counts as one), and of breaking ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Schema files added.
    pub schemas_added: usize,
    /// Schema files removed.
    pub schemas_removed: usize,
    /// Enum values added.
    pub enum_values_added: usize,
    /// Enum values removed.
    pub enum_values_removed: usize,
    /// Properties added.
    pub properties_added: usize,
    /// Properties removed.
    pub properties_removed: usize,
    /// Properties that became required.
    pub became_required: usize,
    /// Properties that became optional.
    pub became_optional: usize,
    /// Types that now also admit `null`.
    pub null_added: usize,
    /// Types that no longer admit `null`.
    pub null_removed: usize,
    /// Type changes.
    pub type_changes: usize,
    /// Objects opened.
    pub opened: usize,
    /// Objects closed.
    pub closed: usize,
    /// Breaking changes, counted the same way.
    pub breaking: usize,
}

impl Summary {
    /// Adds up `changes`.
    pub fn of(changes: &[Change]) -> Self {
        let mut summary = Self::default();
        for change in changes {
            let count = change.kind.count();
            let slot = match change.kind {
                Kind::SchemaAdded => &mut summary.schemas_added,
                Kind::SchemaRemoved => &mut summary.schemas_removed,
                Kind::EnumValuesAdded { .. } => &mut summary.enum_values_added,
                Kind::EnumValuesRemoved { .. } => &mut summary.enum_values_removed,
                Kind::PropertyAdded { .. } => &mut summary.properties_added,
                Kind::PropertyRemoved { .. } => &mut summary.properties_removed,
                Kind::BecameRequired { .. } => &mut summary.became_required,
                Kind::BecameOptional { .. } => &mut summary.became_optional,
                Kind::NullAdded => &mut summary.null_added,
                Kind::NullRemoved => &mut summary.null_removed,
                Kind::TypeChanged { .. } => &mut summary.type_changes,
                Kind::Opened => &mut summary.opened,
                Kind::Closed => &mut summary.closed,
            };
            *slot += count;
            if change.breaking {
                summary.breaking += count;
            }
        }
        summary
    }

    /// One line, e.g. `3 enum values added, 0 breaking`, or `no changes`.
    pub fn line(&self) -> String {
        let counts = [
            (self.schemas_added, "schema added", "schemas added"),
            (self.schemas_removed, "schema removed", "schemas removed"),
            (
                self.enum_values_added,
                "enum value added",
                "enum values added",
            ),
            (
                self.enum_values_removed,
                "enum value removed",
                "enum values removed",
            ),
            (self.properties_added, "property added", "properties added"),
            (
                self.properties_removed,
                "property removed",
                "properties removed",
            ),
            (
                self.became_required,
                "property made required",
                "properties made required",
            ),
            (
                self.became_optional,
                "property made optional",
                "properties made optional",
            ),
            (self.null_added, "type made nullable", "types made nullable"),
            (
                self.null_removed,
                "type made non-nullable",
                "types made non-nullable",
            ),
            (self.type_changes, "type change", "type changes"),
            (self.opened, "object opened", "objects opened"),
            (self.closed, "object closed", "objects closed"),
        ];
        let parts: Vec<String> = counts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        if parts.is_empty() {
            "no changes".to_owned()
        } else {
            format!("{}, {} breaking", parts.join(", "), self.breaking)
        }
    }
}

/// Whether a change breaks, and why (or why not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Breaks code built against the old types.
    pub breaking: bool,
    /// One clause saying who breaks, or why nobody does.
    pub reason: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_counts_values_and_breaking_changes() {
        let summary = Summary {
            enum_values_added: 3,
            ..Summary::default()
        };
        assert_eq!(summary.line(), "3 enum values added, 0 breaking");
        let summary = Summary {
            properties_added: 1,
            closed: 2,
            breaking: 2,
            ..Summary::default()
        };
        assert_eq!(
            summary.line(),
            "1 property added, 2 objects closed, 2 breaking"
        );
        assert_eq!(Summary::default().line(), "no changes");
    }
}
