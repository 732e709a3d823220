//! How a generated method addresses what its path's parameters stand for: the org from the
//! client, the policy version as a `PolicyVersion`, and any other object by the `Href` the PCE
//! gave it (the object the path names, or the one its collection is under).

use super::Operation;

/// How a method names what its path's parameters (other than the org) stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// No parameters but the org.
    Org,
    /// Only the policy version: an `illumio_pce::PolicyVersion`.
    Version,
    /// The href of the object the path names or is under (`object`, the path up to its last
    /// parameter), then the rest of the path (`tail`, literal).
    Href {
        /// The object's path template, e.g. `/orgs/{org_id}/workloads/{workload_id}`.
        object: String,
        /// What follows it, e.g. `/sec_rules`.
        tail: String,
    },
}

impl Operation {
    /// How the generated method takes what the operation's path parameters stand for.
    pub fn address(&self) -> Address {
        address(&self.path)
    }
}

/// The [`Address`] of `path`.
fn address(path: &str) -> Address {
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let segments: Vec<&str> = path.split('/').collect();
    let params: Vec<&str> = segments
        .iter()
        .copied()
        .filter(|s| is_param(s) && *s != "{org_id}")
        .collect();
    match params.as_slice() {
        [] => Address::Org,
        ["{pversion}"] => Address::Version,
        _ => {
            let last = segments.iter().rposition(|s| is_param(s)).unwrap_or(0);
            Address::Href {
                object: segments[..=last].join("/"),
                tail: segments[last + 1..]
                    .iter()
                    .map(|s| format!("/{s}"))
                    .collect(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_addressed_by_href_or_policy_version() {
        assert_eq!(address("/orgs/{org_id}/labels"), Address::Org);
        assert_eq!(
            address("/orgs/{org_id}/sec_policy/{pversion}/rule_sets"),
            Address::Version
        );
        assert_eq!(
            address("/orgs/{org_id}/sec_policy/{pversion}/rule_sets/{rule_set_id}/sec_rules"),
            Address::Href {
                object: "/orgs/{org_id}/sec_policy/{pversion}/rule_sets/{rule_set_id}".into(),
                tail: "/sec_rules".into(),
            }
        );
        assert_eq!(
            address("/users/{user_id}/api_keys/{api_key_id}"),
            Address::Href {
                object: "/users/{user_id}/api_keys/{api_key_id}".into(),
                tail: String::new(),
            }
        );
    }
}
