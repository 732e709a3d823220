//! Authorization, in one place: what a client authenticates with (an API key's fixed header,
//! or sessions renewed with the password or held as given), the `Authorization` header each
//! request carries, and what a response means for the session.
//!
//! The password login itself (two HTTP steps) is `login.rs`'s; it reaches this module
//! only as the callback `Auth::authorization` runs when a new session is needed.

use std::future::Future;
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::session::{Session, Sessions};

/// How a client authenticates.
pub(crate) enum Auth {
    /// An API key: the same `Basic` header on every request.
    ApiKey(HeaderValue),
    /// A session: renewed by logging in again when there is a password, otherwise held as
    /// given until it ends.
    Session {
        /// The email and password to log in with, if given.
        password: Option<(String, SecretString)>,
        /// A one-time password for the next login, taken by it.
        one_time_password: std::sync::Mutex<Option<SecretString>>,
        /// The current session and its renewal.
        sessions: Sessions,
    },
}

/// What a response tells the caller to do next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Use the response.
    Done,
    /// The session was refused and a new one can be made: send the request again.
    Renew,
    /// The PCE refused the credentials.
    Refused,
}

impl Auth {
    /// The state `credentials` start in.
    pub(crate) fn new(credentials: Credentials) -> Result<Self> {
        Ok(match credentials {
            Credentials::ApiKey {
                auth_username,
                secret,
            } => Auth::ApiKey(basic(&auth_username, secret.expose_secret())?),
            Credentials::Password {
                email,
                password,
                one_time_password,
            } => Auth::Session {
                password: Some((email, password)),
                one_time_password: std::sync::Mutex::new(one_time_password),
                sessions: Sessions::new(None),
            },
            Credentials::Session {
                auth_username,
                session_token,
            } => {
                let user_href = match auth_username.strip_prefix("user_") {
                    Some(id) => format!("/users/{id}"),
                    None => return Err(config("a session's auth_username looks like user_<id>")),
                };
                let session = Session {
                    authorization: basic(&auth_username, session_token.expose_secret())?,
                    user_href,
                    idle_expiry: Duration::MAX,
                    last_used: Instant::now(),
                };
                Auth::Session {
                    password: None,
                    one_time_password: std::sync::Mutex::new(None),
                    sessions: Sessions::new(Some(session)),
                }
            }
        })
    }

    /// What it is, for `Debug` (never a secret).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Auth::ApiKey(_) => "api key",
            Auth::Session {
                password: Some(_), ..
            } => "password session",
            Auth::Session { password: None, .. } => "existing session",
        }
    }

    /// The sessions, unless this is an API key.
    pub(crate) fn sessions(&self) -> Option<&Sessions> {
        match self {
            Auth::ApiKey(_) => None,
            Auth::Session { sessions, .. } => Some(sessions),
        }
    }

    /// The email and password, when given.
    pub(crate) fn password(&self) -> Option<(&str, &SecretString)> {
        match self {
            Auth::Session {
                password: Some((email, password)),
                ..
            } => Some((email, password)),
            _ => None,
        }
    }

    /// The one-time password for the next login, if one is left.
    pub(crate) fn one_time_password(&self) -> Option<SecretString> {
        match self {
            Auth::Session {
                one_time_password, ..
            } => one_time_password
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone(),
            Auth::ApiKey(_) => None,
        }
    }

    /// Forgets the one-time password: a login succeeded with it (a code works once).
    pub(crate) fn spend_one_time_password(&self) {
        if let Auth::Session {
            one_time_password, ..
        } = self
        {
            *one_time_password
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        }
    }

    /// The `Authorization` header for the next request, the session generation it belongs
    /// to, and a live session it replaced (to log out); `login` makes a new session (the
    /// password login) when one is needed.
    pub(crate) async fn authorization<F, Fut>(
        &self,
        login: F,
    ) -> Result<(HeaderValue, u64, Option<Session>)>
    where
        F: FnOnce(String, SecretString) -> Fut,
        Fut: Future<Output = Result<Session>>,
    {
        match self {
            Auth::ApiKey(value) => Ok((value.clone(), 0, None)),
            Auth::Session {
                password, sessions, ..
            } => {
                sessions
                    .authorization(password.is_some(), || async {
                        match password {
                        Some((email, password)) => login(email.clone(), password.clone()).await,
                        None => Err(Error::Authentication {
                            reason:
                                "the session has ended and no password was given to log in again"
                                    .to_owned(),
                            status: None,
                            request_id: None,
                        }),
                    }
                    })
                    .await
            }
        }
    }

    /// Records what a response with `status`, sent with the session of `generation`, means
    /// for the session; `renewed` says whether the request was already sent again once. Only
    /// an answer that used the session (2xx or 3xx) restarts its idle clock: a 429 or a 5xx
    /// may never have reached it, as the PCE does not count them as use, and the client's
    /// clock must not run later than the PCE's.
    pub(crate) async fn after_response(
        &self,
        status: u16,
        generation: u64,
        renewed: bool,
        sent: Instant,
    ) -> Next {
        if let Auth::Session {
            password, sessions, ..
        } = self
        {
            if status == 401 {
                sessions.expire(generation).await;
                if password.is_some() && !renewed {
                    return Next::Renew;
                }
            } else if (200..400).contains(&status) {
                sessions.touch(generation, sent).await;
            }
        }
        if status == 401 {
            Next::Refused
        } else {
            Next::Done
        }
    }
}

/// The `Basic` header of `username` and `password`, marked sensitive.
pub(crate) fn basic(username: &str, password: &str) -> Result<HeaderValue> {
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
        .map_err(|_| config("credentials must be printable text"))?;
    value.set_sensitive(true);
    Ok(value)
}

fn config(reason: &str) -> Error {
    Error::Config {
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A session 9½ minutes into its 10-minute idle expiry: due for renewal.
    fn nearly_idle() -> Auth {
        let session = Session {
            authorization: HeaderValue::from_static("Basic dXNlcl8xOnRva2Vu"),
            user_href: "/users/1".to_owned(),
            idle_expiry: Duration::from_secs(600),
            last_used: Instant::now() - Duration::from_secs(570),
        };
        Auth::Session {
            password: None,
            one_time_password: std::sync::Mutex::new(None),
            sessions: Sessions::new(Some(session)),
        }
    }

    /// How many logins the next authorization runs (0 or 1), renewing when due.
    async fn logins_needed(auth: &Auth) -> usize {
        let logins = AtomicUsize::new(0);
        let Some(sessions) = auth.sessions() else {
            return 0;
        };
        let _ = sessions
            .authorization(true, || async {
                logins.fetch_add(1, Ordering::SeqCst);
                Err(config("no login in this test"))
            })
            .await;
        logins.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn only_answers_that_used_the_session_restart_its_idle_clock() {
        for status in [429, 500, 502, 503, 504] {
            let auth = nearly_idle();
            let sent = Instant::now();
            assert_eq!(
                auth.after_response(status, 0, false, sent).await,
                Next::Done
            );
            assert_eq!(
                logins_needed(&auth).await,
                1,
                "{status} is no use of the session"
            );
        }
        let auth = nearly_idle();
        auth.after_response(200, 0, false, Instant::now()).await;
        assert_eq!(logins_needed(&auth).await, 0, "a 200 is");
    }
}
