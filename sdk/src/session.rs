//! The session of a password login, shared by every clone of a client: kept and reused,
//! renewed shortly before its inactivity expiry, dropped after a 401 or a logout, and replaced
//! by one login however many callers need it at once (the lock is held while logging in, so
//! the others wait for that login instead of starting their own). A renewal that fails while
//! the session still has time left keeps the session and is tried again later; the session a
//! renewal replaces is handed back, for the client to log it out.

use std::future::Future;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use tokio::sync::Mutex;

use crate::error::Result;

/// Session credentials from `users/login`.
pub(crate) struct Session {
    /// `Basic auth_username:session_token`, marked sensitive.
    pub authorization: HeaderValue,
    /// The user's href, e.g. `/users/4`, for logout and API keys.
    pub user_href: String,
    /// The inactivity expiry the PCE announced.
    pub idle_expiry: Duration,
    /// When the session was last used successfully.
    pub last_used: Instant,
}

/// How long after a failed renewal the next one is tried, while the session lasts (choice).
const RENEWAL_RETRY: Duration = Duration::from_secs(15);

impl Session {
    /// Whether the session is so close to its inactivity expiry (within a tenth of it) that
    /// it is better to log in again than to risk a 401.
    pub fn needs_renewal(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.last_used) + self.idle_expiry / 10 >= self.idle_expiry
    }

    /// Whether its inactivity expiry has passed.
    pub fn has_expired(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.last_used) >= self.idle_expiry
    }
}

/// The current session and a generation number that changes with every login, so that a
/// caller who saw a 401 drops only the session it used.
struct Slot {
    session: Option<Session>,
    generation: u64,
    /// After a failed renewal: not before this instant again.
    next_renewal: Option<Instant>,
}

/// The client's session, behind a lock.
pub(crate) struct Sessions {
    slot: Mutex<Slot>,
}

impl Sessions {
    /// No session yet, or the given one.
    pub fn new(session: Option<Session>) -> Self {
        Self {
            slot: Mutex::new(Slot {
                session,
                generation: 0,
                next_renewal: None,
            }),
        }
    }

    /// The `Authorization` value of the current session and its generation; runs `login` first
    /// when there is no session or it needs renewal (and `login` can renew it). The third
    /// value is the session a renewal replaced while it was still live, to log out.
    ///
    /// When a renewal fails and the current session has not expired, the session is used
    /// (with a warning) and the renewal is tried again after [`RENEWAL_RETRY`].
    pub async fn authorization<F, Fut>(
        &self,
        can_renew: bool,
        login: F,
    ) -> Result<(HeaderValue, u64, Option<Session>)>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Session>>,
    {
        let mut slot = self.slot.lock().await;
        let now = Instant::now();
        if let Some(session) = &slot.session {
            let renewal_due = slot.next_renewal.is_none_or(|at| now >= at);
            let keep = !can_renew
                || !session.needs_renewal(now)
                || (!renewal_due && !session.has_expired(now));
            if keep {
                return Ok((session.authorization.clone(), slot.generation, None));
            }
        }
        match login().await {
            Ok(session) => {
                let authorization = session.authorization.clone();
                let replaced = slot.session.replace(session);
                slot.generation += 1;
                slot.next_renewal = None;
                let live = replaced.filter(|old| !old.has_expired(Instant::now()));
                Ok((authorization, slot.generation, live))
            }
            // The clock is read again: the failed login may have taken long (a timeout).
            Err(error) => match &slot.session {
                Some(session) if !session.has_expired(Instant::now()) => {
                    tracing::warn!(
                        error = %error,
                        "renewing the session failed; using the current one until it expires"
                    );
                    let authorization = session.authorization.clone();
                    slot.next_renewal = Some(Instant::now() + RENEWAL_RETRY);
                    Ok((authorization, slot.generation, None))
                }
                _ => Err(error),
            },
        }
    }

    /// Makes `session` the current session, and hands back the one it replaced.
    pub async fn replace(&self, session: Session) -> Option<Session> {
        let mut slot = self.slot.lock().await;
        slot.generation += 1;
        slot.next_renewal = None;
        slot.session.replace(session)
    }

    /// Takes the current session out (a logout): afterwards there is none.
    pub async fn take(&self) -> Option<Session> {
        let mut slot = self.slot.lock().await;
        slot.generation += 1;
        slot.session.take()
    }

    /// Records a use of the session of `generation` by a request sent at `sent` (the PCE's
    /// idle clock restarted then, not when the answer arrived).
    pub async fn touch(&self, generation: u64, sent: Instant) {
        let mut slot = self.slot.lock().await;
        if slot.generation == generation {
            if let Some(session) = &mut slot.session {
                session.last_used = session.last_used.max(sent);
            }
        }
    }

    /// Drops the session of `generation` (the PCE refused it), unless another caller has
    /// already replaced it.
    pub async fn expire(&self, generation: u64) {
        let mut slot = self.slot.lock().await;
        if slot.generation == generation {
            slot.session = None;
        }
    }

    /// The current session's `Authorization` value and user href, if there is one.
    pub async fn current(&self) -> Option<(HeaderValue, String, u64)> {
        let slot = self.slot.lock().await;
        let generation = slot.generation;
        slot.session
            .as_ref()
            .map(|s| (s.authorization.clone(), s.user_href.clone(), generation))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn session(idle_minutes: u64, idle_for: Duration) -> Session {
        Session {
            authorization: HeaderValue::from_static("Basic dXNlcl8xOnRva2Vu"),
            user_href: "/users/1".to_owned(),
            idle_expiry: Duration::from_secs(idle_minutes * 60),
            last_used: Instant::now() - idle_for,
        }
    }

    #[test]
    fn renews_in_the_last_tenth_of_the_inactivity_expiry() {
        let now = Instant::now();
        assert!(!session(10, Duration::from_secs(8 * 60)).needs_renewal(now));
        assert!(session(10, Duration::from_secs(9 * 60 + 1)).needs_renewal(now));
        assert!(session(10, Duration::from_secs(11 * 60)).needs_renewal(now));
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_login() {
        let sessions = Arc::new(Sessions::new(None));
        let logins = Arc::new(AtomicUsize::new(0));
        let callers: Vec<_> = (0..32)
            .map(|_| {
                let (sessions, logins) = (sessions.clone(), logins.clone());
                tokio::spawn(async move {
                    sessions
                        .authorization(true, || async {
                            logins.fetch_add(1, Ordering::SeqCst);
                            tokio::task::yield_now().await;
                            Ok(session(10, Duration::ZERO))
                        })
                        .await
                        .map(|(_, generation, _)| generation)
                })
            })
            .collect();
        for caller in callers {
            assert_eq!(caller.await.expect("joins").expect("authorizes"), 1);
        }
        assert_eq!(logins.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_stale_401_does_not_drop_a_newer_session() {
        let sessions = Sessions::new(None);
        let fresh = || async { Ok(session(10, Duration::ZERO)) };
        let (_, first, _) = sessions.authorization(true, fresh).await.expect("logs in");
        sessions.expire(first).await;
        let (_, second, _) = sessions
            .authorization(true, fresh)
            .await
            .expect("logs in again");
        sessions.expire(first).await;
        assert_eq!(sessions.current().await.map(|(_, _, g)| g), Some(second));
    }

    #[tokio::test]
    async fn a_failed_renewal_keeps_a_live_session_and_waits_before_trying_again() {
        let sessions = Sessions::new(Some(session(10, Duration::from_secs(9 * 60 + 30))));
        let attempts = AtomicUsize::new(0);
        let down = || async {
            attempts.fetch_add(1, Ordering::SeqCst);
            Err(crate::Error::Config {
                reason: "login service down".to_owned(),
            })
        };
        let (_, generation, replaced) = sessions
            .authorization(true, down)
            .await
            .expect("the current session still has 30 s");
        assert_eq!((generation, replaced.is_none()), (0, true));
        sessions
            .authorization(true, down)
            .await
            .expect("still usable");
        assert_eq!(attempts.load(Ordering::SeqCst), 1, "no second try at once");

        let expired = Sessions::new(Some(session(10, Duration::from_secs(11 * 60))));
        assert!(expired.authorization(true, down).await.is_err());
    }

    #[tokio::test]
    async fn a_renewal_hands_back_the_live_session_it_replaced() {
        let sessions = Sessions::new(Some(session(10, Duration::from_secs(9 * 60 + 30))));
        let fresh = || async { Ok(session(10, Duration::ZERO)) };
        let (_, generation, replaced) = sessions.authorization(true, fresh).await.expect("renews");
        assert_eq!(generation, 1);
        assert!(
            replaced.is_some(),
            "the old session is still live: log it out"
        );
        assert!(sessions.take().await.is_some());
        assert!(
            sessions.take().await.is_none(),
            "after a logout there is none"
        );
    }
}
