//! The rate limit: at most N requests per credential per minute of mock time (a window a
//! test may shorten).
//!
//! The docs give the limit (500 per minute per session or API key) but not how the minute is
//! counted. Choice: a fixed window that starts with a credential's first request and lasts 60
//! s; `Retry-After` is the whole seconds until it ends (at least 1). Rejected requests count
//! too, so hammering does not help.

use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug)]
struct Window {
    start: Duration,
    count: u32,
}

/// Request counts per credential.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: HashMap<String, Window>,
}

impl RateLimiter {
    /// A limiter allowing `limit` requests per credential per `window`.
    pub(crate) fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            windows: HashMap::new(),
        }
    }

    /// Counts one request of `credential`. Over the limit, the seconds to wait.
    pub(crate) fn check(&mut self, credential: &str, now: Duration) -> Result<(), u64> {
        let window = self.windows.entry(credential.to_owned()).or_insert(Window {
            start: now,
            count: 0,
        });
        if now.saturating_sub(window.start) >= self.window {
            *window = Window {
                start: now,
                count: 0,
            };
        }
        window.count = window.count.saturating_add(1);
        if window.count <= self.limit {
            return Ok(());
        }
        let left = (window.start + self.window).saturating_sub(now);
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        Err(secs.max(1))
    }

    /// Forgets a credential that no longer exists.
    pub(crate) fn forget(&mut self, credential: &str) {
        self.windows.remove(credential);
    }
}
