//! API keys: persistent credentials that never expire, until deleted.

use std::time::Duration;

use serde_json::{json, Value};

use super::clock::MockClock;

/// One API key.
#[derive(Debug)]
pub(crate) struct ApiKey {
    /// The key's id, in its href.
    pub(crate) key_id: String,
    /// The owner's user id.
    pub(crate) user_id: i64,
    /// The HTTP Basic username, `api_<key_id>` for created keys.
    pub(crate) auth_username: String,
    secret: String,
    /// Its name.
    pub(crate) name: String,
    /// Its description.
    pub(crate) description: String,
    created_at: Duration,
}

impl ApiKey {
    /// `/users/<id>/api_keys/<key_id>`.
    pub(crate) fn href(&self) -> String {
        format!("/users/{}/api_keys/{}", self.user_id, self.key_id)
    }

    /// The key as `GET` shows it (no secret).
    pub(crate) fn to_json(&self, clock: &MockClock) -> Value {
        json!({
            "href": self.href(),
            "key_id": self.key_id,
            "auth_username": self.auth_username,
            "created_at": clock.rfc3339(self.created_at),
            "name": self.name,
            "description": self.description,
        })
    }
}

/// All API keys.
#[derive(Debug)]
pub(crate) struct ApiKeys(Vec<ApiKey>);

impl ApiKeys {
    /// The configured keys, `(auth_username, secret)`, owned by user 1. Their key id is the
    /// username without its `api_` prefix (or the whole username if it has none), so they
    /// can be listed and deleted like created ones (choice).
    pub(crate) fn new(configured: &[(String, String)]) -> Self {
        Self(
            configured
                .iter()
                .map(|(auth_username, secret)| ApiKey {
                    key_id: auth_username
                        .strip_prefix("api_")
                        .unwrap_or(auth_username)
                        .to_owned(),
                    user_id: 1,
                    auth_username: auth_username.clone(),
                    secret: secret.clone(),
                    name: "configured".to_owned(),
                    description: "Configured when the mock PCE started".to_owned(),
                    created_at: Duration::ZERO,
                })
                .collect(),
        )
    }

    /// Creates a key.
    pub(crate) fn create(
        &mut self,
        user_id: i64,
        key_id: String,
        secret: String,
        name: String,
        description: String,
        now: Duration,
    ) -> &ApiKey {
        let index = self.0.len();
        self.0.push(ApiKey {
            auth_username: format!("api_{key_id}"),
            key_id,
            user_id,
            secret,
            name,
            description,
            created_at: now,
        });
        &self.0[index]
    }

    /// The key with these credentials.
    pub(crate) fn authenticate(&self, auth_username: &str, secret: &str) -> Option<&ApiKey> {
        self.0
            .iter()
            .find(|key| key.auth_username == auth_username && key.secret == secret)
    }

    /// A user's keys, oldest first.
    pub(crate) fn of_user(&self, user_id: i64) -> impl Iterator<Item = &ApiKey> {
        self.0.iter().filter(move |key| key.user_id == user_id)
    }

    /// One of a user's keys.
    pub(crate) fn get(&self, user_id: i64, key_id: &str) -> Option<&ApiKey> {
        self.0
            .iter()
            .find(|key| key.user_id == user_id && key.key_id == key_id)
    }

    /// One of a user's keys, to change.
    pub(crate) fn get_mut(&mut self, user_id: i64, key_id: &str) -> Option<&mut ApiKey> {
        self.0
            .iter_mut()
            .find(|key| key.user_id == user_id && key.key_id == key_id)
    }

    /// Deletes one of a user's keys; whether it existed.
    pub(crate) fn delete(&mut self, user_id: i64, key_id: &str) -> bool {
        let before = self.0.len();
        self.0
            .retain(|key| !(key.user_id == user_id && key.key_id == key_id));
        self.0.len() != before
    }
}
