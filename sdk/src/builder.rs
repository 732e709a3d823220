//! Configuring a [`Client`]: the PCE URL, org, credentials, Login Service, TLS trust,
//! proxy, timeouts, user agent and retries.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::redirect;
use url::Url;

use crate::auth::Auth;
use crate::base_url;
use crate::client::{Client, Inner};
use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::job::JobPolling;
use crate::pace::RequestPace;
use crate::release::ReleaseChoice;
use crate::retry::RetryPolicy;

/// Builds a [`Client`].
///
/// ```
/// use illumio_pce::{Client, Credentials};
///
/// let client = Client::builder("https://pce.example.com:8443")
///     .org_id(1)
///     .credentials(Credentials::api_key("api_1a2b3c", "s3cr3t"))
///     .build()?;
/// assert_eq!(client.pce_url(), "https://pce.example.com:8443");
/// # Ok::<(), illumio_pce::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    pce_url: String,
    org_id: Option<i64>,
    login_service_url: Option<String>,
    pce_fqdn: Option<String>,
    credentials: Option<Credentials>,
    ca_certificates: Vec<Vec<u8>>,
    accept_invalid_certificates: bool,
    allow_insecure_http: bool,
    proxy: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    pace: RequestPace,
    max_response_bytes: u64,
    call_timeout: Duration,
    job_polling: JobPolling,
    release: Option<String>,
}

/// Shows the configuration without secrets: credentials as their kind, a proxy's user info
/// hidden, certificates counted.
impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("pce_url", &base_url::shown(&self.pce_url))
            .field("org_id", &self.org_id)
            .field(
                "login_service_url",
                &self.login_service_url.as_deref().map(base_url::shown),
            )
            .field("pce_fqdn", &self.pce_fqdn)
            .field("credentials", &self.credentials)
            .field("ca_certificates", &self.ca_certificates.len())
            .field(
                "accept_invalid_certificates",
                &self.accept_invalid_certificates,
            )
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field(
                "proxy",
                &self.proxy.as_deref().map(base_url::without_userinfo),
            )
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("pace", &self.pace)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("call_timeout", &self.call_timeout)
            .field("job_polling", &self.job_polling)
            .field("release", &self.release)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client for the PCE at `pce_url`, e.g.
    /// `https://pce.example.com:8443`.
    pub fn builder(pce_url: &str) -> ClientBuilder {
        ClientBuilder::new(pce_url)
    }
}

impl ClientBuilder {
    pub(crate) fn new(pce_url: &str) -> Self {
        Self {
            pce_url: pce_url.to_owned(),
            org_id: None,
            login_service_url: None,
            pce_fqdn: None,
            credentials: None,
            ca_certificates: Vec::new(),
            accept_invalid_certificates: false,
            allow_insecure_http: false,
            proxy: None,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("illumio-pce-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            pace: RequestPace::default(),
            max_response_bytes: 64 << 20,
            call_timeout: Duration::from_secs(300),
            job_polling: JobPolling::default(),
            release: None,
        }
    }

    /// The organization; with a password login it defaults to the first org of the login
    /// response. Required with an API key or an existing session.
    pub fn org_id(mut self, org_id: i64) -> Self {
        self.org_id = Some(org_id);
        self
    }

    /// The SaaS Login Service, e.g. `https://login.illum.io:443`, where a password login
    /// authenticates; on-prem PCEs authenticate at the PCE itself (the default).
    pub fn login_service_url(mut self, url: impl Into<String>) -> Self {
        self.login_service_url = Some(url.into());
        self
    }

    /// The PCE's FQDN as it knows itself (`pce_fqdn` in its `runtime_env.yml`), sent when
    /// logging in with a password. Defaults to the host of the PCE URL; set it when the PCE is
    /// reached by another name or address.
    pub fn pce_fqdn(mut self, fqdn: impl Into<String>) -> Self {
        self.pce_fqdn = Some(fqdn.into());
        self
    }

    /// How the client authenticates.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Trusts the CA certificate(s) in this PEM text in addition to the system's.
    pub fn ca_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_certificates.push(pem.into());
        self
    }

    /// The PCE URL, in place of the one the builder was made with (for
    /// [`ClientBuilder::with_env`]).
    pub(crate) fn replace_pce_url(mut self, url: String) -> Self {
        self.pce_url = url;
        self
    }

    /// Trusts the CA certificate(s) in this PEM text in place of those given before (for
    /// [`ClientBuilder::with_env`]).
    pub(crate) fn replace_ca_certificates(mut self, pem: Vec<u8>) -> Self {
        self.ca_certificates = vec![pem];
        self
    }

    /// Accepts any server certificate. Only for a PCE on a lab network; it removes the
    /// protection TLS gives the credentials. A client built with it says so in a `tracing`
    /// warning and in its `Debug`.
    pub fn danger_accept_invalid_certificates(mut self, accept: bool) -> Self {
        self.accept_invalid_certificates = accept;
        self
    }

    /// Accepts `http://` PCE and Login Service URLs, which send passwords, session tokens and
    /// API secrets in clear text (through any proxy on the way). Off by default, and never
    /// turned on by an environment variable; only for a PCE on a lab network.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Sends every request through this proxy, e.g. `http://proxy:3128`.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// The longest a request may take, retries not counted (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `illumio-pce-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest response body read, in bytes (default 64 MiB); a longer one fails with
    /// [`Error::ResponseTooLarge`] without being read further.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How the client waits for async jobs ([`Client::collect`] past 500 objects): the
    /// floor and cap of each wait and the deadline of a whole job (default 1 s, 30 s, 30
    /// minutes).
    pub fn job_polling(mut self, polling: JobPolling) -> Self {
        self.job_polling = polling;
        self
    }

    /// The longest one call may take, with its retries, their waits and any login it needs
    /// (default 5 minutes); then it fails with [`Error::Deadline`].
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = timeout;
        self
    }

    /// How transient failures are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How many requests the client (and its clones) may send in any window of time
    /// (default: the PCE's limit, 500 a minute); [`RequestPace::unlimited`] for none.
    pub fn pace(mut self, pace: RequestPace) -> Self {
        self.pace = pace;
        self
    }

    /// The version the PCE runs (e.g. `24.1` or `25.2.20`), instead of the one the PCE
    /// reports (at a password login, or in its product-version answer, which an API-key
    /// client then never asks for). Requests are checked against the newest of the client's
    /// releases not newer than it; [`Client::release`] says which. A value that does not read
    /// as a version is refused by [`build`](Self::build).
    ///
    /// ```
    /// use illumio_pce::{Client, Credentials};
    ///
    /// let client = Client::builder("https://pce.example.com:8443")
    ///     .org_id(1)
    ///     .credentials(Credentials::api_key("api_1a2b3c", "s3cr3t"))
    ///     .release("24.1")
    ///     .build()?;
    /// assert_eq!(client.release(), "24.1");
    /// # Ok::<(), illumio_pce::Error>(())
    /// ```
    pub fn release(mut self, release: impl Into<String>) -> Self {
        self.release = Some(release.into());
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let pce = base_url::parse("PCE URL", &self.pce_url, self.allow_insecure_http)?;
        let login_service = self
            .login_service_url
            .as_deref()
            .map(|url| base_url::parse("Login Service URL", url, self.allow_insecure_http))
            .transpose()?;
        let fqdn = match &self.pce_fqdn {
            Some(fqdn) => fqdn.clone(),
            None => pce.host_str().unwrap_or_default().to_owned(),
        };
        let http = self.http_client(&pce, login_service.as_ref())?;
        let release = ReleaseChoice::new(self.release.as_deref())?;
        let credentials = self
            .credentials
            .ok_or_else(|| config("no credentials given"))?;
        let needs_org = !matches!(credentials, Credentials::Password { .. });
        if needs_org && self.org_id.is_none() {
            return Err(config(
                "an org id is required with an API key or an existing session",
            ));
        }
        let auth = Auth::new(credentials)?;
        if self.accept_invalid_certificates {
            tracing::warn!(
                pce = %pce,
                "TLS certificates are not verified (danger_accept_invalid_certificates): \
                 credentials can be read by anyone on the path"
            );
        }
        let org_id = OnceLock::new();
        if let Some(id) = self.org_id {
            let _ = org_id.set(id);
        }
        Ok(Client::from_inner(Arc::new(Inner {
            http,
            pce,
            login_service,
            fqdn,
            org_id,
            auth,
            policy: crate::http::Policy {
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                pace: self.pace.limiter(),
            },
            call_timeout: self.call_timeout,
            job_polling: self.job_polling,
            release,
            accepts_invalid_certificates: self.accept_invalid_certificates,
        })))
    }

    fn http_client(&self, pce: &Url, login_service: Option<&Url>) -> Result<reqwest::Client> {
        let allowed: Vec<Url> = std::iter::once(pce).chain(login_service).cloned().collect();
        let redirects = redirect::Policy::custom(move |attempt| {
            let same_origin = allowed
                .iter()
                .any(|base| base.origin() == attempt.url().origin());
            if same_origin && attempt.previous().len() < 5 {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let mut http = reqwest::Client::builder()
            .user_agent(&self.user_agent)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(redirects)
            .tls_danger_accept_invalid_certs(self.accept_invalid_certificates);
        for pem in &self.ca_certificates {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| config(&format!("the CA certificate is not valid PEM: {e}")))?;
            if certificates.is_empty() {
                return Err(config("the CA certificate PEM holds no certificate"));
            }
            http = http.tls_certs_merge(certificates);
        }
        if let Some(proxy) = &self.proxy {
            let proxy = reqwest::Proxy::all(proxy.as_str()).map_err(|_| {
                config(&format!(
                    "invalid proxy URL {:?}",
                    base_url::without_userinfo(proxy)
                ))
            })?;
            http = http.proxy(proxy);
        }
        http.build()
            .map_err(|e| config(&format!("cannot set up HTTP: {e}")))
    }
}

fn config(reason: &str) -> Error {
    Error::Config {
        reason: reason.to_owned(),
    }
}
