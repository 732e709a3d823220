//! Addressing objects the way the PCE does: an object by the [`Href`] it gave it, a policy
//! version by a [`PolicyVersion`]. Generated methods on one object take its href and check it
//! against the operation's path ([`href_path`]), so no one splits an id out of an href.

use std::fmt;

use illumio_pce_lenient::Href;

use crate::error::{Error, Result};

/// Which version of the security policy an operation reads or changes: the draft being
/// edited, the active one, or a provisioned version by its number.
///
/// ```
/// use illumio_pce::PolicyVersion;
///
/// assert_eq!(PolicyVersion::Draft.to_string(), "draft");
/// assert_eq!(PolicyVersion::Version(12).to_string(), "12");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyVersion {
    /// `draft`: what provisioning would make active.
    Draft,
    /// `active`: the policy the PCE enforces.
    Active,
    /// A provisioned version, by its number.
    Version(u64),
}

impl fmt::Display for PolicyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyVersion::Draft => f.write_str("draft"),
            PolicyVersion::Active => f.write_str("active"),
            PolicyVersion::Version(number) => write!(f, "{number}"),
        }
    }
}

/// The path of `href` when it names an object of `template` (an operation's path, such as
/// `/orgs/{org_id}/workloads/{workload_id}`): the same number of segments, the literal ones
/// equal, each parameter a non-empty segment. The generated methods call it.
///
/// ```
/// use illumio_pce::{href_path, Href};
///
/// let href = Href::from("/orgs/1/sec_policy/draft/rule_sets/5");
/// let path = href_path(&href, "/orgs/{org_id}/sec_policy/{pversion}/rule_sets/{rule_set_id}");
/// assert_eq!(path.unwrap(), "/orgs/1/sec_policy/draft/rule_sets/5");
/// assert!(href_path(&href, "/orgs/{org_id}/workloads/{workload_id}").is_err());
/// ```
///
/// # Errors
///
/// [`Error::Href`] when it does not.
pub fn href_path(href: &Href, template: &'static str) -> Result<String> {
    let given = href.as_str();
    let path = given.strip_prefix("/api/v2").unwrap_or(given);
    let segments: Vec<&str> = path.split('/').collect();
    let expected: Vec<&str> = template.split('/').collect();
    let fits = segments.len() == expected.len()
        && segments.iter().zip(&expected).all(|(segment, want)| {
            if want.starts_with('{') {
                !segment.is_empty()
            } else {
                segment == want
            }
        });
    if fits {
        Ok(path.to_owned())
    } else {
        Err(Error::Href {
            href: given.to_owned(),
            expected: template,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_href_of_another_kind_or_depth_is_refused_naming_both() {
        let template = "/orgs/{org_id}/labels/{label_id}";
        for href in [
            "/orgs/1/labels",
            "/orgs/1/labels/",
            "/orgs/1/services/7",
            "labels/7",
        ] {
            let error = href_path(&Href::from(href), template).expect_err(href);
            let message = error.to_string();
            assert!(
                message.contains(href) && message.contains(template),
                "{message}"
            );
        }
        let path = href_path(&Href::from("/api/v2/orgs/1/labels/7"), template);
        assert_eq!(path.expect("fits"), "/orgs/1/labels/7");
    }
}
