//! Logs in to a PCE, prints its version, the org and the optional features, and logs out.
//!
//! Configured with the environment variables the official Terraform provider uses:
//!
//! | variable | meaning |
//! |---|---|
//! | `ILLUMIO_PCE_HOST` | PCE URL with port, e.g. `https://pce.example.com:8443` |
//! | `ILLUMIO_PCE_ORG_ID` | org id (optional with email and password) |
//! | `ILLUMIO_API_KEY_USERNAME`, `ILLUMIO_API_KEY_SECRET` | an API key, or: |
//! | `ILLUMIO_EMAIL`, `ILLUMIO_PASSWORD` | a user's email and password |
//! | `ILLUMIO_LOGIN_SERVER` | SaaS Login Service, e.g. `https://login.illum.io:443` (optional) |
//! | `ILLUMIO_CA_CERT` | path of a PEM file with a CA certificate to trust (optional) |
//! | `ILLUMIO_PCE_FQDN` | the PCE's own FQDN, when `ILLUMIO_PCE_HOST` names it otherwise (optional; not a Terraform variable) |
//!
//! `RUST_LOG=illumio_pce=debug` shows one span per request.
//!
//! ```sh
//! ILLUMIO_PCE_HOST=https://pce.example.com:8443 ILLUMIO_EMAIL=me@example.com \
//!   ILLUMIO_PASSWORD=... cargo run --example quickstart
//! ```

use std::env;
use std::process::ExitCode;

use illumio_pce::{Client, Credentials};

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
    let host = env::var("ILLUMIO_PCE_HOST")
        .map_err(|_| "set ILLUMIO_PCE_HOST, e.g. https://pce.example.com:8443")?;
    let var = |name: &str| env::var(name).ok().filter(|v| !v.is_empty());
    let credentials = match (var("ILLUMIO_API_KEY_USERNAME"), var("ILLUMIO_API_KEY_SECRET")) {
        (Some(username), Some(secret)) => Credentials::api_key(username, secret),
        _ => match (var("ILLUMIO_EMAIL"), var("ILLUMIO_PASSWORD")) {
            (Some(email), Some(password)) => Credentials::password(email, password),
            _ => return Err("set ILLUMIO_API_KEY_USERNAME and ILLUMIO_API_KEY_SECRET, or ILLUMIO_EMAIL and ILLUMIO_PASSWORD".into()),
        },
    };
    let password_login = matches!(credentials, Credentials::Password { .. });
    let mut builder = Client::builder(&host).credentials(credentials);
    if let Some(org) = var("ILLUMIO_PCE_ORG_ID") {
        builder = builder.org_id(
            org.parse()
                .map_err(|_| format!("ILLUMIO_PCE_ORG_ID {org:?} is not a number"))?,
        );
    }
    if let Some(fqdn) = var("ILLUMIO_PCE_FQDN") {
        builder = builder.pce_fqdn(fqdn);
    }
    if let Some(login_server) = var("ILLUMIO_LOGIN_SERVER") {
        builder = builder.login_service_url(login_server);
    }
    if let Some(path) = var("ILLUMIO_CA_CERT") {
        let pem = std::fs::read(&path).map_err(|e| format!("ILLUMIO_CA_CERT {path}: {e}"))?;
        builder = builder.ca_certificate_pem(pem);
    }
    let client = builder.build().map_err(|e| e.to_string())?;

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
        .optional_features()
        .await
        .map_err(|e| e.to_string())?;
    println!("optional features:");
    for feature in features.iter() {
        println!(
            "  {:<70} {}",
            feature.name,
            if feature.enabled {
                "enabled"
            } else {
                "disabled"
            }
        );
    }
    client.logout().await.map_err(|e| e.to_string())?;
    println!("logged out");
    Ok(())
}
