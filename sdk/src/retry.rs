//! When a failed request is sent again: 429 (honouring `Retry-After`), and for idempotent
//! requests 502/503/504, a 406 saying the PCE could not get a database lock and connection
//! failures, with exponential backoff; attempts and
//! total waiting time are bounded. Every wait is jittered, so that clients sharing a key do
//! not retry in lock step: a backoff by "equal jitter" (half of it fixed, half random), a
//! `Retry-After` by up to a tenth more (at most 1 s), never less than the PCE asked.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::Duration;

/// How the client retries transient failures.
///
/// ```
/// use std::time::Duration;
/// let policy = illumio_pce::RetryPolicy::default().max_attempts(3).max_total_wait(Duration::from_secs(5));
/// assert_eq!(policy.attempts(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_total_wait: Duration,
    initial_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, at most 60 s of waiting in all, backoff from 200 ms.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            max_total_wait: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(200),
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many times a request may be sent in all (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The most time spent waiting between attempts of one request; a `Retry-After` longer
    /// than what is left ends the retries.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// The wait before the first retry when the PCE gives no `Retry-After`; it doubles with
    /// each attempt (each wait is then between half of it and all of it, at random).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The configured number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to stop: `status` is the
    /// response status (`None` for a connection failure), `retry_after` its `Retry-After`,
    /// `waited` the time already spent waiting for this request.
    pub(crate) fn next_wait(
        &self,
        attempt: u32,
        status: Option<u16>,
        retry_after: Option<Duration>,
        idempotent: bool,
        waited: Duration,
    ) -> Option<Duration> {
        let retryable = match status {
            Some(429) => true,
            Some(502..=504) | None => idempotent,
            // Only a 406 that says the PCE could not get a database lock comes here (the
            // client does not ask about any other: `http::transient`).
            Some(406) => idempotent,
            Some(_) => false,
        };
        if !retryable || attempt >= self.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(after) => after.saturating_add(jitter(after.min(Duration::from_secs(10)) / 10)),
            None => {
                let backoff = self
                    .initial_backoff
                    .saturating_mul(2u32.saturating_pow(attempt - 1));
                backoff / 2 + jitter(backoff / 2)
            }
        };
        (waited.saturating_add(wait) <= self.max_total_wait).then_some(wait)
    }
}

/// A random duration from zero to `max`. The randomness of std's `RandomState` (its keys
/// differ on every call) is plenty for spreading retries.
fn jitter(max: Duration) -> Duration {
    let random = RandomState::new().hash_one(0u8);
    let fraction = (random >> 11) as f64 / (1u64 << 53) as f64;
    max.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn retries_only_transient_failures() {
        let policy = RetryPolicy::default();
        assert!(policy
            .next_wait(1, Some(429), None, false, Duration::ZERO)
            .is_some());
        assert!(policy
            .next_wait(1, Some(503), None, true, Duration::ZERO)
            .is_some());
        assert!(policy
            .next_wait(1, None, None, true, Duration::ZERO)
            .is_some());
        assert_eq!(
            policy.next_wait(1, Some(503), None, false, Duration::ZERO),
            None
        );
        assert_eq!(policy.next_wait(1, None, None, false, Duration::ZERO), None);
        assert_eq!(
            policy.next_wait(1, Some(500), None, true, Duration::ZERO),
            None
        );
        assert!(policy
            .next_wait(1, Some(406), None, true, Duration::ZERO)
            .is_some());
        assert_eq!(
            policy.next_wait(1, Some(406), None, false, Duration::ZERO),
            None
        );
    }

    #[test]
    fn honours_retry_after_and_backs_off_exponentially() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(100));
        let within = |wait: Option<Duration>, low: Duration, high: Duration| {
            wait.is_some_and(|wait| wait >= low && wait <= high)
        };
        let ms = Duration::from_millis;
        for _ in 0..50 {
            let after = policy.next_wait(1, Some(429), Some(3 * S), true, Duration::ZERO);
            assert!(within(after, 3 * S, ms(3300)), "{after:?}");
            let first = policy.next_wait(1, Some(503), None, true, Duration::ZERO);
            assert!(within(first, ms(50), ms(100)), "{first:?}");
            let third = policy.next_wait(3, Some(503), None, true, Duration::ZERO);
            assert!(within(third, ms(200), ms(400)), "{third:?}");
        }
    }

    #[test]
    fn waits_are_spread_so_clients_do_not_retry_in_lock_step() {
        let policy = RetryPolicy::default();
        let waits: std::collections::BTreeSet<Duration> = (0..32)
            .filter_map(|_| policy.next_wait(2, Some(503), None, true, Duration::ZERO))
            .collect();
        assert!(waits.len() > 16, "{waits:?}");
        let after: std::collections::BTreeSet<Duration> = (0..32)
            .filter_map(|_| policy.next_wait(1, Some(429), Some(S), true, Duration::ZERO))
            .collect();
        assert!(after.len() > 16, "{after:?}");
    }

    #[test]
    fn an_absurd_retry_after_ends_the_retries_without_overflow() {
        let huge = Some(Duration::from_secs(u64::MAX));
        assert_eq!(
            RetryPolicy::default().next_wait(1, Some(429), huge, true, S),
            None
        );
    }

    #[test]
    fn attempts_and_total_wait_are_bounded() {
        let policy = RetryPolicy::default()
            .max_attempts(2)
            .max_total_wait(10 * S);
        assert_eq!(
            policy.next_wait(2, Some(503), None, true, Duration::ZERO),
            None
        );
        assert_eq!(
            policy.next_wait(1, Some(429), Some(11 * S), true, Duration::ZERO),
            None
        );
        assert_eq!(
            policy.next_wait(1, Some(429), Some(4 * S), true, 7 * S),
            None
        );
        assert_eq!(
            RetryPolicy::none().next_wait(1, Some(429), None, true, Duration::ZERO),
            None
        );
    }
}
