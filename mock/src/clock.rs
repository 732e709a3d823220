//! The mock's clock: real time plus whatever tests added with `advance_clock`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, SecondsFormat, Utc};

/// A clock that runs with real time and can be moved forward by hand, so that tests of
/// expiry never sleep. A reading is the mock time elapsed since the mock started.
#[derive(Debug)]
pub(crate) struct MockClock {
    started: Instant,
    started_wall: SystemTime,
    advanced_nanos: AtomicU64,
}

impl MockClock {
    /// A clock that reads zero now.
    pub(crate) fn new() -> Self {
        Self {
            started: Instant::now(),
            started_wall: SystemTime::now(),
            advanced_nanos: AtomicU64::new(0),
        }
    }

    /// Mock time elapsed since the start.
    pub(crate) fn now(&self) -> Duration {
        self.started.elapsed() + Duration::from_nanos(self.advanced_nanos.load(Ordering::SeqCst))
    }

    /// Moves the clock forward (saturating: some 584 years is the most it can be moved).
    pub(crate) fn advance(&self, by: Duration) {
        let by = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        // The closure never returns None, so the update cannot fail.
        let _ = self
            .advanced_nanos
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |nanos| {
                Some(nanos.saturating_add(by))
            });
    }

    fn wall(&self, at: Duration) -> DateTime<Utc> {
        // Moves of centuries are clamped: a timestamp has four digits of year.
        let at = at.min(Duration::from_secs(1000 * 365 * 86_400));
        DateTime::<Utc>::from(self.started_wall + at)
    }

    /// A reading as the PCE writes timestamps, e.g. `2020-10-12T16:49:49.000Z`.
    pub(crate) fn rfc3339(&self, at: Duration) -> String {
        self.wall(at).to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    /// A reading as the PCE writes a user's `start`, e.g. `2017-10-12 16:49:49 UTC`.
    pub(crate) fn pce_date(&self, at: Duration) -> String {
        self.wall(at).format("%Y-%m-%d %H:%M:%S UTC").to_string()
    }
}
