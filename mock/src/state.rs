//! Everything a running mock PCE shares between its connections.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;

use super::api_keys::ApiKeys;
use super::bundle::Bundle;
use super::clock::MockClock;
use super::config::{MockConfig, Unset};
use super::faults::FaultQueue;
use super::features::FeatureSchema;
use super::jobs::{JobSettings, Jobs};
use super::lock;
use super::ratelimit::RateLimiter;
use super::record::Recorder;
use super::rng::TokenRng;
use super::sessions::Sessions;

/// Event counts that tests read.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Successful `GET /users/login`.
    pub(crate) logins: AtomicUsize,
    /// Successful `POST /login_users/authenticate`, on either listener.
    pub(crate) authentications: AtomicUsize,
    /// TCP connections accepted, on either listener.
    pub(crate) connections: AtomicUsize,
}

impl Counters {
    /// Adds one to a counter.
    pub(crate) fn bump(counter: &AtomicUsize) {
        counter.fetch_add(1, Ordering::SeqCst);
    }

    /// Reads a counter.
    pub(crate) fn read(counter: &AtomicUsize) -> usize {
        counter.load(Ordering::SeqCst)
    }
}

/// The PCE's mutable state, under one lock (handlers hold it briefly and never across an
/// `await`).
#[derive(Debug)]
pub(crate) struct Store {
    /// Users, auth tokens and sessions.
    pub(crate) sessions: Sessions,
    /// API keys.
    pub(crate) api_keys: ApiKeys,
    /// Request counts per credential.
    pub(crate) limiter: RateLimiter,
    /// The optional features of the organization, `(name, enabled)` in schema order.
    pub(crate) features: Vec<(String, bool)>,
    /// The objects of a bundle's operations, by `href` (below `/api/v2`).
    pub(crate) objects: BTreeMap<String, Value>,
    /// The number in the `href` of the last object created.
    pub(crate) last_object_id: u64,
    /// The one-time passwords not used yet (2FA is on when the mock was given any).
    pub(crate) one_time_passwords: Vec<String>,
    /// Async collection jobs and their datafiles.
    pub(crate) jobs: Jobs,
    /// Until when (mock time) a bulk workload call is at work.
    pub(crate) bulk_until: Duration,
    /// The last policy version provisioned (0: none yet).
    pub(crate) policy_version: u64,
    /// When (mock time) each traffic query was submitted, by href (the query is in
    /// `objects`).
    pub(crate) query_times: BTreeMap<String, Duration>,
    /// When (mock time) each traffic query's draft-policy view was asked for, by href.
    pub(crate) rules_times: BTreeMap<String, Duration>,
}

/// The state shared by all connections of a mock PCE.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The PCE's FQDN.
    pub(crate) fqdn: String,
    /// The organization's id.
    pub(crate) org_id: i64,
    /// `inactivity_expiration_minutes` of the login response.
    pub(crate) idle_minutes: i64,
    /// Whether the login-service listener (rather than the PCE's) serves authenticate.
    pub(crate) separate_login_service: bool,
    /// The version the login response and `GET /product_version` report.
    pub(crate) version: String,
    /// Whether authenticating needs a one-time password.
    pub(crate) two_factor: bool,
    /// Whether HTTP/2 is served besides HTTP/1.1.
    pub(crate) http2: bool,
    /// The PCE's base URL.
    pub(crate) url: String,
    /// The mock clock.
    pub(crate) clock: MockClock,
    /// Source of tokens and ids.
    pub(crate) rng: TokenRng,
    /// Faults still to serve.
    pub(crate) faults: FaultQueue,
    /// The requests received.
    pub(crate) recorder: Recorder,
    /// Event counts.
    pub(crate) counters: Counters,
    /// Validation of optional-feature updates.
    pub(crate) feature_schema: FeatureSchema,
    /// The bundle whose operations are served, if any.
    pub(crate) bundle: Option<Bundle>,
    /// How async jobs behave.
    pub(crate) job_settings: JobSettings,
    /// How long a bulk call works on each item.
    pub(crate) bulk_item_time: Duration,
    /// How many flows a completed traffic query finds (else one per pair of workloads).
    pub(crate) traffic_flows: Option<usize>,
    /// How answers show what an object has no value for.
    pub(crate) unset: Unset,
    /// Every secret the mock handed out: auth tokens, session tokens, API key secrets.
    issued: Mutex<Vec<String>>,
    store: Mutex<Store>,
}

impl Shared {
    /// The initial state for `config`, served at `url`.
    pub(crate) fn new(config: &MockConfig, url: String) -> io::Result<Self> {
        let bundle = config.bundle.as_deref().map(Bundle::load).transpose()?;
        let version = config
            .version
            .clone()
            .or_else(|| bundle.as_ref().and_then(|b| b.release.clone()))
            .unwrap_or_else(|| crate::config::DEFAULT_VERSION.to_owned());
        let feature_schema = FeatureSchema::load(&version)?;
        // A negative idle time makes no sense; treat it as "expire at once".
        let idle_secs = u64::try_from(config.session_idle_minutes.max(0))
            .unwrap_or(0)
            .saturating_mul(60);
        let store = Store {
            sessions: Sessions::new(&config.users, Duration::from_secs(idle_secs)),
            api_keys: ApiKeys::new(&config.api_keys),
            limiter: RateLimiter::new(config.rate_limit_per_minute, config.rate_limit_window),
            features: feature_schema
                .names()
                .iter()
                .map(|name| (name.clone(), false))
                .collect(),
            objects: BTreeMap::new(),
            last_object_id: 0,
            one_time_passwords: config.one_time_passwords.clone(),
            jobs: Jobs::default(),
            bulk_until: Duration::ZERO,
            policy_version: 0,
            query_times: BTreeMap::new(),
            rules_times: BTreeMap::new(),
        };
        Ok(Self {
            fqdn: config.fqdn.clone(),
            org_id: config.org_id,
            idle_minutes: config.session_idle_minutes,
            separate_login_service: config.separate_login_service,
            version,
            two_factor: !config.one_time_passwords.is_empty(),
            http2: config.http2,
            url,
            clock: MockClock::new(),
            rng: TokenRng::new(),
            faults: FaultQueue::default(),
            recorder: Recorder::default(),
            counters: Counters::default(),
            feature_schema,
            bundle,
            job_settings: config.jobs.clone(),
            bulk_item_time: config.bulk_item_time,
            traffic_flows: config.traffic_flows,
            unset: config.unset,
            issued: Mutex::default(),
            store: Mutex::new(store),
        })
    }

    /// Notes a secret handed out, for [`Shared::issued_secrets`].
    pub(crate) fn issued(&self, secret: &str) {
        lock(&self.issued).push(secret.to_owned());
    }

    /// Every secret handed out so far, oldest first.
    pub(crate) fn issued_secrets(&self) -> Vec<String> {
        lock(&self.issued).clone()
    }

    /// The mutable state, locked.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }
}
