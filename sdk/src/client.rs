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
use crate::release_table::{Checked, ReleaseTable};

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
    /// The releases requests are checked against: the SDK's own, or a generated crate's.
    releases: &'static ReleaseTable,
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
    /// The version the PCE runs, as far as it is known.
    pub release: ReleaseChoice,
    /// Whether TLS certificates go unverified (`danger_accept_invalid_certificates`).
    pub accepts_invalid_certificates: bool,
}

impl Client {
    pub(crate) fn from_inner(inner: Arc<Inner>) -> Self {
        Self {
            inner,
            releases: &crate::releases::RELEASES,
        }
    }

    /// This client (sharing its connections and session) checking requests against
    /// `releases` instead of the SDK's own: what a generated crate does with the releases of
    /// its bundles. Before a request that names its operation or its body's schema is sent,
    /// the client learns which release its PCE runs (at the password login, else from the
    /// PCE's `GET /product_version`), unless the builder set it or the table has only one.
    pub fn with_releases(&self, releases: &'static ReleaseTable) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            releases,
        }
    }

    /// `GET /product_version`, the version recorded. A PCE that refuses it (a key whose role
    /// may not read it, say) leaves the version unknown, with a warning: requests are then
    /// checked against the newest release, and the PCE judges the rest.
    async fn ask_product_version(&self) -> Result<()> {
        let response = self.call(Method::GET, "/product_version", None).await?;
        let version = response
            .is_success()
            .then(|| product_version(&response.body))
            .flatten();
        match version {
            Some(version) => self.inner.release.reported(&version),
            None => tracing::warn!(
                status = response.status.as_u16(),
                "the PCE did not tell its version; requests are checked against the newest release"
            ),
        }
        Ok(())
    }

    /// The releases requests are checked against.
    pub fn releases(&self) -> &'static ReleaseTable {
        self.releases
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

    /// The release (e.g. `25.2`, or `25.2.20` in a generated crate) requests are checked
    /// against before they are sent: of the client's [releases](Client::releases), the newest
    /// not newer than the PCE's version as set with
    /// [`ClientBuilder::release`](crate::ClientBuilder::release), else as the PCE reported it
    /// (at the last password login, or in its product-version answer), else the newest.
    pub fn release(&self) -> &'static str {
        self.checked().release
    }

    /// The release requests are checked against now, for the PCE's version as known.
    pub(crate) fn checked(&self) -> Checked {
        Checked::of(self.releases, self.inner.release.pce_version().as_deref())
    }

    /// The release requests are checked against, learning the PCE's version first when it
    /// matters (more than one release) and is not known: a password login reports it, else
    /// the PCE's `GET /product_version` answers it, asked once whatever the number of tasks
    /// waiting (a lookup that fails to reach the PCE is tried again by the next request).
    pub(crate) async fn checked_release(&self) -> Result<Checked> {
        if self.releases.releases().len() > 1 && self.inner.release.pce_version().is_none() {
            self.authorization().await?;
            if self.inner.release.pce_version().is_none() {
                self.inner
                    .release
                    .asked
                    .get_or_try_init(|| self.ask_product_version())
                    .await?;
            }
        }
        let at = self.checked();
        if at.older_than_all && self.inner.release.warn_once() {
            tracing::warn!(
                pce_version = %at.pce_version,
                release = at.release,
                "the PCE is older than every release of the client; requests are checked against the oldest"
            );
        }
        Ok(at)
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

/// The version in a `GET /product_version` answer: `{"version": …}`, as 26.x bundles
/// describe it, or `{"product_version": {"version": …}}`, as 25.2 bundles do; read either way.
fn product_version(body: &[u8]) -> Option<String> {
    let answer: serde_json::Value = serde_json::from_slice(body).ok()?;
    let version = answer
        .get("version")
        .or_else(|| answer.pointer("/product_version/version"))?;
    version.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::product_version;

    #[test]
    fn the_product_version_is_read_flat_or_nested() {
        let read = |body: &str| product_version(body.as_bytes());
        assert_eq!(
            read(r#"{"version": "26.3.0", "build": 3066}"#).as_deref(),
            Some("26.3.0")
        );
        assert_eq!(
            read(r#"{"product_version": {"version": "25.2.20"}}"#).as_deref(),
            Some("25.2.20")
        );
        assert_eq!(read(r#"{"version": null}"#), None);
        assert_eq!(read("not json"), None);
    }
}
