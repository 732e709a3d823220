//! The smallest instance of a schema that is valid for it: what the mock answers where it
//! stores nothing (a field a response requires, a singleton never written).
//!
//! Required properties only, the fewest items an array may have, the first value of an
//! enum, the lowest number allowed, and strings that satisfy their format and length; of a
//! union the first branch that validates. The result is checked by the caller
//! ([`super::render`]), never trusted.

use serde_json::{json, Map, Value};

use super::schemas::{Place, Schemas};

/// How deep `$ref`s and nesting are followed before giving up with `null` (a schema that
/// requires itself has no finite instance).
const MAX_DEPTH: usize = 40;

/// The smallest instance of the schema at `place`.
pub(crate) fn example(schemas: &Schemas, place: &Place) -> Value {
    example_at(schemas, place, None, 0)
}

/// The example of the schema at `place`; `outer` is the schema it is a part of (a branch of
/// a union, an `allOf` part), whose `properties` give the schemas of names the part only
/// lists in `required` (`"oneOf": [{"required": ["all_devices"]}, …]`).
fn example_at(schemas: &Schemas, place: &Place, outer: Option<&Place>, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    let Some(schema) = schemas.get(place) else {
        // A file the bundle lacks reads as `{}`, which anything satisfies.
        return Value::Null;
    };
    let Some(map) = schema.as_object() else {
        return Value::Null;
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        return match place.follow(reference) {
            Some(target) => example_at(schemas, &target, None, depth + 1),
            None => Value::Null,
        };
    }
    if let Some(first) = map
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.first())
    {
        return first.clone();
    }
    let mut value = own_example(schemas, place, outer, map, depth);
    if let Some(parts) = map.get("allOf").and_then(Value::as_array) {
        for index in 0..parts.len() {
            let part = place.child(&["allOf", &index.to_string()]);
            let part = example_at(schemas, &part, Some(place), depth + 1);
            value = merge(value, part);
        }
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(branches) = map.get(keyword).and_then(Value::as_array) {
            let candidates: Vec<Value> = (0..branches.len())
                .map(|index| {
                    let branch = place.child(&[keyword, &index.to_string()]);
                    merge(
                        value.clone(),
                        example_at(schemas, &branch, Some(place), depth + 1),
                    )
                })
                .collect();
            value = candidates
                .iter()
                .find(|candidate| schemas.is_valid(place, candidate))
                .or(candidates.first())
                .cloned()
                .unwrap_or(value);
        }
    }
    value
}

/// The example of a schema's own keywords (its `type` and what goes with it), unions and
/// `allOf` aside.
fn own_example(
    schemas: &Schemas,
    place: &Place,
    outer: Option<&Place>,
    map: &Map<String, Value>,
    depth: usize,
) -> Value {
    match main_type(map) {
        Some("object") => {
            let mut object = Map::new();
            let required = map.get("required").and_then(Value::as_array);
            for name in required.into_iter().flatten().filter_map(Value::as_str) {
                let value = [Some(place), outer]
                    .into_iter()
                    .flatten()
                    .map(|at| at.child(&["properties", name]))
                    .find(|property| schemas.get(property).is_some())
                    .map_or(Value::Null, |property| {
                        example_at(schemas, &property, None, depth + 1)
                    });
                object.insert(name.to_owned(), value);
            }
            Value::Object(object)
        }
        Some("array") => {
            let count = map.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let item = example_at(schemas, &place.child(&["items"]), None, depth + 1);
            Value::Array((0..count).map(|_| item.clone()).collect())
        }
        Some("string") => string_example(schemas, place, map),
        Some(kind @ ("integer" | "number")) => number_example(map, kind == "integer"),
        Some("boolean") => Value::Bool(false),
        _ => Value::Null,
    }
}

/// The type an example takes: the schema's `type` (the first that is not `null` of a list),
/// or the one its keywords imply.
fn main_type(map: &Map<String, Value>) -> Option<&str> {
    match map.get("type") {
        Some(Value::String(kind)) => Some(kind),
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|kind| *kind != "null")
            .or(Some("null")),
        _ if map.contains_key("properties") || map.contains_key("required") => Some("object"),
        _ if map.contains_key("items") => Some("array"),
        _ => None,
    }
}

/// A string of the schema's format and length; with a `pattern`, the first of a few
/// candidates that matches it.
fn string_example(schemas: &Schemas, place: &Place, map: &Map<String, Value>) -> Value {
    let base = match map.get("format").and_then(Value::as_str) {
        Some("date-time") => "2026-01-01T00:00:00Z",
        Some("date") => "2026-01-01",
        Some("uri" | "url") => "https://pce.test/",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("email") => "user@example.com",
        _ => "x",
    };
    let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let sized = |text: &str| {
        let mut text = text.to_owned();
        while (text.chars().count() as u64) < min {
            text.push('x');
        }
        Value::String(text)
    };
    if map.contains_key("pattern") {
        let candidates = [base, "1", "a", "x1", "A"].map(sized);
        if let Some(found) = candidates.iter().find(|c| schemas.is_valid(place, c)) {
            return found.clone();
        }
    }
    sized(base)
}

/// The lowest number the schema allows (0 when it has no minimum above it), an integer when
/// it must be one.
fn number_example(map: &Map<String, Value>, integer: bool) -> Value {
    let minimum = map.get("minimum").and_then(Value::as_f64);
    let exclusive = map.get("exclusiveMinimum") == Some(&Value::Bool(true));
    let maximum = map.get("maximum").and_then(Value::as_f64);
    let mut number = minimum.map_or(
        0.0,
        |minimum| if exclusive { minimum + 1.0 } else { minimum },
    );
    if minimum.is_none() {
        if let Some(maximum) = maximum.filter(|maximum| *maximum < 0.0) {
            number = maximum;
        }
    }
    if integer {
        json!(number.ceil() as i64)
    } else {
        json!(number)
    }
}

/// `base` with the properties of `other` added (objects merge key by key, deeply); anything
/// else: `other` unless it is `null`.
pub(crate) fn merge(base: Value, other: Value) -> Value {
    match (base, other) {
        (Value::Object(mut base), Value::Object(other)) => {
            for (key, value) in other {
                let merged = match base.remove(&key) {
                    Some(existing) => merge(existing, value),
                    None => value,
                };
                base.insert(key, merged);
            }
            Value::Object(base)
        }
        (base, Value::Null) => base,
        (_, other) => other,
    }
}
