//! A mock Illumio PCE: a real HTTP(S) server on loopback that behaves as the documentation
//! (`shared/reference/pce-protocol.md` and its seed documents) says a PCE does.
//!
//! It serves, under `/api/v2`:
//! - `POST /login_users/authenticate?pce_fqdn=F` (HTTP Basic email:password): a random
//!   `auth_token`, single use, valid 30 s; on its own listener when the login service is
//!   separate, as for SaaS;
//! - `GET /users/login` (`Authorization: Token token=<auth_token>`): a session
//!   (`auth_username` `user_<id>`, `session_token`) that expires after
//!   `session_idle_minutes` without use;
//! - `PUT /users/<id>/logout`;
//! - `/users/<id>/api_keys[/<key_id>]`: API keys, which never expire;
//! - `GET`/`PUT /orgs/<id>/optional_features`, `PUT` validated against the 25.2 schema;
//! - with [`MockConfig::bundle`], every other operation of a release bundle's `openapi.json`,
//!   from a generic store of objects keyed by `href` (the `bundle` module says how).
//!
//! Every call after the login flow takes HTTP Basic credentials (session or API key) and
//! counts against that credential's per-minute rate limit. Every response carries a unique
//! `X-Request-Id`; errors are `[{"token", "message"}]`. Time is a [`MockPce::advance_clock`]
//! clock, and [`Fault`]s can be queued for the next requests.
//!
//! Where the docs are silent, the choice made is written where it is implemented.

mod api_keys;
mod body;
mod bundle;
mod clock;
mod config;
mod credentials;
mod faults;
mod features;
mod handlers;
mod jobs;
mod payload;
mod ratelimit;
mod record;
mod reply;
mod rng;
mod router;
mod server;
mod service;
mod sessions;
mod state;
mod tls;

use std::sync::{Mutex, MutexGuard, PoisonError};

pub use config::{MockConfig, Unset};
pub use faults::Fault;
pub use jobs::JobSettings;
pub use record::RecordedRequest;
pub use server::MockPce;

/// Locks a mutex, even one poisoned by a panic elsewhere: the mock's state stays usable, as
/// every update is a single step.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
