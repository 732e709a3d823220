//! The client of the PCE, configured from the environment as
//! [`ClientBuilder::from_env`] reads it, or from a profile with the `ILLUMIO_*` variables
//! winning over it; the password comes from `ILLUMIO_PASSWORD`, the profile's secret, or is
//! prompted for without echo on a terminal.

use std::io::IsTerminal;

use illumio_pce::{Client, ClientBuilder, Credentials};

use crate::exit::Error;
use crate::profile::Profile;

/// The credentials a command can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Login {
    /// An API key when one is set, else email and password.
    Any,
    /// Email and password only (a login session).
    Password,
}

/// A client for the PCE the environment names, or `profile` with the environment's
/// settings over it.
pub fn client(login: Login, profile: Option<&Profile>) -> Result<Client, Error> {
    let builder = match profile {
        None => ClientBuilder::from_env()?,
        Some(profile) => from_profile(profile)?,
    };
    Ok(builder.credentials(credentials(login, profile)?).build()?)
}

/// A builder from `profile`, each `ILLUMIO_*` variable that is set winning over it.
fn from_profile(profile: &Profile) -> Result<ClientBuilder, Error> {
    let mut builder = illumio_pce::Client::builder(&profile.url);
    if let Some(org) = profile.org {
        builder = builder.org_id(org);
    }
    if let Some(fqdn) = &profile.fqdn {
        builder = builder.pce_fqdn(fqdn);
    }
    if let Some(url) = &profile.login_service {
        builder = builder.login_service_url(url);
    }
    if let Some(path) = &profile.ca_cert {
        let pem = std::fs::read(path)
            .map_err(|e| Error::usage(format!("CA certificate {}: {e}", path.display())))?;
        builder = builder.ca_certificate_pem(pem);
    }
    Ok(builder.with_env()?)
}

fn credentials(login: Login, profile: Option<&Profile>) -> Result<Credentials, Error> {
    if login == Login::Any {
        if let (Some(username), Some(secret)) = (
            var("ILLUMIO_API_KEY_USERNAME"),
            var("ILLUMIO_API_KEY_SECRET"),
        ) {
            return Ok(Credentials::api_key(username, secret));
        }
    }
    if var("ILLUMIO_EMAIL").is_none() {
        if let Some(profile) = profile {
            match (&profile.api_key_username, &profile.email) {
                (Some(username), _) if login == Login::Any => {
                    let secret = profile.secret()?.ok_or_else(|| {
                        Error::usage(
                            "the profile names no secret_env, secret_command or secret_file",
                        )
                    })?;
                    return Ok(Credentials::api_key(username, secret));
                }
                (_, Some(email)) => {
                    let password = match profile.secret()? {
                        Some(password) => password,
                        None => password(email)?,
                    };
                    return Ok(Credentials::password(email, password));
                }
                _ => {}
            }
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
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}
