//! Which version the client's PCE runs: the one its builder names, else the one the PCE
//! reports (at a password login, or in its product-version answer). The client's
//! [`ReleaseTable`](crate::ReleaseTable) turns it into the release requests are checked
//! against.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::RwLock;

use tokio::sync::OnceCell;

use crate::error::{Error, Result};
use crate::release_table::{numbers, parts};

/// The PCE's version, as far as the client knows it.
#[derive(Debug)]
pub(crate) struct ReleaseChoice {
    /// Named by the builder: wins over what the PCE reports.
    pinned: Option<String>,
    /// What the PCE reported last.
    reported: RwLock<Option<String>>,
    /// Set once the PCE's product version was asked for: one lookup, which every task that
    /// needs the version waits for.
    pub(crate) asked: OnceCell<()>,
    /// Whether the PCE being older than every release was said already (said once).
    warned: AtomicBool,
}

impl ReleaseChoice {
    /// Follows what the PCE reports, or `pinned` if given; a `pinned` that does not read as
    /// a version (`25.2.20`, `24.1`) is an error.
    pub(crate) fn new(pinned: Option<&str>) -> Result<Self> {
        if let Some(pinned) = pinned.filter(|p| parts(p).is_none()) {
            return Err(Error::Config {
                reason: format!(
                    "the release {pinned:?} is not a PCE version (major.minor or major.minor.patch)"
                ),
            });
        }
        Ok(Self {
            pinned: pinned.map(str::to_owned),
            reported: RwLock::new(None),
            asked: OnceCell::new(),
            warned: AtomicBool::new(false),
        })
    }

    /// Records the version the PCE reports, e.g. `25.2.20`.
    pub(crate) fn reported(&self, pce_version: &str) {
        if parts(pce_version).is_none() {
            tracing::warn!(
                pce_version,
                "cannot tell which release the PCE's version is; requests are checked against the newest"
            );
            return;
        }
        if let Some(pinned) = self
            .pinned
            .as_deref()
            .filter(|pinned| !numbers(pce_version).starts_with(&numbers(pinned)))
        {
            tracing::warn!(
                pce_version,
                pinned,
                "the PCE reports another version than the client was built for; requests are checked against the client's"
            );
        }
        if let Ok(mut reported) = self.reported.write() {
            *reported = Some(pce_version.to_owned());
        }
    }

    /// The PCE's version: the pinned one, else the last one reported.
    pub(crate) fn pce_version(&self) -> Option<String> {
        if let Some(pinned) = &self.pinned {
            return Some(pinned.clone());
        }
        self.reported.read().ok().and_then(|r| r.clone())
    }

    /// `true` the first time it is called: the PCE's age is to be warned about.
    pub(crate) fn warn_once(&self) -> bool {
        !self.warned.swap(true, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builders_release_wins_over_the_reported_one() {
        let choice = ReleaseChoice::new(None).expect("no pin");
        assert_eq!(choice.pce_version(), None, "nothing before any login");
        choice.reported("23.3.2");
        assert_eq!(choice.pce_version().as_deref(), Some("23.3.2"));
        choice.reported("not a version");
        assert_eq!(
            choice.pce_version().as_deref(),
            Some("23.3.2"),
            "an unreadable version changes nothing"
        );

        let pinned = ReleaseChoice::new(Some("24.1")).expect("a version");
        pinned.reported("25.2.20");
        assert_eq!(pinned.pce_version().as_deref(), Some("24.1"));
    }

    #[test]
    fn a_pin_names_the_reported_version_when_its_numbers_lead_it() {
        assert!(numbers("24.1.6").starts_with(&numbers("24.1")));
        assert!(numbers("25.2.10-1000").starts_with(&numbers("25.2.10")));
        assert!(!numbers("25.2.20").starts_with(&numbers("25.2.10")));
        assert!(!numbers("24.1").starts_with(&numbers("24.1.6")));
    }

    #[test]
    fn a_release_that_is_not_a_version_is_refused() {
        let error = ReleaseChoice::new(Some("latest")).expect_err("not a version");
        assert!(
            error
                .to_string()
                .contains("\"latest\" is not a PCE version"),
            "{error}"
        );
    }
}
