//! The PCE's reading of a response schema: what real PCEs send, which `pce validate
//! --response`, the end-to-end tests and the mock check answers against. Any property may be
//! `null` or absent, and a URI may be the path PCEs send (`/orgs/1/…`) where a schema says
//! `format: uri` (the traffic query schemas say it of every href); everything else is judged
//! as published.
//!
//! A schema is read with every `required` dropped, each `oneOf` read as `anyOf` (without
//! `required`, the branches it told apart overlap, and a value may then match several) and
//! no `format: uri`; a
//! payload is read with its `null` properties taken as absent. Both keep every JSON pointer
//! of the schema and of the payload, so `$ref`s and violations point where they did.

use serde_json::Value;

use crate::walk::for_each_subschema_mut;

/// Reads the response schema `schema` as PCEs answer: no property required, unions that
/// take a value any branch takes, URIs that are paths.
///
/// ```
/// use serde_json::json;
///
/// let mut schema = json!({"type": "object", "required": ["href"],
///                         "properties": {"ven": {"oneOf": [{"required": ["href"]}, {"required": ["name"]}]},
///                                        "href": {"type": "string", "format": "uri"}}});
/// pce_schema_repairs::read_as_sent(&mut schema);
/// assert_eq!(schema, json!({"type": "object",
///                           "properties": {"ven": {"anyOf": [{}, {}]},
///                                          "href": {"type": "string"}}}));
/// ```
pub fn read_as_sent(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    map.remove("required");
    if map.get("format").and_then(Value::as_str) == Some("uri") {
        map.remove("format");
    }
    if !map.contains_key("anyOf") {
        if let Some(branches) = map.remove("oneOf") {
            map.insert("anyOf".to_owned(), branches);
        }
    }
    for_each_subschema_mut(map, |_, sub| read_as_sent(sub));
}

/// Takes every property of `payload` (at any depth) that is `null` as absent, as a response
/// is read.
///
/// ```
/// use serde_json::json;
///
/// let mut body = json!({"name": null, "labels": [{"href": "/orgs/1/labels/1", "key": null}]});
/// pce_schema_repairs::nulls_as_absent(&mut body);
/// assert_eq!(body, json!({"labels": [{"href": "/orgs/1/labels/1"}]}));
/// ```
pub fn nulls_as_absent(payload: &mut Value) {
    match payload {
        Value::Object(map) => {
            map.retain(|_, value| !value.is_null());
            map.values_mut().for_each(nulls_as_absent);
        }
        Value::Array(items) => items.iter_mut().for_each(nulls_as_absent),
        _ => {}
    }
}
