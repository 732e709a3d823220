//! Logs in to a PCE, prints its version, the org and the optional features, and logs out.
//!
//! Configured with the environment variables of Illumio's Terraform provider, as
//! [`ClientBuilder::from_env`](illumio_pce::ClientBuilder::from_env) reads them:
//! `ILLUMIO_PCE_HOST`, `ILLUMIO_PCE_ORG_ID`, `ILLUMIO_API_KEY_USERNAME` + `ILLUMIO_API_KEY_SECRET`
//! or `ILLUMIO_EMAIL` + `ILLUMIO_PASSWORD`, `ILLUMIO_LOGIN_SERVER`, `ILLUMIO_CA_CERT`, and
//! `ILLUMIO_PCE_FQDN` when the URL does not name the PCE by its own FQDN.
//!
//! `RUST_LOG=illumio_pce=debug` shows one span per request.
//!
//! ```sh
//! ILLUMIO_PCE_HOST=https://pce.example.com:8443 ILLUMIO_EMAIL=me@example.com \
//!   ILLUMIO_PASSWORD=... cargo run --example quickstart
//! ```

use std::process::ExitCode;

use illumio_pce::{ClientBuilder, Credentials};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let credentials = Credentials::from_env().ok_or(
        "set ILLUMIO_API_KEY_USERNAME and ILLUMIO_API_KEY_SECRET, or ILLUMIO_EMAIL and ILLUMIO_PASSWORD",
    )?;
    let password_login = matches!(credentials, Credentials::Password { .. });
    let client = ClientBuilder::from_env()
        .and_then(|builder| builder.credentials(credentials).build())
        .map_err(|e| e.to_string())?;

    if password_login {
        let me = client.login().await.map_err(|e| e.to_string())?;
        let version = me
            .product_version
            .as_ref()
            .and_then(|v| v.long_display.clone().or(v.version.clone()));
        println!(
            "logged in as {} ({})",
            me.auth_username,
            me.full_name.as_deref().unwrap_or("no name")
        );
        println!("PCE version: {}", version.as_deref().unwrap_or("unknown"));
    } else {
        println!("using API key credentials (the PCE version comes with a password login)");
    }
    println!(
        "org: {}",
        client
            .org_id()
            .map_or("unknown".to_owned(), |id| id.to_string())
    );
    let features = client
        .optional_features_get()
        .await
        .map_err(|e| e.to_string())?;
    println!("optional features:");
    for feature in features.iter() {
        println!(
            "  {:<70} {}",
            feature.name.as_deref().unwrap_or_default(),
            match feature.enabled {
                Some(true) => "enabled",
                Some(false) => "disabled",
                None => "unknown",
            }
        );
    }
    client.logout().await.map_err(|e| e.to_string())?;
    println!("logged out");
    Ok(())
}
