//! `pce features list|enable|disable`: the PCE org's optional features.

use illumio_pce::Client;
use serde_json::{json, Value};

use crate::args::FeaturesCommand;
use crate::exit::{Error, Outcome};
use crate::printable::field;
use crate::table;

/// Lists the features (`NAME<tab>enabled|disabled`, `unknown` when the PCE does not say), or
/// sets one and prints its new state.
pub async fn run(client: &Client, command: &FeaturesCommand) -> Result<Outcome, Error> {
    let stdout = match command {
        FeaturesCommand::List { format } => {
            let features = client.optional_features_get().await?;
            match format {
                Some(format) => {
                    let rows: Vec<Value> = features
                        .iter()
                        .map(|f| json!({"name": f.name, "enabled": f.enabled}))
                        .collect();
                    table::formatted(&Value::Array(rows), *format)?
                }
                None => features
                    .iter()
                    .map(|feature| line(feature.name.as_deref().unwrap_or(""), feature.enabled))
                    .collect(),
            }
        }
        FeaturesCommand::Enable { name } => {
            client.enable_optional_feature(name).await?;
            line(name, Some(true))
        }
        FeaturesCommand::Disable { name } => {
            client.disable_optional_feature(name).await?;
            line(name, Some(false))
        }
    };
    Ok(Outcome::success(stdout))
}

fn line(name: &str, enabled: Option<bool>) -> String {
    let state = match enabled {
        Some(true) => "enabled",
        Some(false) => "disabled",
        None => "unknown",
    };
    format!("{}\t{state}\n", field(name))
}
