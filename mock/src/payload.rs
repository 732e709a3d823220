//! Reading JSON request bodies, with PCE-style details when they are unusable.

use serde_json::Value;

/// `#` followed by a JSON pointer, `#/` for the whole document, as Ruby's json-schema (whose
/// messages the PCE shows) writes them.
pub(crate) fn json_pointer(path: &str) -> String {
    if path.is_empty() {
        "#/".to_owned()
    } else {
        format!("#{path}")
    }
}

/// A request body as JSON, or the details of a 406 for an empty or malformed one. `expected`
/// is the JSON type the schema wants, for the message about an empty body, which mimics the
/// documented one.
pub(crate) fn parse_json_body(body: &[u8], expected: &str, schema: &str) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(format!(
            "The property '#/' of type NilClass did not match the following type: {expected} in schema {schema}"
        ));
    }
    serde_json::from_slice(body).map_err(|e| format!("The request body is not valid JSON: {e}"))
}
