//! Users and the login flow's state: auth tokens (single use, 30 s) and sessions (gone after
//! the configured idle time; every authenticated use restarts it).

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

/// How long an auth token stays valid after `POST /login_users/authenticate` issued it.
pub(crate) const AUTH_TOKEN_LIFETIME: Duration = Duration::from_secs(30);

/// A user who can log in with email and password.
#[derive(Debug)]
pub(crate) struct User {
    /// The id in `/users/<id>`, from 1 in configuration order.
    pub(crate) id: i64,
    /// The email, which is the login name.
    pub(crate) email: String,
    password: String,
    last_login: Option<LastLogin>,
}

/// When and from where a user last opened a session.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LastLogin {
    /// Mock time of the login.
    pub(crate) at: Duration,
    /// The client's address.
    pub(crate) ip: IpAddr,
}

#[derive(Debug)]
struct AuthToken {
    user_id: i64,
    issued: Duration,
}

#[derive(Debug)]
struct Session {
    user_id: i64,
    last_used: Duration,
}

/// The login state of the PCE.
#[derive(Debug)]
pub(crate) struct Sessions {
    users: Vec<User>,
    idle: Duration,
    auth_tokens: HashMap<String, AuthToken>,
    /// Live sessions by session token. Several sessions of one user may be live at once
    /// (choice: the docs do not say that a login ends the previous session).
    sessions: HashMap<String, Session>,
}

/// The `auth_username` of a user's sessions.
pub(crate) fn session_username(user_id: i64) -> String {
    format!("user_{user_id}")
}

impl Sessions {
    /// Users from `(email, password)` pairs; sessions expire after `idle` without use.
    pub(crate) fn new(users: &[(String, String)], idle: Duration) -> Self {
        Self {
            users: (1..)
                .zip(users)
                .map(|(id, (email, password))| User {
                    id,
                    email: email.clone(),
                    password: password.clone(),
                    last_login: None,
                })
                .collect(),
            idle,
            auth_tokens: HashMap::new(),
            sessions: HashMap::new(),
        }
    }

    /// The id of the user with this email (in any case: emails are case-insensitive) and
    /// password (exactly).
    pub(crate) fn check_password(&self, email: &str, password: &str) -> Option<i64> {
        self.users
            .iter()
            .find(|user| user.email.eq_ignore_ascii_case(email) && user.password == password)
            .map(|user| user.id)
    }

    /// Records a new auth token for a user, and forgets the expired ones.
    pub(crate) fn issue_auth_token(&mut self, user_id: i64, token: String, now: Duration) {
        self.auth_tokens
            .retain(|_, t| now.saturating_sub(t.issued) < AUTH_TOKEN_LIFETIME);
        self.auth_tokens.insert(
            token,
            AuthToken {
                user_id,
                issued: now,
            },
        );
    }

    /// Uses up an auth token: the user it was issued to, if it is known, unused and younger
    /// than [`AUTH_TOKEN_LIFETIME`].
    pub(crate) fn redeem_auth_token(&mut self, token: &str, now: Duration) -> Option<i64> {
        let token = self.auth_tokens.remove(token)?;
        (now.saturating_sub(token.issued) < AUTH_TOKEN_LIFETIME).then_some(token.user_id)
    }

    /// Opens a session for a user, and forgets the expired ones. Returns the user and the
    /// previous login, or `None` for an unknown user.
    pub(crate) fn open_session(
        &mut self,
        user_id: i64,
        token: String,
        now: Duration,
        ip: IpAddr,
    ) -> Option<(&User, Option<LastLogin>)> {
        let idle = self.idle;
        self.sessions
            .retain(|_, s| now.saturating_sub(s.last_used) < idle);
        let user = self.users.iter_mut().find(|user| user.id == user_id)?;
        let previous = user.last_login.replace(LastLogin { at: now, ip });
        self.sessions.insert(
            token,
            Session {
                user_id,
                last_used: now,
            },
        );
        Some((user, previous))
    }

    /// The user of the live session with this `auth_username` and session token. A session
    /// found expired is removed.
    pub(crate) fn session_user(
        &mut self,
        username: &str,
        token: &str,
        now: Duration,
    ) -> Option<i64> {
        let session = self.sessions.get(token)?;
        if now.saturating_sub(session.last_used) >= self.idle {
            self.sessions.remove(token);
            return None;
        }
        (session_username(session.user_id) == username).then_some(session.user_id)
    }

    /// Restarts a session's idle timer.
    pub(crate) fn touch(&mut self, token: &str, now: Duration) {
        if let Some(session) = self.sessions.get_mut(token) {
            session.last_used = now;
        }
    }

    /// Ends a session.
    pub(crate) fn close(&mut self, token: &str) {
        self.sessions.remove(token);
    }
}
