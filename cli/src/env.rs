//! The client of the PCE, configured from the environment variables of the SDK's quickstart
//! (those of Illumio's Terraform provider, plus `ILLUMIO_PCE_FQDN`); the password comes from
//! `ILLUMIO_PASSWORD` or is prompted for without echo on a terminal.

use std::io::IsTerminal;

use illumio_pce::{Client, Credentials};

use crate::exit::Error;

/// The credentials a command can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Login {
    /// An API key when one is set, else email and password.
    Any,
    /// Email and password only (a login session).
    Password,
}

/// A client for the PCE the environment names.
pub fn client(login: Login) -> Result<Client, Error> {
    let host = var("ILLUMIO_PCE_HOST").ok_or_else(|| {
        Error::usage("set ILLUMIO_PCE_HOST to the PCE URL, e.g. https://pce.example.com:8443")
    })?;
    let mut builder = Client::builder(&host).credentials(credentials(login)?);
    if let Some(org) = var("ILLUMIO_PCE_ORG_ID") {
        let id = org
            .parse()
            .map_err(|_| Error::usage(format!("ILLUMIO_PCE_ORG_ID {org:?} is not a number")))?;
        builder = builder.org_id(id);
    }
    if let Some(fqdn) = var("ILLUMIO_PCE_FQDN") {
        builder = builder.pce_fqdn(fqdn);
    }
    if let Some(login_server) = var("ILLUMIO_LOGIN_SERVER") {
        builder = builder.login_service_url(login_server);
    }
    if let Some(path) = var("ILLUMIO_CA_CERT") {
        let pem = std::fs::read(&path)
            .map_err(|e| Error::usage(format!("ILLUMIO_CA_CERT {path}: {e}")))?;
        builder = builder.ca_certificate_pem(pem);
    }
    Ok(builder.build()?)
}

fn credentials(login: Login) -> Result<Credentials, Error> {
    if login == Login::Any {
        if let (Some(username), Some(secret)) = (
            var("ILLUMIO_API_KEY_USERNAME"),
            var("ILLUMIO_API_KEY_SECRET"),
        ) {
            return Ok(Credentials::api_key(username, secret));
        }
    }
    match var("ILLUMIO_EMAIL") {
        Some(email) => {
            let password = password(&email)?;
            Ok(Credentials::password(email, password))
        }
        None if login == Login::Password => Err(Error::usage(
            "set ILLUMIO_EMAIL (and ILLUMIO_PASSWORD): logging in takes a user's email and password, not an API key",
        )),
        None => Err(Error::usage(
            "set ILLUMIO_API_KEY_USERNAME and ILLUMIO_API_KEY_SECRET, or ILLUMIO_EMAIL (and ILLUMIO_PASSWORD)",
        )),
    }
}

/// `ILLUMIO_PASSWORD`, or the password typed at the terminal without echo.
fn password(email: &str) -> Result<String, Error> {
    if let Some(password) = var("ILLUMIO_PASSWORD") {
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::usage(
            "set ILLUMIO_PASSWORD: standard input is not a terminal to prompt for the password",
        ));
    }
    rpassword::prompt_password(format!("Password for {email}: "))
        .map_err(|e| Error::usage(format!("cannot read the password: {e}")))
}

/// A variable's value; unset, empty and non-Unicode values count as unset.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}
