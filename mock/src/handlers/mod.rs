//! The PCE's endpoints, and what they have in common: the request as handlers see it and the
//! HTTP Basic check that every call after the login flow goes through.

pub(crate) mod api_keys;
pub(crate) mod bulk;
pub(crate) mod bulk_import;
pub(crate) mod bundle;
pub(crate) mod jobs;
pub(crate) mod login;
pub(crate) mod optional_features;
pub(crate) mod provision;
pub(crate) mod traffic;
pub(crate) mod traffic_actors;

use std::net::IpAddr;

use hyper::header::RETRY_AFTER;
use hyper::{HeaderMap, StatusCode};

use super::credentials;
use super::reply::Reply;
use super::state::Shared;

/// A request as handlers see it: the body is read whole.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    /// The request headers.
    pub(crate) headers: &'a HeaderMap,
    /// The query string, without `?`.
    pub(crate) query: Option<&'a str>,
    /// The body.
    pub(crate) body: &'a [u8],
    /// The client's address.
    pub(crate) peer: IpAddr,
}

/// What a caller authenticated with.
#[derive(Debug)]
pub(crate) enum Credential {
    /// A session, by its session token.
    Session(String),
    /// An API key, by its key id.
    ApiKey(String),
}

impl Credential {
    /// The key under which the rate limiter counts this credential.
    pub(crate) fn rate_key(&self) -> String {
        match self {
            Credential::Session(token) => format!("session:{token}"),
            Credential::ApiKey(key_id) => format!("api_key:{key_id}"),
        }
    }
}

/// A caller that passed [`authorize`].
#[derive(Debug)]
pub(crate) struct Caller {
    /// The user the credential belongs to.
    pub(crate) user_id: i64,
    /// The credential used.
    pub(crate) credential: Credential,
}

/// Checks a call's HTTP Basic credentials (a live session's `auth_username:session_token`,
/// or an API key's `auth_username:secret`), counts the call against the credential's rate
/// limit, and restarts a session's idle timer. Missing, unknown and expired credentials all
/// get the same 401; over the limit, 429 with `Retry-After` (and the session's timer is not
/// restarted: the call was not served).
pub(crate) fn authorize(shared: &Shared, call: &Call<'_>) -> Result<Caller, Reply> {
    let (username, password) =
        credentials::basic(call.headers).ok_or_else(Reply::unauthenticated)?;
    let now = shared.clock.now();
    let mut store = shared.store();
    let caller = if let Some(user_id) = store.sessions.session_user(&username, &password, now) {
        Caller {
            user_id,
            credential: Credential::Session(password),
        }
    } else {
        let key = store
            .api_keys
            .authenticate(&username, &password)
            .ok_or_else(Reply::unauthenticated)?;
        Caller {
            user_id: key.user_id,
            credential: Credential::ApiKey(key.key_id.clone()),
        }
    };
    if let Err(retry_after) = store.limiter.check(&caller.credential.rate_key(), now) {
        return Err(Reply::error(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests_error",
            "Too many requests: the limit is per session or API key per minute",
        )
        .number_header(RETRY_AFTER, retry_after));
    }
    if let Credential::Session(token) = &caller.credential {
        store.sessions.touch(token, now);
    }
    Ok(caller)
}

/// Checks that a user acts on himself (`/users/<user_id>/...`): else 403.
pub(crate) fn require_self(caller: &Caller, user_id: i64) -> Result<(), Reply> {
    if caller.user_id == user_id {
        Ok(())
    } else {
        Err(Reply::forbidden())
    }
}
