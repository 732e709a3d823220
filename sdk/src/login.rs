//! The documented password login: `POST login_users/authenticate` (at the PCE, or at the
//! SaaS Login Service) for a 30-second auth token, then `GET users/login` for session
//! credentials; and logout.

use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};

use crate::auth::basic;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{Request, Response};
use crate::session::Session;
use crate::types::{LoginUsersAuthenticatePostResponse, Org, ProductVersion, UsersLoginGet};

/// The minutes of inactivity after which a PCE ends a session, when its login answer does not
/// say (the documented default).
const DEFAULT_INACTIVITY_MINUTES: i64 = 10;

/// Who is logged in, from the `users/login` response (without its session token). Its types
/// are the SDK's one set of [`types`](crate::types), whatever release the PCE runs.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LoginInfo {
    /// The user's href, e.g. `/users/4`.
    pub user_href: crate::Href,
    /// The session's `auth_username`, e.g. `user_4`.
    pub auth_username: String,
    /// The user's full name.
    pub full_name: Option<String>,
    /// The orgs the user belongs to.
    pub orgs: Vec<Org>,
    /// The PCE's version.
    pub product_version: Option<ProductVersion>,
    /// Minutes of inactivity after which the PCE ends the session (10 when the PCE does not
    /// say).
    pub inactivity_expiration_minutes: i64,
}

impl Client {
    /// Logs in with the configured email and password (even if a session exists) and says
    /// who is logged in. Later calls use this session; the one it replaces is logged out
    /// (best effort).
    pub async fn login(&self) -> Result<LoginInfo> {
        let (Some((email, password)), Some(sessions)) =
            (self.inner().auth.password(), self.inner().auth.sessions())
        else {
            return Err(Error::Config {
                reason: "login needs email and password credentials".to_owned(),
            });
        };
        let flow = self.login_flow(email, password);
        let (info, session) = self
            .within_deadline(Method::GET, "/users/login", flow)
            .await?;
        if let Some(old) = sessions.replace(session).await {
            self.end_replaced_session(old).await;
        }
        Ok(info)
    }

    /// Ends the session (`PUT <user href>/logout`) and drops it: afterwards the client holds
    /// none, even when the PUT fails. With an API key, or with no session (a second logout),
    /// this does nothing and sends nothing. A later call with email and password credentials
    /// logs in anew; with an existing session's credentials it fails with
    /// [`Error::Authentication`] without sending anything.
    pub async fn logout(&self) -> Result<()> {
        let Some(sessions) = self.inner().auth.sessions() else {
            return Ok(());
        };
        let Some(session) = sessions.take().await else {
            return Ok(());
        };
        let path = format!("{}/logout", session.user_href);
        let request = logout_request(self, session)?;
        let response = self
            .within_deadline(Method::PUT, &path, self.transmit(request))
            .await?;
        if response.status == StatusCode::UNAUTHORIZED {
            Ok(())
        } else {
            Client::expect_success(response)
        }
    }

    /// Logs out a session the client no longer uses: one try of at most
    /// [`REPLACED_LOGOUT_LIMIT`], so the call that replaced it is not held up; a failure is
    /// only logged, as the session then simply expires on the PCE.
    pub(crate) async fn end_replaced_session(&self, session: Session) {
        let sent = match logout_request(self, session) {
            Ok(request) => self.transmit_once(request, REPLACED_LOGOUT_LIMIT).await,
            Err(error) => Err(error),
        };
        match sent {
            Ok(response)
                if response.is_success() || response.status == StatusCode::UNAUTHORIZED => {}
            Ok(response) => tracing::debug!(
                status = response.status.as_u16(),
                "logging out the replaced session failed"
            ),
            Err(error) => tracing::debug!(%error, "logging out the replaced session failed"),
        }
    }

    /// Logs in and returns the new session (used by the session cache).
    pub(crate) async fn password_login(
        &self,
        email: &str,
        password: &SecretString,
    ) -> Result<Session> {
        self.login_flow(email, password)
            .await
            .map(|(_, session)| session)
    }

    /// Authenticates, then exchanges the auth token for a session; an auth token refused
    /// by `users/login` (it expires after 30 s and is single use) restarts once. A one-time
    /// password is sent with each authenticate of this flow and forgotten once it succeeds
    /// (so a login that failed on the way, a timeout, keeps it for the next try).
    async fn login_flow(
        &self,
        email: &str,
        password: &SecretString,
    ) -> Result<(LoginInfo, Session)> {
        let mut restarted = false;
        let code = self.inner().auth.one_time_password();
        loop {
            let auth_token = self.authenticate(email, password, code.as_ref()).await?;
            let mut token =
                HeaderValue::from_str(&format!("Token token={}", auth_token.expose_secret()))
                    .map_err(|_| Error::Authentication {
                        reason:
                            "the Login Service returned an auth token that is not printable text"
                                .to_owned(),
                        status: None,
                        request_id: None,
                    })?;
            token.set_sensitive(true);
            let request = Request {
                method: Method::GET,
                url: self.api_url("/users/login")?,
                authorization: Some(token),
                body: None,
                options: Default::default(),
            };
            let response = self.transmit(request).await?;
            if response.status == StatusCode::UNAUTHORIZED && !restarted {
                tracing::info!("the auth token was refused; authenticating again");
                restarted = true;
                continue;
            }
            let request_id = response.request_id.clone();
            let login: UsersLoginGet = accepted(response, "the PCE refused the auth token")?;
            let (Some(user_href), Some(auth_username), Some(session_token)) = (
                login.href.clone(),
                login.auth_username.clone(),
                login.session_token.as_deref(),
            ) else {
                return Err(Error::Authentication {
                    reason: "the PCE's login answer lacks its href, auth_username or session_token"
                        .to_owned(),
                    status: None,
                    request_id,
                });
            };
            let orgs = login.orgs.clone().unwrap_or_default();
            if let Some(org_id) = orgs.first().and_then(|org| org.org_id) {
                let _ = self.inner().org_id.set(org_id);
            }
            if let Some(version) = login
                .product_version
                .as_ref()
                .and_then(|p| p.version.as_deref())
            {
                self.inner().release.reported(version);
            }
            let inactivity_expiration_minutes = login
                .inactivity_expiration_minutes
                .unwrap_or(DEFAULT_INACTIVITY_MINUTES);
            let session = Session {
                authorization: basic(&auth_username, session_token)?,
                user_href: user_href.to_string(),
                idle_expiry: Duration::from_secs(
                    inactivity_expiration_minutes
                        .max(1)
                        .unsigned_abs()
                        .saturating_mul(60),
                ),
                last_used: Instant::now(),
            };
            self.inner().auth.spend_one_time_password();
            let info = LoginInfo {
                user_href,
                auth_username,
                full_name: login.full_name,
                orgs,
                product_version: login.product_version.map(|version| *version),
                inactivity_expiration_minutes,
            };
            return Ok((info, session));
        }
    }

    /// `POST login_users/authenticate?pce_fqdn=…` with the email and password.
    async fn authenticate(
        &self,
        email: &str,
        password: &SecretString,
        code: Option<&SecretString>,
    ) -> Result<SecretString> {
        let inner = self.inner();
        let base = inner.login_service.as_ref().unwrap_or(&inner.pce);
        let mut url = base
            .join("/api/v2/login_users/authenticate")
            .map_err(|e| Error::Config {
                reason: e.to_string(),
            })?;
        url.query_pairs_mut().append_pair("pce_fqdn", &inner.fqdn);
        // As documented: `Content-Type: application/json`, with a body only for 2FA.
        let body = match code {
            Some(code) => serde_json::to_vec(
                &serde_json::json!({ "one_time_password": code.expose_secret() }),
            )
            .map_err(|e| Error::Encode {
                what: "the one-time password".to_owned(),
                reason: e.to_string(),
            })?,
            None => Vec::new(),
        };
        let request = Request {
            method: Method::POST,
            url,
            authorization: Some(basic(email, password.expose_secret())?),
            body: Some(body),
            options: Default::default(),
        };
        let response = self.transmit(request).await?;
        let request_id = response.request_id.clone();
        let token: LoginUsersAuthenticatePostResponse =
            accepted(response, "the email or password was refused")?;
        token
            .auth_token
            .map(SecretString::from)
            .ok_or(Error::Authentication {
                reason: "the Login Service's answer has no auth_token".to_owned(),
                status: None,
                request_id,
            })
    }
}

/// How long logging out a replaced session may take (choice).
const REPLACED_LOGOUT_LIMIT: Duration = Duration::from_secs(5);

/// `PUT <user href>/logout` with `session`'s credentials.
fn logout_request(client: &Client, session: Session) -> Result<Request> {
    Ok(Request {
        method: Method::PUT,
        url: client.api_url(&format!("{}/logout", session.user_href))?,
        authorization: Some(session.authorization),
        body: Some(b"{}".to_vec()),
        options: Default::default(),
    })
}

/// Decodes a 2xx login response; a 401 is an authentication error with `reason`.
fn accepted<T: serde::de::DeserializeOwned>(response: Response, reason: &str) -> Result<T> {
    if response.status == StatusCode::UNAUTHORIZED {
        return Err(Error::Authentication {
            reason: reason.to_owned(),
            status: Some(StatusCode::UNAUTHORIZED),
            request_id: response.request_id,
        });
    }
    Client::expect_json(response)
}
