//! The report of `cargo xtask diff`: serializable for `--format json`, rendered as Markdown
//! for people, and summed up in one line for `cargo xtask codegen`.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::rules::Direction;

/// What changed from one folder of schemas to another.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Report {
    /// The old folder, as given.
    pub old: String,
    /// The new folder, as given.
    pub new: String,
    /// The number of changes of each kind.
    pub summary: Summary,
    /// Every change, by schema file, in the order of the schema.
    pub changes: Vec<Change>,
    /// Unresolved `$ref`s (compared as written) and the like.
    pub warnings: Vec<String>,
}

/// One change in one schema; a change to a schema used at several places of it is reported
/// once, at the first place, with the others in `also_at`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Change {
    /// The schema file, relative to its folder.
    pub schema: String,
    /// How code uses the schema's type.
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
    /// Whether it breaks code built against the old release's types (see `rules`).
    pub breaking: bool,
    /// Why it does, or does not.
    pub reason: &'static str,
}

/// The kinds of change the diff reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Kind {
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
    fn count(&self) -> usize {
        match self {
            Self::EnumValuesAdded { values } | Self::EnumValuesRemoved { values } => values.len(),
            _ => 1,
        }
    }
}

/// The number of changes of each kind (an enum value counts as one), and of breaking ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
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

impl Report {
    /// The whole report as a Markdown document.
    pub fn markdown(&self) -> String {
        format!(
            "# Schema changes from `{}` to `{}`\n\n{}",
            self.old,
            self.new,
            self.markdown_body(2)
        )
    }

    /// The report without its title, its headings at `level` (`2` → `##`): the summary,
    /// the schemas added (never breaking) and removed, then each changed schema with one line
    /// per change and its verdict.
    pub fn markdown_body(&self, level: usize) -> String {
        let heading = "#".repeat(level);
        let mut out = format!("{}.\n", capitalized(&self.summary.line()));
        for (kind, title) in [
            (Kind::SchemaAdded, "Schemas added"),
            (Kind::SchemaRemoved, "Schemas removed"),
        ] {
            let lines: Vec<String> = self
                .changes
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| {
                    let schema =
                        format!("`{}` ({})", schema_name(&c.schema), c.direction.describe());
                    match c.kind {
                        Kind::SchemaAdded => format!("- {schema}\n"),
                        _ => line(&schema, None, c),
                    }
                })
                .collect();
            if !lines.is_empty() {
                let _ = write!(out, "\n{heading} {title}\n\n{}", lines.concat());
            }
        }
        let mut current: Option<&str> = None;
        for change in &self.changes {
            if matches!(change.kind, Kind::SchemaAdded | Kind::SchemaRemoved) {
                continue;
            }
            if current != Some(change.schema.as_str()) {
                current = Some(&change.schema);
                let _ = write!(
                    out,
                    "\n{heading} `{}` ({})\n\n",
                    schema_name(&change.schema),
                    change.direction.describe()
                );
            }
            out.push_str(&line(&location(change), Some(&what(&change.kind)), change));
        }
        if !self.warnings.is_empty() {
            let _ = write!(out, "\n{heading} Warnings\n\n");
            for warning in &self.warnings {
                let _ = writeln!(out, "- {warning}");
            }
        }
        out
    }
}

/// `- <where>: <what> — <verdict>: <reason>.`
fn line(place: &str, what: Option<&str>, change: &Change) -> String {
    let verdict = if change.breaking {
        "**breaking**"
    } else {
        "not breaking"
    };
    match what {
        Some(what) => format!("- {place}: {what} — {verdict}: {}.\n", change.reason),
        None => format!("- {place} — {verdict}: {}.\n", change.reason),
    }
}

/// The type (or field) and the readable path of a change, e.g. `FeatureName` and
/// `items/oneOf/0/name`.
fn location(change: &Change) -> String {
    let paths: Vec<String> = std::iter::once(&change.pointer)
        .chain(&change.also_at)
        .map(|p| readable_path(p))
        .filter(|p| !p.is_empty())
        .map(|p| format!("`{p}`"))
        .collect();
    match (&change.rust_name, paths.is_empty()) {
        (Some(name), true) => format!("`{name}`"),
        (Some(name), false) => format!("`{name}` ({})", paths.join(", ")),
        (None, true) => "the root".to_owned(),
        (None, false) => paths.join(", "),
    }
}

/// A JSON pointer as the payload reads: `/items/oneOf/0/properties/name` →
/// `items/oneOf/0/name`.
fn readable_path(pointer: &str) -> String {
    let mut tokens = Vec::new();
    let mut rest = pointer.split('/').skip(1);
    while let Some(token) = rest.next() {
        let token = if token == "properties" {
            match rest.next() {
                Some(name) => name,
                None => break,
            }
        } else {
            token
        };
        tokens.push(token.replace("~1", "/").replace("~0", "~"));
    }
    tokens.join("/")
}

fn what(kind: &Kind) -> String {
    match kind {
        Kind::SchemaAdded => "schema added".to_owned(),
        Kind::SchemaRemoved => "schema removed".to_owned(),
        Kind::EnumValuesAdded { values } => {
            format!(
                "{} added: {}",
                enum_values(values.len()),
                values_list(values)
            )
        }
        Kind::EnumValuesRemoved { values } => {
            format!(
                "{} removed: {}",
                enum_values(values.len()),
                values_list(values)
            )
        }
        Kind::PropertyAdded { property, required } => format!(
            "property `{property}` added ({})",
            if *required { "required" } else { "optional" }
        ),
        Kind::PropertyRemoved { property, .. } => format!("property `{property}` removed"),
        Kind::BecameRequired { property } => format!("property `{property}` became required"),
        Kind::BecameOptional { property } => format!("property `{property}` became optional"),
        Kind::TypeChanged { from, to } => format!("type changed from `{from}` to `{to}`"),
        Kind::Opened => "`additionalProperties` opened".to_owned(),
        Kind::Closed => "`additionalProperties` closed".to_owned(),
    }
}

fn enum_values(count: usize) -> &'static str {
    if count == 1 {
        "enum value"
    } else {
        "enum values"
    }
}

fn values_list(values: &[Value]) -> String {
    let shown: Vec<String> = values
        .iter()
        .map(|v| match v {
            Value::String(s) => format!("`{s}`"),
            other => format!("`{other}`"),
        })
        .collect();
    shown.join(", ")
}

/// `v2/optional_features_put.schema.json` → `optional_features_put`, as the PCE names its API
/// schemas; a file outside `v2/` keeps its folder (`common/labels`).
fn schema_name(file: &str) -> &str {
    let name = file.strip_prefix("v2/").unwrap_or(file);
    name.trim_end_matches(".json").trim_end_matches(".schema")
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_paths_drop_the_properties_keyword_and_unescape() {
        assert_eq!(
            readable_path("/items/oneOf/0/properties/name"),
            "items/oneOf/0/name"
        );
        assert_eq!(
            readable_path("/properties/properties/properties/a~1b"),
            "properties/a/b"
        );
        assert_eq!(readable_path(""), "");
    }

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

    #[test]
    fn schema_names_are_the_pce_names() {
        assert_eq!(
            schema_name("v2/optional_features_put.schema.json"),
            "optional_features_put"
        );
        assert_eq!(schema_name("common/labels.schema.json"), "common/labels");
        assert_eq!(schema_name("x.json"), "x");
    }
}
