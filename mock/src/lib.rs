//! A mock Illumio PCE for your tests: a real HTTP(S) server on loopback, in your process, that
//! behaves as the documentation (`shared/reference/pce-protocol.md` in this project's
//! repository, and its seed documents) says a PCE does. Test a script that talks to a PCE
//! without a PCE: start one, give the client its CA, fill it, break it, move its clock.
//!
//! ```
//! use illumio_pce::{Client, Credentials};
//! use illumio_pce_mock::{Fault, MockConfig, MockPce};
//!
//! /// The script under test: turns an optional feature on unless it is; whether it did.
//! async fn ensure_enabled(client: &Client, name: &str) -> illumio_pce::Result<bool> {
//!     let features = client.optional_features_get().await?;
//!     let on = features
//!         .iter()
//!         .any(|f| f.name.as_deref() == Some(name) && f.enabled == Some(true));
//!     if !on {
//!         client.enable_optional_feature(name).await?;
//!     }
//!     Ok(!on)
//! }
//!
//! // In your tests: `#[tokio::test] async fn enables_once() { … }`.
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let pce = MockPce::start(MockConfig {
//!     api_keys: vec![("api_1".to_owned(), "secret".to_owned())],
//!     ..MockConfig::default()
//! })
//! .await?;
//! let client = Client::builder(&pce.url())
//!     .pce_fqdn(pce.fqdn())
//!     .ca_certificate_pem(pce.ca_pem().ok_or("HTTPS")?)
//!     .org_id(1)
//!     .credentials(Credentials::api_key("api_1", "secret"))
//!     .build()?;
//! assert!(ensure_enabled(&client, "core_insights").await?);
//! assert!(!ensure_enabled(&client, "core_insights").await?, "already on");
//! assert!(pce.features().contains(&("core_insights".to_owned(), true)));
//!
//! // A PCE that fails: the client retries a 503 (twice here) and gets through.
//! pce.inject(Fault::Status(503), 2);
//! assert!(!ensure_enabled(&client, "core_insights").await?);
//! # Ok(())
//! # }
//! ```
//!
//! With [`MockConfig::bundle`] (a release bundle's folder), every operation of the bundle is
//! served from a store of objects keyed by href ([`MockPce::insert`], [`MockPce::fill`]);
//! `mock-pce` is the same server as a command.
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

pub use config::{MockConfig, Unset, DEFAULT_VERSION};
pub use faults::Fault;
pub use jobs::JobSettings;
pub use record::RecordedRequest;
pub use server::MockPce;

/// Locks a mutex, even one poisoned by a panic elsewhere: the mock's state stays usable, as
/// every update is a single step.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
