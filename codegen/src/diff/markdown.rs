//! The report as Markdown, for people: a summary, then one line per change with its verdict,
//! grouped by schema file; [`Report::markdown_body`] is what CHANGELOG.md's release sections
//! hold.

use std::fmt::Write as _;

use serde_json::Value;

use super::model::{Change, Kind, RepairChange, Report};
use crate::docs::capitalize;

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
        let mut out = format!("{}.\n", capitalize(&self.summary.line()));
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
            let file_direction = self
                .schemas
                .get(&change.schema)
                .copied()
                .unwrap_or(change.direction);
            if current != Some(change.schema.as_str()) {
                current = Some(&change.schema);
                let _ = write!(
                    out,
                    "\n{heading} `{}` ({})\n\n",
                    schema_name(&change.schema),
                    file_direction.describe()
                );
            }
            let mut place = location(change);
            if change.direction != file_direction {
                let _ = write!(place, " [{}]", change.direction.describe());
            }
            out.push_str(&line(&place, Some(&what(&change.kind)), change));
        }
        if !self.repairs.is_empty() {
            let _ = write!(out, "\n{heading} Repairs\n\n");
            for repair in &self.repairs {
                let place = match readable_path(&repair.pointer).as_str() {
                    "" => "the root".to_owned(),
                    path => format!("`{path}`"),
                };
                let what = match repair.change {
                    RepairChange::NoLongerNeeded => format!(
                        "repair `{}` no longer needed: {} now publishes what it read",
                        repair.repair, self.new
                    ),
                    RepairChange::NoLongerApplies => format!(
                        "repair `{}` no longer applies: {} changed what it repaired",
                        repair.repair, self.new
                    ),
                    RepairChange::NowApplies => {
                        format!("repair `{}` now applies", repair.repair)
                    }
                };
                let _ = writeln!(
                    out,
                    "- `{}` ({place}): {what}.",
                    schema_name(&repair.schema)
                );
            }
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
        Kind::NullAdded => "type now admits `null`".to_owned(),
        Kind::NullRemoved => "type no longer admits `null`".to_owned(),
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
    fn schema_names_are_the_pce_names() {
        assert_eq!(
            schema_name("v2/optional_features_put.schema.json"),
            "optional_features_put"
        );
        assert_eq!(schema_name("common/labels.schema.json"), "common/labels");
        assert_eq!(schema_name("x.json"), "x");
    }
}
