//! `pce provision`: the pending draft changes (`--pending`), or provisioning all of them
//! (`--all`) or the draft objects given by href, with a description.

use illumio_pce::{Client, Href};
use serde_json::{json, Value};

use crate::args::ProvisionArgs;
use crate::exit::{Error, Outcome};
use crate::printable::field;
use crate::table;

/// Lists what is pending (`TYPE<tab>UPDATE_TYPE<tab>HREF<tab>NAME`), or provisions and
/// prints the new version and each active href it provisioned.
pub async fn run(client: &Client, args: &ProvisionArgs) -> Result<Outcome, Error> {
    if args.pending {
        let pending = client.pending_changes().await?;
        if let Some(format) = args.format {
            let rows: Vec<Value> = pending
                .iter()
                .map(|(kind, change)| {
                    json!({"type": kind, "update_type": change.update_type,
                           "href": change.href, "name": change.name})
                })
                .collect();
            return Ok(Outcome::success(table::formatted(
                &Value::Array(rows),
                format,
            )?));
        }
        let lines: String = pending
            .iter()
            .map(|(kind, change)| {
                format!(
                    "{}\t{}\t{}\t{}\n",
                    field(kind),
                    field(change.update_type.as_deref().unwrap_or("")),
                    field(change.href.as_deref().unwrap_or("")),
                    field(change.name.as_deref().unwrap_or("")),
                )
            })
            .collect();
        return Ok(Outcome::success(lines));
    }
    let description = args.message.as_deref().unwrap_or_default();
    let version = if args.all {
        client.provision_all(description).await?
    } else {
        let hrefs: Vec<Href> = args.hrefs.iter().map(|h| Href::from(h.as_str())).collect();
        client.provision(description, &hrefs).await?
    };
    let mut out = format!(
        "policy version {}\n",
        version.version.map_or("?".to_owned(), |v| v.to_string())
    );
    for href in version.provisioned_hrefs.iter().flatten() {
        out.push_str(&format!("provisioned {}\n", field(href)));
    }
    Ok(Outcome::success(out))
}
