//! Turns `jsonschema`'s errors into [`Violation`]s a person can act on: enums say how many
//! values are allowed (and which, when there are few), closed objects name the unknown
//! properties, and a `oneOf` says why each branch failed.

use jsonschema::error::ValidationErrorKind;
use jsonschema::ValidationError;
use serde_json::Value;

use super::Violation;

/// Enums with at most this many values are listed in full.
const LISTED_ENUM_VALUES: usize = 4;

/// Every violation of `validator` by `payload`.
pub(crate) fn violations(validator: &jsonschema::Validator, payload: &Value) -> Vec<Violation> {
    if validator.is_valid(payload) {
        return Vec::new();
    }
    validator
        .iter_errors(payload)
        .map(|error| violation(&error))
        .collect()
}

fn violation(error: &ValidationError<'_>) -> Violation {
    Violation {
        pointer: error.instance_path().to_string(),
        keyword: error.kind().keyword().to_owned(),
        message: describe(error, ""),
    }
}

/// What is wrong, with pointers shown relative to `base` (the instance a `oneOf` judged).
fn describe(error: &ValidationError<'_>, base: &str) -> String {
    match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            let here = error.instance_path().to_string();
            let branches: Vec<String> = context
                .iter()
                .enumerate()
                .map(|(index, errors)| {
                    let reasons: Vec<String> = errors.iter().map(|e| describe(e, &here)).collect();
                    format!("branch {} fails: {}", index + 1, reasons.join("; "))
                })
                .collect();
            format!(
                "matches none of the {} allowed shapes: {}",
                context.len(),
                branches.join(" / ")
            )
        }
        ValidationErrorKind::Enum { options } => {
            let allowed = options.as_array().map(Vec::as_slice).unwrap_or_default();
            let listed = if allowed.len() <= LISTED_ENUM_VALUES {
                let names: Vec<String> = allowed.iter().map(Value::to_string).collect();
                format!(": {}", names.join(", "))
            } else {
                String::new()
            };
            format!(
                "{}{} is not one of the {} allowed values{listed}",
                at(error, base),
                error.instance(),
                allowed.len()
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let names: Vec<String> = unexpected.iter().map(|name| format!("`{name}`")).collect();
            format!(
                "{}unknown propert{} {} (the object is closed)",
                at(error, base),
                if names.len() == 1 { "y" } else { "ies" },
                names.join(", ")
            )
        }
        _ => format!("{}{error}", at(error, base)),
    }
}

/// `` `name`: `` for an error below `base`, nothing for one at `base` itself.
fn at(error: &ValidationError<'_>, base: &str) -> String {
    let path = error.instance_path().to_string();
    match path.strip_prefix(base).filter(|rest| !rest.is_empty()) {
        Some(rest) if !base.is_empty() => format!("`{}`: ", rest.trim_start_matches('/')),
        _ => String::new(),
    }
}
