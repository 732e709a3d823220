//! Configuration from the environment variables Illumio's official Terraform provider uses,
//! so that scripts, the `pce` command line and CI jobs share one set of settings (the table is
//! in [`ClientBuilder::from_env`]).

use crate::builder::ClientBuilder;
use crate::client::Client;
use crate::credentials::Credentials;
use crate::error::{Error, Result};

impl ClientBuilder {
    /// A builder configured from the environment variables of Illumio's Terraform provider,
    /// with the credentials of [`Credentials::from_env`] when they are set:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `ILLUMIO_PCE_HOST` | PCE URL with port, e.g. `https://pce.example.com:8443` (required) |
    /// | `ILLUMIO_PCE_ORG_ID` | org id (optional with email and password) |
    /// | `ILLUMIO_API_KEY_USERNAME`, `ILLUMIO_API_KEY_SECRET` | an API key, or: |
    /// | `ILLUMIO_EMAIL`, `ILLUMIO_PASSWORD` | a user's email and password |
    /// | `ILLUMIO_LOGIN_SERVER` | SaaS Login Service, e.g. `https://login.illum.io:443` |
    /// | `ILLUMIO_CA_CERT` | path of a PEM file with a CA certificate to trust |
    /// | `ILLUMIO_PCE_FQDN` | the PCE's own FQDN when the URL names it otherwise (not a Terraform variable) |
    ///
    /// Unset and empty variables are the same.
    ///
    /// ```no_run
    /// let client = illumio_pce::ClientBuilder::from_env()?.build()?;
    /// # Ok::<(), illumio_pce::Error>(())
    /// ```
    pub fn from_env() -> Result<Self> {
        let host = var("ILLUMIO_PCE_HOST").ok_or_else(|| Error::Config {
            reason: "set ILLUMIO_PCE_HOST to the PCE URL, e.g. https://pce.example.com:8443"
                .to_owned(),
        })?;
        Client::builder(&host).with_env()
    }

    /// This builder with each of the variables of [`ClientBuilder::from_env`] that is set
    /// in its place: the environment wins over settings that came from elsewhere (a
    /// profile of the `pce` command, say), setting by setting.
    ///
    /// ```no_run
    /// let builder = illumio_pce::Client::builder("https://pce.example.com:8443")
    ///     .org_id(1)
    ///     .with_env()?; // ILLUMIO_PCE_HOST, if set, wins
    /// # Ok::<(), illumio_pce::Error>(())
    /// ```
    pub fn with_env(mut self) -> Result<Self> {
        if let Some(host) = var("ILLUMIO_PCE_HOST") {
            self = self.replace_pce_url(host);
        }
        if let Some(credentials) = Credentials::from_env() {
            self = self.credentials(credentials);
        }
        if let Some(org) = var("ILLUMIO_PCE_ORG_ID") {
            let id = org.parse().map_err(|_| Error::Config {
                reason: format!("ILLUMIO_PCE_ORG_ID {org:?} is not a number"),
            })?;
            self = self.org_id(id);
        }
        if let Some(fqdn) = var("ILLUMIO_PCE_FQDN") {
            self = self.pce_fqdn(fqdn);
        }
        if let Some(login_server) = var("ILLUMIO_LOGIN_SERVER") {
            self = self.login_service_url(login_server);
        }
        if let Some(path) = var("ILLUMIO_CA_CERT") {
            let pem = std::fs::read(&path).map_err(|e| Error::Config {
                reason: format!("ILLUMIO_CA_CERT {path}: {e}"),
            })?;
            self = self.replace_ca_certificates(pem);
        }
        Ok(self)
    }
}

impl Credentials {
    /// An API key from `ILLUMIO_API_KEY_USERNAME` and `ILLUMIO_API_KEY_SECRET`, else an email
    /// and password from `ILLUMIO_EMAIL` and `ILLUMIO_PASSWORD`, if either pair is set.
    pub fn from_env() -> Option<Self> {
        match (
            var("ILLUMIO_API_KEY_USERNAME"),
            var("ILLUMIO_API_KEY_SECRET"),
        ) {
            (Some(username), Some(secret)) => Some(Self::api_key(username, secret)),
            _ => match (var("ILLUMIO_EMAIL"), var("ILLUMIO_PASSWORD")) {
                (Some(email), Some(password)) => Some(Self::password(email, password)),
                _ => None,
            },
        }
    }
}

/// A variable's value; unset, empty and non-Unicode values count as unset.
pub(crate) fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}
