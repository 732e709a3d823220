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
            Credentials::Password { email, password } => Auth::Session {
                password: Some((email, password)),
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

    /// The `Authorization` header for the next request and the session generation it
    /// belongs to; `login` makes a new session (the password login) when one is needed.
    pub(crate) async fn authorization<F, Fut>(&self, login: F) -> Result<(HeaderValue, u64)>
    where
        F: FnOnce(String, SecretString) -> Fut,
        Fut: Future<Output = Result<Session>>,
    {
        match self {
            Auth::ApiKey(value) => Ok((value.clone(), 0)),
            Auth::Session { password, sessions } => {
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
    /// for the session; `renewed` says whether the request was already sent again once.
    pub(crate) async fn after_response(&self, status: u16, generation: u64, renewed: bool) -> Next {
        if let Auth::Session { password, sessions } = self {
            if status == 401 {
                sessions.expire(generation).await;
                if password.is_some() && !renewed {
                    return Next::Renew;
                }
            } else {
                sessions.touch(generation).await;
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
