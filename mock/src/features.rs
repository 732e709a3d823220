//! Optional features: their names and the validation of `PUT /orgs/<id>/optional_features`,
//! both taken from the `optional_features_put.schema.json` of the mock's release (the text
//! Illumio publishes, as `illumio-pce` embeds it for each release it supports).

use std::io;

use jsonschema::Validator;
use serde_json::Value;

use super::payload::{json_pointer, parse_json_body};

/// The schema's file name, as PCE error messages name it.
const PUT_SCHEMA_NAME: &str = "optional_features_put.schema.json";

/// The compiled `PUT` schema and the feature names it allows.
#[derive(Debug)]
pub(crate) struct FeatureSchema {
    validator: Validator,
    names: Vec<String>,
}

impl FeatureSchema {
    /// Compiles the schema of the release of a PCE of `version` (draft 04) and collects the
    /// feature names of its `oneOf` branches: the plain features (16 in 25.2), then the 2
    /// that take a key. A version older than every release gets the oldest.
    pub(crate) fn load(version: &str) -> io::Result<Self> {
        let text = illumio_pce::validation::schema_text(
            illumio_pce::validation::release_for(version),
            "optional_features_put",
        )
        .map_err(|e| io::Error::other(format!("{PUT_SCHEMA_NAME}: {e}")))?;
        let schema: Value = serde_json::from_str(text)?;
        let validator = jsonschema::draft4::new(&schema)
            .map_err(|e| io::Error::other(format!("{PUT_SCHEMA_NAME}: {e}")))?;
        let names = schema["items"]["oneOf"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|branch| branch["properties"]["name"]["enum"].as_array())
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        Ok(Self { validator, names })
    }

    /// Every feature name, in schema order.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The `(name, enabled)` changes of a `PUT` body, or the details of why it is invalid
    /// (for a 406). An empty body is invalid, as documented. A feature that takes a key
    /// is set without checking its key (choice: keys are Illumio Support's business).
    pub(crate) fn parse_put(&self, body: &[u8]) -> Result<Vec<(String, bool)>, String> {
        let value = parse_json_body(body, "array", PUT_SCHEMA_NAME)?;
        let errors: Vec<String> = self
            .validator
            .iter_errors(&value)
            .map(|error| {
                format!(
                    "The property '{}' {error} in schema {PUT_SCHEMA_NAME}",
                    json_pointer(error.instance_path().as_str())
                )
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors.join("; "));
        }
        Ok(value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| {
                Some((
                    item["name"].as_str()?.to_owned(),
                    item["enabled"].as_bool()?,
                ))
            })
            .collect())
    }
}
