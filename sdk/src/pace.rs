//! How fast a client sends: the PCE allows 500 requests a minute per session or API key
//! and answers 429 past it, so a client (and every clone of it, on any task) paces its
//! requests to stay under the limit instead of collecting 429s. The pacing is `governor`'s
//! cell-rate algorithm.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// How many requests a client may send in any window of time.
///
/// The default is the PCE's documented limit, 500 requests in any minute. A tenth of the
/// limit may go at once; after that, requests are spaced evenly so that no window of the
/// given length ever holds more than `limit` (for 500 a minute: 50 at once, then one every
/// 133 ms).
///
/// ```
/// use std::time::Duration;
/// use illumio_pce::RequestPace;
///
/// assert_eq!(RequestPace::default(), RequestPace::at_most(500, Duration::from_secs(60)));
/// let client = illumio_pce::Client::builder("https://pce.example.com:8443")
///     .org_id(1)
///     .credentials(illumio_pce::Credentials::api_key("api_1a2b3c", "s3cr3t"))
///     .pace(RequestPace::unlimited()) // a test against a mock PCE
///     .build()?;
/// # Ok::<(), illumio_pce::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestPace(Option<(NonZeroU32, Duration)>);

impl Default for RequestPace {
    fn default() -> Self {
        Self::at_most(500, Duration::from_secs(60))
    }
}

impl RequestPace {
    /// At most `limit` requests in any `window` (a `limit` of 0 is taken as 1; an empty
    /// window as no pacing).
    pub fn at_most(limit: u32, window: Duration) -> Self {
        if window.is_zero() {
            return Self::unlimited();
        }
        Self(Some((
            NonZeroU32::MIN.saturating_add(limit.saturating_sub(1)),
            window,
        )))
    }

    /// No pacing: every request goes at once (a PCE past its limit answers 429, which is
    /// waited out as the [`RetryPolicy`](crate::RetryPolicy) says).
    pub fn unlimited() -> Self {
        Self(None)
    }

    /// The limiter that keeps this pace, or `None` when unlimited.
    pub(crate) fn limiter(self) -> Option<Arc<Pacer>> {
        let (limit, window) = self.0?;
        let burst = NonZeroU32::new(limit.get() / 10).unwrap_or(NonZeroU32::MIN);
        // burst + window / period <= limit: no window ever holds more than `limit`.
        let spaced = (limit.get() - burst.get()).max(1);
        let quota = Quota::with_period(window / spaced)?.allow_burst(burst);
        Some(Arc::new(Pacer(RateLimiter::direct(quota))))
    }
}

/// A client's limiter, shared by its clones.
pub(crate) struct Pacer(DefaultDirectRateLimiter);

impl Pacer {
    /// Waits until one more request may go.
    pub(crate) async fn ready(&self) {
        self.0.until_ready().await;
    }
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pacer")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[tokio::test]
    async fn no_window_holds_more_than_the_limit() {
        let window = Duration::from_millis(400);
        let pacer = RequestPace::at_most(20, window)
            .limiter()
            .expect("a limiter");
        let mut sent = Vec::new();
        let start = Instant::now();
        for _ in 0..45 {
            pacer.ready().await;
            sent.push(start.elapsed());
        }
        for (i, at) in sent.iter().enumerate() {
            // 5% of the window for the scheduler's delays in taking the times.
            let within = sent[i..]
                .iter()
                .take_while(|t| **t - *at < window * 19 / 20)
                .count();
            assert!(
                within <= 20,
                "{within} requests within {window:?} from {at:?}"
            );
        }
        // 2 at once, then one every 400 ms / 18.
        assert!(start.elapsed() >= window * 42 / 18, "{:?}", start.elapsed());
    }

    #[test]
    fn unlimited_and_empty_windows_do_not_pace() {
        assert!(RequestPace::unlimited().limiter().is_none());
        assert!(RequestPace::at_most(10, Duration::ZERO).limiter().is_none());
        assert!(RequestPace::at_most(0, Duration::from_secs(1))
            .limiter()
            .is_some());
    }
}
