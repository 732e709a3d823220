//! The client: sends authenticated requests to one PCE org, renewing a password session
//! when the PCE refuses it.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::Method;
use url::Url;

use crate::api_request::check_path;
use crate::auth::{Auth, Next};
use crate::error::{Error, Result};
use crate::http::{self, Request, Response};
use crate::release::ReleaseChoice;

/// An async client for one PCE organization. Cheap to clone: clones share the connection
/// pool and the session.
///
/// ```no_run
/// use illumio_pce::{Client, Credentials};
///
/// # async fn run() -> illumio_pce::Result<()> {
/// let client = Client::builder("https://pce.example.com:8443")
///     .credentials(Credentials::password("admin@example.com", "correct horse"))
///     .build()?;
/// for feature in client.optional_features_get().await?.iter() {
///     let name = feature.name.as_deref().unwrap_or("?");
///     println!("{name}: {}", feature.enabled == Some(true));
/// }
/// client.logout().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// The schemas request bodies are checked against, when not the client's release's.
    #[cfg(feature = "validation")]
    schemas: Option<&'static crate::validation::SchemaSet>,
}

pub(crate) struct Inner {
    pub http: reqwest::Client,
    pub pce: Url,
    pub login_service: Option<Url>,
    /// The PCE's host name, sent as `pce_fqdn` when logging in.
    pub fqdn: String,
    pub org_id: OnceLock<i64>,
    pub auth: Auth,
    /// Retries and the response size limit.
    pub policy: http::Policy,
    /// The longest one call may take, attempts, waits and logins together.
    pub call_timeout: Duration,
    /// How async jobs are waited for.
    pub job_polling: crate::job::JobPolling,
    /// The release requests are checked against.
    pub release: ReleaseChoice,
    /// Whether TLS certificates go unverified (`danger_accept_invalid_certificates`).
    pub accepts_invalid_certificates: bool,
}

impl Client {
    pub(crate) fn from_inner(inner: Arc<Inner>) -> Self {
        Self {
            inner,
            #[cfg(feature = "validation")]
            schemas: None,
        }
    }

    /// This client (sharing its connections and session) checking request bodies against
    /// `schemas` instead of the embedded schemas of its PCE's release: what a bundle's
    /// generated crate does with the bundle's own schemas.
    #[cfg(feature = "validation")]
    pub fn with_schemas(&self, schemas: &'static crate::validation::SchemaSet) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            schemas: Some(schemas),
        }
    }

    /// The schemas request bodies are checked against: those given to
    /// [`Client::with_schemas`], else the embedded schemas of the PCE's [release](Client::release).
    #[cfg(feature = "validation")]
    pub(crate) fn schemas(&self) -> Result<&'static crate::validation::SchemaSet> {
        match self.schemas {
            Some(schemas) => Ok(schemas),
            None => crate::validation::release_schemas(self.release()),
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// The PCE's base URL, without a trailing slash.
    pub fn pce_url(&self) -> String {
        self.inner.pce.as_str().trim_end_matches('/').to_owned()
    }

    /// The org id, when it was configured or learnt from a login.
    pub fn org_id(&self) -> Option<i64> {
        self.inner.org_id.get().copied()
    }

    /// The PCE release (e.g. `25.2`) whose schemas requests are checked against before they
    /// are sent: the one set with [`ClientBuilder::release`](crate::ClientBuilder::release), else the one the PCE reported at
    /// the last password login (the newest supported release not newer than the PCE), else
    /// the newest supported release.
    pub fn release(&self) -> &'static str {
        self.inner.release.current()
    }

    /// The org id, logging in first to learn it if needed.
    pub(crate) async fn require_org_id(&self) -> Result<i64> {
        if let Some(id) = self.org_id() {
            return Ok(id);
        }
        self.authorization().await?;
        self.org_id().ok_or_else(|| Error::Config {
            reason: "the login response names no org; set one with ClientBuilder::org_id"
                .to_owned(),
        })
    }

    /// `https://pce/api/v2` + `path`, which may not leave `/api/v2` (checked here for every
    /// request, whoever made the path: a caller, or a `href` the PCE sent).
    pub(crate) fn api_url(&self, path: &str) -> Result<Url> {
        check_path(path)?;
        let url = self
            .inner
            .pce
            .join(&format!("/api/v2{path}"))
            .map_err(|e| Error::Config {
                reason: format!("cannot build a URL for {path}: {e}"),
            })?;
        // Whatever the path held, the URL it makes must still be the PCE's API.
        if url.origin() != self.inner.pce.origin() || !url.path().starts_with("/api/v2/") {
            return Err(Error::Config {
                reason: format!("the path {path:?} leaves the PCE's /api/v2"),
            });
        }
        Ok(url)
    }

    /// Sends one request with the client's retry policy and response size limit.
    pub(crate) async fn transmit(&self, request: Request) -> Result<Response> {
        http::send(&self.inner.http, &self.inner.policy, request).await
    }

    /// Sends an authenticated request to the PCE; a 401 on a password session logs in once
    /// more and repeats the request. The whole of it (attempts, waits, a login) ends with
    /// [`Error::Deadline`] after the client's call timeout.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Response> {
        self.call_with(method, path, body, http::Options::default())
            .await
    }

    /// [`Client::call`] with `options` (`Prefer: respond-async`, a streamed body).
    pub(crate) async fn call_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        options: http::Options,
    ) -> Result<Response> {
        let call = self.call_unbounded(method.clone(), path, body, options);
        self.within_deadline(method, path, call).await
    }

    /// `work` (a call, a login or a logout on `path`), ended with [`Error::Deadline`] after the
    /// client's call timeout.
    pub(crate) async fn within_deadline<T>(
        &self,
        method: Method,
        path: &str,
        work: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        let after = self.inner.call_timeout;
        tokio::time::timeout(after, work).await.unwrap_or_else(|_| {
            Err(Error::Deadline {
                method,
                path: format!("/api/v2{path}"),
                after,
            })
        })
    }

    /// Sends one request once, without retries, for at most `limit`: for work that is only
    /// worth a try (logging out a session the client no longer uses).
    pub(crate) async fn transmit_once(
        &self,
        request: Request,
        limit: Duration,
    ) -> Result<Response> {
        let policy = http::Policy {
            retry: crate::RetryPolicy::none(),
            ..self.inner.policy.clone()
        };
        let method = request.method.clone();
        let path = request.url.path().to_owned();
        tokio::time::timeout(limit, http::send(&self.inner.http, &policy, request))
            .await
            .unwrap_or(Err(Error::Deadline {
                method,
                path,
                after: limit,
            }))
    }

    async fn call_unbounded(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        options: http::Options,
    ) -> Result<Response> {
        let url = self.api_url(path)?;
        let mut renewed = false;
        loop {
            let (authorization, generation) = self.authorization().await?;
            let request = Request {
                method: method.clone(),
                url: url.clone(),
                authorization: Some(authorization),
                body: body.clone(),
                options,
            };
            let sent = std::time::Instant::now();
            let response = self.transmit(request).await?;
            match self
                .inner
                .auth
                .after_response(response.status.as_u16(), generation, renewed, sent)
                .await
            {
                Next::Renew => {
                    renewed = true;
                    continue;
                }
                Next::Refused => {
                    return Err(Error::Authentication {
                        reason: format!(
                            "the PCE refused the credentials for {method} {}",
                            response.path
                        ),
                        status: Some(reqwest::StatusCode::UNAUTHORIZED),
                        request_id: response.request_id,
                    })
                }
                Next::Done => {}
            }
            return Ok(response);
        }
    }

    /// The `Authorization` value to send and the session generation it belongs to; a live
    /// session that a renewal replaced is logged out first (best effort).
    pub(crate) async fn authorization(&self) -> Result<(HeaderValue, u64)> {
        let (authorization, generation, replaced) = self
            .inner
            .auth
            .authorization(
                |email, password| async move { self.password_login(&email, &password).await },
            )
            .await?;
        if let Some(old) = replaced {
            self.end_replaced_session(old).await;
        }
        Ok((authorization, generation))
    }

    /// Decodes a 2xx response, or turns any other into an error.
    pub(crate) fn expect_json<T: serde::de::DeserializeOwned>(response: Response) -> Result<T> {
        if response.is_success() {
            response.decode()
        } else {
            Err(response.into_error())
        }
    }

    /// Accepts a 2xx response, or turns any other into an error.
    pub(crate) fn expect_success(response: Response) -> Result<()> {
        if response.is_success() {
            Ok(())
        } else {
            Err(response.into_error())
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = self.inner.auth.kind();
        f.debug_struct("Client")
            .field("pce", &self.pce_url())
            .field(
                "login_service",
                &self.inner.login_service.as_ref().map(Url::as_str),
            )
            .field("org_id", &self.org_id())
            .field("release", &self.release())
            .field("auth", &auth)
            .field(
                "accepts_invalid_certificates",
                &self.inner.accepts_invalid_certificates,
            )
            .finish()
    }
}
