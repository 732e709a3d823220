//! Documentation from the schema: the text of a type or field's doc comment.
//!
//! The description comes first; then what the schema says that the Rust type does not
//! enforce (formats, defaults, string lengths and patterns, array sizes, bounds on
//! numbers), marked as checked by validation, not by the type.

use serde_json::{Map, Value};

/// The doc text of the schema `map`, or `None` when it says nothing worth a comment.
pub(crate) fn describe(map: &Map<String, Value>) -> Option<String> {
    let mut paragraphs = Vec::new();
    if let Some(Value::String(description)) = map.get("description") {
        let description = description.trim();
        if !description.is_empty() {
            paragraphs.push(description.to_owned());
        }
    }
    if let Some(Value::String(title)) = map.get("title") {
        paragraphs.push(format!("Title: {title}."));
    }
    if let Some(default) = map.get("default") {
        paragraphs.push(format!("PCE default: `{default}`."));
    }
    let checks = unenforced(map);
    if !checks.is_empty() {
        paragraphs.push(format!(
            "{}: checked by validation, not by the type.",
            capitalize(&checks.join(", "))
        ));
    }
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// The constraints of `map` the generated type does not enforce.
fn unenforced(map: &Map<String, Value>) -> Vec<String> {
    let mut checks = Vec::new();
    // A response's `date-time` is a `Timestamp`, and says so in its type.
    if let Some(Value::String(format)) = map.get("format").filter(|f| *f != "date-time") {
        checks.push(format!("format `{format}`"));
    }
    if let Some(Value::String(pattern)) = map.get("pattern") {
        checks.push(format!("pattern `{pattern}`"));
    }
    let bound = |keyword: &str| {
        map.get(keyword)
            .filter(|v| v.is_number())
            .map(Value::to_string)
    };
    let range = |min: Option<String>, max: Option<String>, what: &str| match (min, max) {
        (Some(min), Some(max)) => Some(format!("{what} {min} to {max}")),
        (Some(min), None) => Some(format!("{what} at least {min}")),
        (None, Some(max)) => Some(format!("{what} at most {max}")),
        (None, None) => None,
    };
    checks.extend(range(bound("minLength"), bound("maxLength"), "length"));
    checks.extend(range(bound("minItems"), bound("maxItems"), "items"));
    if map.get("uniqueItems") == Some(&Value::Bool(true)) {
        checks.push("unique items".to_owned());
    }
    if !integer_range(map) {
        checks.extend(range(bound("minimum"), bound("maximum"), "value"));
    }
    if let Some(multiple) = bound("multipleOf") {
        checks.push(format!("a multiple of {multiple}"));
    }
    checks
}

/// Whether the bounds are exactly those of the unsigned integer type typify picks for them.
fn integer_range(map: &Map<String, Value>) -> bool {
    let is_integer = map.get("type") == Some(&Value::String("integer".to_owned()));
    let min = map.get("minimum").and_then(Value::as_i64);
    let max = map.get("maximum").and_then(Value::as_u64);
    is_integer && min == Some(0) && matches!(max, Some(255 | 65_535 | 4_294_967_295))
}

/// `text` with its first letter in upper case.
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(schema: Value) -> Option<String> {
        describe(schema.as_object().expect("an object"))
    }

    #[test]
    fn descriptions_come_with_what_validation_checks() {
        assert_eq!(
            doc(json!({"description": "When it was made.", "type": "string", "format": "uuid", "maxLength": 64})),
            Some(
                "When it was made.\n\nFormat `uuid`, length at most 64: checked by validation, not by the type."
                    .to_owned()
            )
        );
        assert_eq!(
            doc(json!({"type": "number", "minimum": 0, "maximum": 100, "default": 5})),
            Some(
                "PCE default: `5`.\n\nValue 0 to 100: checked by validation, not by the type."
                    .to_owned()
            )
        );
    }

    #[test]
    fn integer_bounds_are_the_types_own_and_bare_schemas_say_nothing() {
        assert_eq!(
            doc(json!({"type": "integer", "minimum": 0, "maximum": 65535})),
            None
        );
        assert_eq!(
            doc(json!({"type": "integer", "minimum": 1, "maximum": 100})),
            Some("Value 1 to 100: checked by validation, not by the type.".to_owned())
        );
        assert_eq!(doc(json!({"type": "string", "description": "  "})), None);
    }
}
