//! Which supported release's schemas a client checks its requests against: the one its
//! builder names, else the one its PCE reports at login, else the newest.
//!
//! A PCE reports its version (`25.2.20`) in the login response; the release that describes
//! it is the newest supported one not newer than it (`25.2`; a `24.5` PCE gets `24.1`, whose
//! schemas it still accepts, and a PCE newer than every supported release gets the newest).
//! A PCE older than every supported release is checked against the oldest, with a warning.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};
use crate::releases::RELEASES;

/// The release a client's requests are checked against.
#[derive(Debug)]
pub(crate) struct ReleaseChoice {
    /// Named by the builder: wins over what the PCE reports.
    pinned: Option<&'static str>,
    /// The index in `RELEASES` + 1 of the release the PCE reported; 0 before any login.
    reported: AtomicUsize,
}

impl ReleaseChoice {
    /// Checks against the release the PCE reports, or `pinned` if given; an unknown
    /// `pinned` release is an error.
    pub(crate) fn new(pinned: Option<&str>) -> Result<Self> {
        let pinned = pinned.map(known).transpose()?;
        Ok(Self {
            pinned,
            reported: AtomicUsize::new(0),
        })
    }

    /// Records the version the PCE reports, e.g. `25.2.20`.
    pub(crate) fn reported(&self, pce_version: &str) {
        let Some(index) = release_index(pce_version) else {
            tracing::warn!(
                pce_version,
                "cannot tell which release the PCE's version is; requests are checked against the newest"
            );
            return;
        };
        if let Some(pinned) = self.pinned.filter(|pinned| *pinned != RELEASES[index]) {
            tracing::warn!(
                pce_version,
                pinned,
                "the PCE runs another release than the client was built for; requests are checked against the client's"
            );
        }
        self.reported.store(index + 1, Ordering::Relaxed);
    }

    /// The release requests are checked against now.
    pub(crate) fn current(&self) -> &'static str {
        if let Some(pinned) = self.pinned {
            return pinned;
        }
        match self.reported.load(Ordering::Relaxed) {
            0 => newest(),
            n => RELEASES.get(n - 1).copied().unwrap_or_else(newest),
        }
    }
}

/// `release` as the table spells it, or [`Error::UnknownRelease`] listing the known ones.
pub(crate) fn known(release: &str) -> Result<&'static str> {
    RELEASES
        .iter()
        .copied()
        .find(|known| *known == release)
        .ok_or_else(|| Error::UnknownRelease {
            release: release.to_owned(),
            known: RELEASES.iter().map(|r| (*r).to_owned()).collect(),
        })
}

/// The newest release of the table.
pub(crate) fn newest() -> &'static str {
    RELEASES.last().copied().unwrap_or_default()
}

/// The index of the release that describes a PCE of `version`, if the version reads as
/// `<major>.<minor>…`.
fn release_index(version: &str) -> Option<usize> {
    let pce = major_minor(version)?;
    let not_newer = RELEASES
        .iter()
        .rposition(|release| major_minor(release).is_some_and(|r| r <= pce));
    match not_newer {
        Some(index) => Some(index),
        None => {
            tracing::warn!(
                version,
                "the PCE is older than every supported release; requests are checked against the oldest"
            );
            (!RELEASES.is_empty()).then_some(0)
        }
    }
}

/// `25.2.20-1000` → `(25, 2)`.
fn major_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split(|c: char| !c.is_ascii_digit());
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pce_version_is_checked_against_the_newest_release_not_newer_than_it() {
        let release = |version: &str| release_index(version).map(|i| RELEASES[i]);
        assert_eq!(release("25.2.20"), Some("25.2"));
        assert_eq!(release("25.2.10-1000"), Some("25.2"));
        assert_eq!(release("24.5.0"), Some("24.1"));
        assert_eq!(release("24.1"), Some("24.1"));
        assert_eq!(release("26.1.0"), Some("25.2"));
        assert_eq!(release("23.5.1"), Some("23.3"));
        assert_eq!(
            release("22.5.0"),
            Some("23.3"),
            "older than all: the oldest"
        );
        assert_eq!(release("unknown"), None);
    }

    #[test]
    fn the_builders_release_wins_over_the_reported_one() {
        let choice = ReleaseChoice::new(None).expect("no pin");
        assert_eq!(choice.current(), "25.2", "the newest before any login");
        choice.reported("23.3.2");
        assert_eq!(choice.current(), "23.3");
        choice.reported("not a version");
        assert_eq!(
            choice.current(),
            "23.3",
            "an unreadable version changes nothing"
        );

        let pinned = ReleaseChoice::new(Some("24.1")).expect("a known release");
        pinned.reported("25.2.20");
        assert_eq!(pinned.current(), "24.1");
    }

    #[test]
    fn an_unknown_release_is_refused() {
        let error = ReleaseChoice::new(Some("19.3")).expect_err("unknown");
        assert!(
            matches!(&error, Error::UnknownRelease { release, .. } if release == "19.3"),
            "{error:?}"
        );
    }
}
