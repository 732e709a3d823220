//! What the client authenticates with: an API key, an email and password (the documented
//! two-step login), or an existing session. Secrets are `SecretString`s and never appear in
//! `Debug` output.

use std::fmt;

use secrecy::SecretString;

/// Credentials for a PCE.
///
/// ```
/// use illumio_pce::Credentials;
///
/// let key = Credentials::api_key("api_1a2b3c", "s3cr3t");
/// assert_eq!(format!("{key:?}"), r#"ApiKey { auth_username: "api_1a2b3c", secret: "[redacted]" }"#);
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// A persistent API key: HTTP Basic `auth_username:secret` on every call.
    ApiKey {
        /// The key's `auth_username`, e.g. `api_1a2b3c`.
        auth_username: String,
        /// The key's secret.
        secret: SecretString,
    },
    /// An email and password: the client logs in (`login_users/authenticate`, then
    /// `users/login`), keeps the session, renews it when it expires and can log out.
    Password {
        /// The user's email.
        email: String,
        /// The user's password.
        password: SecretString,
        /// A one-time password (2FA), sent until a login succeeds with it: a session
        /// renewed later logs in without one.
        one_time_password: Option<SecretString>,
    },
    /// A session obtained elsewhere (`auth_username` and `session_token` of a `users/login`
    /// response). It cannot be renewed: once it expires, calls fail with
    /// [`Error::Authentication`](crate::Error::Authentication).
    Session {
        /// The session's `auth_username`, e.g. `user_4`.
        auth_username: String,
        /// The session token.
        session_token: SecretString,
    },
}

impl Credentials {
    /// An API key.
    pub fn api_key(auth_username: impl Into<String>, secret: impl Into<String>) -> Self {
        Self::ApiKey {
            auth_username: auth_username.into(),
            secret: SecretString::from(secret.into()),
        }
    }

    /// An email and password.
    pub fn password(email: impl Into<String>, password: impl Into<String>) -> Self {
        Self::Password {
            email: email.into(),
            password: SecretString::from(password.into()),
            one_time_password: None,
        }
    }

    /// An email and password with a one-time password for a user with two-factor
    /// authentication: sent as `{"one_time_password": …}` until a login succeeds with it (a
    /// login that failed on the way keeps it for the next try). A one-time password works
    /// once, so a later renewal of the session logs in without it (and fails where the PCE
    /// requires one: log in again with a new code).
    ///
    /// ```
    /// use illumio_pce::Credentials;
    ///
    /// let credentials = Credentials::password_with_one_time_password("me@example.com", "pw", "123456");
    /// assert!(!format!("{credentials:?}").contains("123456"));
    /// ```
    pub fn password_with_one_time_password(
        email: impl Into<String>,
        password: impl Into<String>,
        one_time_password: impl Into<String>,
    ) -> Self {
        Self::Password {
            email: email.into(),
            password: SecretString::from(password.into()),
            one_time_password: Some(SecretString::from(one_time_password.into())),
        }
    }

    /// An existing session.
    pub fn session(auth_username: impl Into<String>, session_token: impl Into<String>) -> Self {
        Self::Session {
            auth_username: auth_username.into(),
            session_token: SecretString::from(session_token.into()),
        }
    }
}

const REDACTED: &str = "[redacted]";

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ApiKey { auth_username, .. } => f
                .debug_struct("ApiKey")
                .field("auth_username", auth_username)
                .field("secret", &REDACTED)
                .finish(),
            Self::Password {
                email,
                one_time_password,
                ..
            } => f
                .debug_struct("Password")
                .field("email", email)
                .field("password", &REDACTED)
                .field(
                    "one_time_password",
                    &one_time_password.as_ref().map(|_| REDACTED),
                )
                .finish(),
            Self::Session { auth_username, .. } => f
                .debug_struct("Session")
                .field("auth_username", auth_username)
                .field("session_token", &REDACTED)
                .finish(),
        }
    }
}
