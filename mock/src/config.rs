//! What a mock PCE is started with.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::jobs::JobSettings;

/// The version a mock PCE reports when neither [`MockConfig::version`] nor a bundle names one.
pub const DEFAULT_VERSION: &str = "25.2.10";

/// The settings of a [`MockPce`](crate::MockPce).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockConfig {
    /// Address to listen on; port 0 picks a free one. Default `127.0.0.1:0`.
    pub listen: SocketAddr,
    /// Serve HTTPS (with a CA generated at start) rather than plain HTTP. Default `true`.
    pub tls: bool,
    /// The PCE's FQDN: `pce_fqdn` must name it and the server certificate is valid for it.
    /// Default `pce.test`.
    pub fqdn: String,
    /// Users who may log in, as `(email, password)`; the n-th (from 1) is `/users/<n>`.
    /// Default: `admin@example.com` with password `password`.
    pub users: Vec<(String, String)>,
    /// API keys that exist from the start, as `(auth_username, secret)`; they belong to the
    /// first user (`/users/1`). Default: none.
    pub api_keys: Vec<(String, String)>,
    /// The one organization's id. Default 1.
    pub org_id: i64,
    /// Minutes without use after which a session expires, as `inactivity_expiration_minutes`
    /// of `GET /users/login` says. Default 10.
    pub session_idle_minutes: i64,
    /// Requests allowed per credential (session or API key) per minute. Default 500.
    pub rate_limit_per_minute: u32,
    /// How long that "minute" of mock time lasts. Default 60 s; a test of a client's pacing
    /// shortens it so as not to wait minutes.
    pub rate_limit_window: Duration,
    /// Serve `POST /login_users/authenticate` on a second listener only, like the SaaS Login
    /// Service, instead of on the PCE itself. Default `false`.
    pub separate_login_service: bool,
    /// The version the PCE reports at login (`product_version.version`) and in its
    /// `GET /product_version` answer. Its release (the newest of 23.3, 24.1 and 25.2 not newer
    /// than it) decides which optional features it has and which `PUT`s it accepts. Default
    /// none: the release of the [`bundle`](Self::bundle) (its `openapi.json`'s
    /// `info.version`), else [`DEFAULT_VERSION`].
    pub version: Option<String>,
    /// A release bundle (a folder with `openapi.json`, `v2/` and `common/`) whose every
    /// operation the mock serves besides the routes above (see the `bundle` module). Default
    /// none.
    pub bundle: Option<PathBuf>,
    /// Two-factor authentication: when not empty, `POST /login_users/authenticate` also needs
    /// a body `{"one_time_password": …}` with one of these codes, each accepted once.
    /// Default none (no 2FA).
    pub one_time_passwords: Vec<String>,
    /// Offer HTTP/2 as well as HTTP/1.1 (by ALPN over TLS, by prior knowledge over plain
    /// HTTP). Default `true`; `false` serves HTTP/1.1 only.
    pub http2: bool,
    /// How async collection jobs behave: `Retry-After`, how long they stay pending and
    /// running on the mock clock, whether they fail. Default [`JobSettings::default`].
    pub jobs: JobSettings,
    /// How long a bulk workload call works on each item before it answers; while it works,
    /// another bulk call of the org gets a 429, as on a PCE. Default 100 µs (0.1 s for
    /// 1,000 items).
    pub bulk_item_time: Duration,
    /// How many flows a completed traffic query finds (at most its `max_results`), made
    /// from the stored workloads. Default none: one per ordered pair of stored workloads.
    pub traffic_flows: Option<usize>,
    /// How a bundle operation's answer shows a property of its response schema that the
    /// object has no value for. Default [`Unset::Null`], as PCEs send workloads.
    pub unset: Unset,
}

/// How an answer shows the properties of its response schema that the object has no value for
/// (at the top of each object answered), as the bodies real PCEs sent show them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Unset {
    /// Sent as `null`, as PCEs send workloads, services, IP lists and rule sets.
    #[default]
    Null,
    /// Left out, as PCEs send labels.
    Absent,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            tls: true,
            fqdn: "pce.test".to_owned(),
            users: vec![("admin@example.com".to_owned(), "password".to_owned())],
            api_keys: Vec::new(),
            org_id: 1,
            session_idle_minutes: 10,
            rate_limit_per_minute: 500,
            rate_limit_window: Duration::from_secs(60),
            separate_login_service: false,
            version: None,
            bundle: None,
            one_time_passwords: Vec::new(),
            http2: true,
            jobs: JobSettings::default(),
            bulk_item_time: Duration::from_micros(100),
            traffic_flows: None,
            unset: Unset::Null,
        }
    }
}
