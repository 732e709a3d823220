//! API keys, the persistent credentials the PCE documentation recommends after a login:
//! creating one from a session. (The PCE publishes no schema for these bodies, so they are
//! written here from the documented fields.)

use std::fmt;

use secrecy::SecretString;
use serde::Deserialize;

use crate::client::Client;
use crate::credentials::Credentials;
use crate::error::{Error, Result};

/// A new API key, as `POST /users/<id>/api_keys` returns it. The secret is shown only
/// once: keep it, e.g. with [`NewApiKey::credentials`].
#[derive(Clone)]
#[non_exhaustive]
pub struct NewApiKey {
    /// The key's id.
    pub key_id: String,
    /// The username to authenticate with, `api_<key_id>`.
    pub auth_username: String,
    /// The key's href, e.g. `/users/4/api_keys/1a2b3c`.
    pub href: String,
    /// The secret.
    pub secret: SecretString,
}

impl NewApiKey {
    /// Credentials that authenticate with this key.
    pub fn credentials(&self) -> Credentials {
        Credentials::ApiKey {
            auth_username: self.auth_username.clone(),
            secret: self.secret.clone(),
        }
    }
}

impl fmt::Debug for NewApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewApiKey")
            .field("key_id", &self.key_id)
            .field("auth_username", &self.auth_username)
            .field("href", &self.href)
            .field("secret", &"[redacted]")
            .finish()
    }
}

#[derive(Deserialize)]
struct ApiKeyCreated {
    key_id: String,
    auth_username: String,
    href: String,
    secret: String,
}

impl Client {
    /// Creates an API key for the logged-in user (needs a session: email and password or an
    /// existing session).
    pub async fn create_api_key(&self, name: &str, description: &str) -> Result<NewApiKey> {
        self.authorization().await?;
        let user_href = match self.inner().auth.sessions() {
            Some(sessions) => sessions.current().await.map(|(_, href, _)| href),
            None => None,
        }
        .ok_or_else(|| Error::Config {
            reason:
                "creating an API key needs a session (email and password, or an existing session)"
                    .to_owned(),
        })?;
        let body = serde_json::json!({ "name": name, "description": description });
        let created: ApiKeyCreated = self.post(&format!("{user_href}/api_keys"), &body).await?;
        Ok(NewApiKey {
            key_id: created.key_id,
            auth_username: created.auth_username,
            href: created.href,
            secret: SecretString::from(created.secret),
        })
    }
}
