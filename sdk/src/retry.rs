//! When a failed request is sent again: 429 (honouring `Retry-After`), and for idempotent
//! requests 502/503/504 and connection failures, with exponential backoff; attempts and
//! total waiting time are bounded.

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
    /// each attempt.
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
            Some(_) => false,
        };
        if !retryable || attempt >= self.max_attempts {
            return None;
        }
        let backoff = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(attempt - 1));
        let wait = retry_after.unwrap_or(backoff);
        (waited.saturating_add(wait) <= self.max_total_wait).then_some(wait)
    }
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
        assert_eq!(
            policy.next_wait(1, Some(406), None, true, Duration::ZERO),
            None
        );
    }

    #[test]
    fn honours_retry_after_and_backs_off_exponentially() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(100));
        assert_eq!(
            policy.next_wait(1, Some(429), Some(3 * S), true, Duration::ZERO),
            Some(3 * S)
        );
        assert_eq!(
            policy.next_wait(1, Some(503), None, true, Duration::ZERO),
            Some(Duration::from_millis(100))
        );
        assert_eq!(
            policy.next_wait(3, Some(503), None, true, Duration::ZERO),
            Some(Duration::from_millis(400))
        );
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
