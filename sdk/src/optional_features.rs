//! Enabling or disabling one optional feature by its name (listing and setting them are the
//! generated `optional_features_get` and `optional_features_update`).

use crate::client::Client;
use crate::error::{Error, Result};
use crate::releases::RELEASES;
use crate::types::{
    FeatureName, FeatureToggle, KeyedFeatureName, KeyedFeatureToggle, OptionalFeatureToggle,
    OptionalFeaturesPut,
};
use crate::violation::Violation;

/// The schema of the PUT body.
const PUT_SCHEMA: &str = "v2/optional_features_put.schema.json";

impl Client {
    /// Enables the feature called `name`.
    pub async fn enable_optional_feature(&self, name: &str) -> Result<()> {
        self.optional_features_update(&OptionalFeaturesPut(vec![toggle(name, true)?]))
            .await
    }

    /// Disables the feature called `name`.
    pub async fn disable_optional_feature(&self, name: &str) -> Result<()> {
        self.optional_features_update(&OptionalFeaturesPut(vec![toggle(name, false)?]))
            .await
    }
}

/// The PUT item for `name`; a name the newest supported release does not know is refused
/// locally (one it knows and the PCE's release does not is refused by validation).
fn toggle(name: &str, enabled: bool) -> Result<OptionalFeatureToggle> {
    if let Ok(name) = name.parse::<FeatureName>() {
        return Ok(FeatureToggle::new(name, enabled).into());
    }
    if let Ok(name) = name.parse::<KeyedFeatureName>() {
        return Ok(KeyedFeatureToggle::new(name, enabled).into());
    }
    let release = RELEASES.newest();
    Err(Error::Validation {
        schema: format!("{release}/{PUT_SCHEMA}"),
        violations: vec![Violation {
            pointer: "/0/name".to_owned(),
            keyword: "enum".to_owned(),
            message: format!("`{name}` is not an optional feature of PCE release {release}"),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_become_the_right_branch() {
        assert_eq!(
            serde_json::to_value(toggle("core_insights", true).expect("known")).expect("encodes"),
            serde_json::json!({"name": "core_insights", "enabled": true})
        );
        assert_eq!(
            serde_json::to_value(toggle("editable_dns_client_rule", false).expect("known"))
                .expect("encodes"),
            serde_json::json!({"name": "editable_dns_client_rule", "enabled": false})
        );
    }

    #[test]
    fn unknown_names_are_refused_locally() {
        let error = toggle("no_such_feature", true).expect_err("unknown");
        assert_eq!(
            error.to_string(),
            "the request does not match 25.2/v2/optional_features_put.schema.json: /0/name: `no_such_feature` is not an optional feature of PCE release 25.2 [enum]"
        );
    }
}
