//! `pce login`: logs in with email and password and says who is logged in, in which org(s),
//! on which PCE version.

use illumio_pce::Client;

use crate::exit::{Error, Outcome};
use crate::printable::field;

/// Logs in and prints `user: …`, one `org: …` line per org and `PCE version: …`.
pub async fn run(client: &Client) -> Result<Outcome, Error> {
    let me = client.login().await?;
    let mut stdout = format!(
        "user: {} ({}, {})\n",
        field(me.full_name.as_deref().unwrap_or("no name")),
        field(&me.auth_username),
        field(me.user_href.as_str())
    );
    for org in &me.orgs {
        let id = org
            .org_id
            .map_or_else(|| "unknown".to_owned(), |id| id.to_string());
        match &org.display_name {
            Some(name) => stdout.push_str(&format!("org: {id} ({})\n", field(name))),
            None => stdout.push_str(&format!("org: {id}\n")),
        }
    }
    let version = me.product_version.as_ref().and_then(|v| {
        v.long_display
            .clone()
            .or_else(|| v.version.clone())
            .or_else(|| v.short_display.clone())
    });
    stdout.push_str(&format!(
        "PCE version: {}\n",
        field(version.as_deref().unwrap_or("unknown"))
    ));
    Ok(Outcome::success(stdout))
}
