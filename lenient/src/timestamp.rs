//! [`Timestamp`]: a `date-time` a PCE sent, as a [`chrono::DateTime<Utc>`] that also keeps the
//! text it was read from, so that encoding gives back exactly what was read
//! (`2026-01-01T00:00:00.000Z` stays that, not `2026-01-01T00:00:00Z`).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize, Serializer};

use crate::accept::Accept;

/// An instant a PCE sent (RFC 3339), in UTC, with the text it came as.
///
/// It derefs to the [`DateTime<Utc>`]; a response's string that does not parse as RFC 3339
/// reads as no `Timestamp` at all: the field is `None` and the string is kept in the object's
/// `extra`, as every value that does not fit.
///
/// ```
/// use illumio_pce_lenient::Timestamp;
///
/// let at: Timestamp = serde_json::from_str(r#""2026-03-01T12:30:00.000+01:00""#)?;
/// assert_eq!(at.to_rfc3339(), "2026-03-01T11:30:00+00:00");
/// assert_eq!(serde_json::to_string(&at)?, r#""2026-03-01T12:30:00.000+01:00""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    at: DateTime<Utc>,
    text: String,
}

impl Timestamp {
    /// Reads `text` as RFC 3339; `None` when it is not.
    pub fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }

    /// The instant.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The text it was read from (or written as, for one made from a `DateTime`).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(at: DateTime<Utc>) -> Self {
        Self {
            at,
            text: at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        }
    }
}

impl std::ops::Deref for Timestamp {
    type Target = DateTime<Utc>;

    fn deref(&self) -> &DateTime<Utc> {
        &self.at
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Timestamp {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let at = DateTime::parse_from_rfc3339(text)?.with_timezone(&Utc);
        Ok(Self {
            at,
            text: text.to_owned(),
        })
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(D::Error::custom)
    }
}

impl Accept for Timestamp {
    fn str(value: &str) -> Option<Self> {
        Self::parse(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Read;
    use serde_json::json;

    #[test]
    fn what_does_not_parse_is_kept_as_it_came() {
        let read = Read::<Timestamp>::from_value(&json!("yesterday"));
        assert_eq!(read, Read::Unfit(Box::new(json!("yesterday"))));
        let read = Read::<Timestamp>::from_value(&json!("2026-01-01T00:00:00Z"));
        let at = read.fit().expect("parses");
        assert_eq!(at.timestamp(), 1_767_225_600);
    }

    #[test]
    fn a_timestamp_made_from_an_instant_is_written_in_rfc_3339() {
        let at = DateTime::from_timestamp(1_767_225_600, 0).expect("in range");
        let json = serde_json::to_string(&Timestamp::from(at)).expect("encodes");
        assert_eq!(json, r#""2026-01-01T00:00:00Z""#);
    }
}
