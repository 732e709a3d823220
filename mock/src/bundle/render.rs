//! What the mock answers for a stored object: the object seen through the response schema,
//! valid for it by construction and checked before it is sent; as an answer, with what it
//! has no value for shown the way PCEs show it ([`Unset`]) and checked the way PCEs answer.

use std::collections::BTreeSet;

use serde_json::Value;

use super::example::example;
use super::schemas::{Place, Schemas, Violation};
use crate::config::Unset;

/// `stored` as the schema at `place` shows it: the schema's [`example`], with each property of
/// `stored` that keeps it valid (a property the schema types otherwise, or does not allow, is
/// left out). A stored value that is valid as it is is shown as it is. `Err` has
/// the violations when not even the example is valid (a schema the mock cannot satisfy).
pub(crate) fn render(schemas: &Schemas, place: &Place, stored: &Value) -> Result<Value, String> {
    let shown = shown(schemas, place, stored);
    let violations = schemas.violations(place, &shown)?;
    if violations.is_empty() {
        Ok(shown)
    } else {
        Err(describe(place, &violations))
    }
}

/// `stored` answered through the schema at `place`: as [`render`] shows it, with each property
/// of the schema the object has no value for `null` ([`Unset::Null`], but those that tell a
/// `oneOf`/`anyOf`'s branches apart, which PCEs leave out) or left out, checked the way PCEs
/// answer (any property `null` or absent).
pub(crate) fn answer(
    schemas: &Schemas,
    place: &Place,
    stored: &Value,
    unset: Unset,
) -> Result<Value, String> {
    let mut shown = shown(schemas, place, stored);
    if let (Unset::Null, Value::Object(object)) = (unset, &mut shown) {
        let mut named = BTreeSet::new();
        let mut telling = BTreeSet::new();
        properties(schemas, place, &mut named, &mut telling, 0);
        for name in named.difference(&telling) {
            object.entry(name.clone()).or_insert(Value::Null);
        }
    }
    let violations = schemas.violations_as_sent(place, &shown)?;
    if violations.is_empty() {
        Ok(shown)
    } else {
        Err(describe(place, &violations))
    }
}

/// How many `$ref`s and `allOf`s deep [`properties`] looks.
const DEPTH: usize = 16;

/// Adds to `named` the properties the object schema at `place` names (through `$ref`s and
/// `allOf` parts), and to `telling` those a branch of its `oneOf`/`anyOf` requires.
fn properties(
    schemas: &Schemas,
    place: &Place,
    named: &mut BTreeSet<String>,
    telling: &mut BTreeSet<String>,
    depth: usize,
) {
    let Some(schema) = schemas.get(place).filter(|_| depth < DEPTH) else {
        return;
    };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if let Some(target) = place.follow(reference) {
            properties(schemas, &target, named, telling, depth + 1);
        }
        return;
    }
    if let Some(own) = schema.get("properties").and_then(Value::as_object) {
        named.extend(own.keys().cloned());
    }
    for (index, _) in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let part = place.child(&["allOf", &index.to_string()]);
        properties(schemas, &part, named, telling, depth + 1);
    }
    for keyword in ["oneOf", "anyOf"] {
        for branch in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let required = branch.get("required").and_then(Value::as_array);
            telling.extend(
                required
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned),
            );
        }
    }
}

/// The schema's [`example`] with each property of `stored` that keeps it valid; `stored`
/// itself when it is valid as it is.
fn shown(schemas: &Schemas, place: &Place, stored: &Value) -> Value {
    // Valid as stored (a value, or an object with every field the schema requires): the
    // example would add nothing.
    if !stored.is_null() && schemas.is_valid(place, stored) {
        return stored.clone();
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
    shown
}

/// Violations as one line: `file#pointer: /at: message; …`.
fn describe(place: &Place, violations: &[Violation]) -> String {
    let list: Vec<String> = violations
        .iter()
        .map(|v| format!("'#{}' {}", v.pointer, v.message))
        .collect();
    format!("{}#{}: {}", place.file, place.pointer, list.join("; "))
}
