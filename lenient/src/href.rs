//! [`Href`]: the address the PCE gives every object (`/orgs/1/workloads/3f2…`), and every
//! reference between objects (`{"href": "/orgs/1/labels/7"}`) is one. Generated types hold
//! hrefs as this type, in what a PCE answers and in what is sent to it, and the generated
//! client's methods on one object take the object's `Href`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::accept::Accept;

/// The href of a PCE object, as the PCE wrote it.
///
/// ```
/// use illumio_pce_lenient::Href;
///
/// let href: Href = serde_json::from_str(r#""/orgs/1/labels/7""#)?;
/// assert_eq!(href, "/orgs/1/labels/7");
/// assert_eq!(href.id(), "7");
/// assert_eq!(serde_json::to_string(&href)?, r#""/orgs/1/labels/7""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Href(String);

impl Href {
    /// The href as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Its last segment: the object's id among its kind (`7` of `/orgs/1/labels/7`).
    pub fn id(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or_default()
    }
}

impl fmt::Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Href {
    type Err = std::convert::Infallible;

    fn from_str(href: &str) -> Result<Self, Self::Err> {
        Ok(Self(href.to_owned()))
    }
}

impl From<String> for Href {
    fn from(href: String) -> Self {
        Self(href)
    }
}

impl From<&str> for Href {
    fn from(href: &str) -> Self {
        Self(href.to_owned())
    }
}

impl From<Href> for String {
    fn from(href: Href) -> Self {
        href.0
    }
}

impl std::ops::Deref for Href {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Href {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Href {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Href {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Accept for Href {
    fn str(value: &str) -> Option<Self> {
        Some(Self(value.to_owned()))
    }
    fn string(value: String) -> Result<Self, String> {
        Ok(Self(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Read;

    #[test]
    fn a_value_that_is_not_a_string_does_not_read_as_an_href() {
        let read = Read::<Href>::from_value(&serde_json::json!(7));
        assert_eq!(read, Read::Unfit(Box::new(serde_json::json!(7))));
        let read = Read::<Href>::from_value(&serde_json::json!("/orgs/1/labels/7"));
        assert_eq!(read, Read::Fit(Href::from("/orgs/1/labels/7")));
    }
}
