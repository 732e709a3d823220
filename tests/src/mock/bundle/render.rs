//! What the mock answers for a stored object: the object seen through the response schema,
//! valid for it by construction and checked before it is sent.

use serde_json::Value;

use super::example::example;
use super::schemas::{Place, Schemas, Violation};

/// `stored` as the schema at `place` shows it: the schema's [`example`], with each property of
/// `stored` that keeps it valid (a property the schema types otherwise, or does not allow, is
/// left out). A stored value that is valid as it is is shown as it is. `Err` has
/// the violations when not even the example is valid (a schema the mock cannot satisfy).
pub(crate) fn render(schemas: &Schemas, place: &Place, stored: &Value) -> Result<Value, String> {
    // Valid as stored (a value, or an object with every field the schema requires): the
    // example would add nothing.
    if !stored.is_null() && schemas.is_valid(place, stored) {
        return Ok(stored.clone());
    }
    let mut shown = example(schemas, place);
    if let Value::Object(properties) = stored {
        for (name, value) in properties {
            let mut candidate = shown.clone();
            let Value::Object(object) = &mut candidate else {
                break;
            };
            object.insert(name.clone(), value.clone());
            if schemas.is_valid(place, &candidate) {
                shown = candidate;
            }
        }
    }
    let violations = schemas.violations(place, &shown)?;
    if violations.is_empty() {
        Ok(shown)
    } else {
        Err(describe(place, &violations))
    }
}

/// Violations as one line: `file#pointer: /at: message; …`.
fn describe(place: &Place, violations: &[Violation]) -> String {
    let list: Vec<String> = violations
        .iter()
        .map(|v| format!("'#{}' {}", v.pointer, v.message))
        .collect();
    format!("{}#{}: {}", place.file, place.pointer, list.join("; "))
}
