//! The client of the PCE, configured from the environment as
//! [`ClientBuilder::from_env`] reads it; the password comes from `ILLUMIO_PASSWORD` or is
//! prompted for without echo on a terminal.

use std::io::IsTerminal;

use illumio_pce::{Client, ClientBuilder, Credentials};

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
    let builder = ClientBuilder::from_env()?.credentials(credentials(login)?);
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
