//! Unguessable tokens from std alone: SipHash, keyed at random by `RandomState`, of a counter.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// Source of tokens, secrets and request ids. Good enough for a test server: the keys are
/// random per process and never leave it.
#[derive(Debug)]
pub(crate) struct TokenRng {
    keys: RandomState,
    counter: AtomicU64,
}

impl TokenRng {
    /// A generator with fresh random keys.
    pub(crate) fn new() -> Self {
        Self {
            keys: RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }

    fn next_u64(&self) -> u64 {
        let mut hasher = self.keys.build_hasher();
        hasher.write_u64(self.counter.fetch_add(1, Ordering::Relaxed));
        hasher.finish()
    }

    /// `len` random lowercase hexadecimal digits.
    pub(crate) fn hex(&self, len: usize) -> String {
        let mut out = String::with_capacity(len + 16);
        while out.len() < len {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(len);
        out
    }

    /// A request id shaped like a UUID, e.g. `1b4e28ba-2fa1-11d2-883f-0016d3cca427`.
    pub(crate) fn request_id(&self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }
}
