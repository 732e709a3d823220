//! Provisioning: what draft policy is pending (`GET /orgs/{org_id}/sec_policy/pending`), and
//! provisioning all of it or a subset given by hrefs (`POST /orgs/{org_id}/sec_policy`),
//! which answers the new policy version. A subset the PCE refuses (not closed under its
//! dependencies, or naming an object with no draft change) is an [`Error::Api`] with the
//! PCE's error tokens.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::{Href, Timestamp};

/// One pending change of draft policy, read leniently (what the PCE sends besides these is
/// in `extra`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PendingChange {
    /// The draft object's href.
    pub href: Option<Href>,
    /// Its name.
    pub name: Option<String>,
    /// `create`, `update` or `delete`.
    pub update_type: Option<String>,
    /// When it was last changed.
    pub updated_at: Option<Timestamp>,
    /// The rest of what the PCE sent.
    pub extra: illumio_pce_lenient::Extra,
}
illumio_pce_lenient::object!(PendingChange {
    0 href: "href",
    1 name: "name",
    2 update_type: "update_type",
    3 updated_at: "updated_at"
});

/// The draft changes not provisioned yet, by object type (`rule_sets`, `ip_lists`, …).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PendingChanges(pub BTreeMap<String, Vec<PendingChange>>);

impl PendingChanges {
    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(Vec::is_empty)
    }

    /// Every pending change, with its object type.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &PendingChange)> {
        self.0
            .iter()
            .flat_map(|(kind, changes)| changes.iter().map(move |change| (kind.as_str(), change)))
    }
}

/// A policy version, as provisioning answers it (read leniently).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicyVersionInfo {
    /// Its href, `/orgs/1/sec_policy/<version>`.
    pub href: Option<Href>,
    /// Its number.
    pub version: Option<i64>,
    /// The description given.
    pub commit_message: Option<String>,
    /// When it was made.
    pub created_at: Option<Timestamp>,
    /// The active objects it provisioned.
    pub provisioned_hrefs: Option<Vec<Href>>,
    /// How many workloads get new policy.
    pub workloads_affected: Option<i64>,
    /// The rest of what the PCE sent (`object_counts`, `created_by`, …).
    pub extra: illumio_pce_lenient::Extra,
}
illumio_pce_lenient::object!(PolicyVersionInfo {
    0 href: "href",
    1 version: "version",
    2 commit_message: "commit_message",
    3 created_at: "created_at",
    4 provisioned_hrefs: "provisioned_hrefs",
    5 workloads_affected: "workloads_affected"
});

impl Client {
    /// The draft changes not provisioned yet.
    pub async fn pending_changes(&self) -> Result<PendingChanges> {
        let answer: Option<Map<String, Value>> = self
            .get("/orgs/:org/sec_policy/pending", &[("", ""); 0])
            .await?;
        let mut pending = BTreeMap::new();
        for (kind, changes) in answer.unwrap_or_default() {
            // What is not a list of objects is not a change (lenient, like every answer).
            let Ok(changes) = serde_json::from_value::<Vec<PendingChange>>(changes) else {
                continue;
            };
            pending.insert(kind, changes);
        }
        Ok(PendingChanges(pending))
    }

    /// Provisions every pending change, described by `description`; the new policy version.
    ///
    /// ```no_run
    /// # async fn run(client: illumio_pce::Client) -> illumio_pce::Result<()> {
    /// let pending = client.pending_changes().await?;
    /// for (kind, change) in pending.iter() {
    ///     println!("{kind} {:?} {:?}", change.update_type, change.href);
    /// }
    /// if !pending.is_empty() {
    ///     let version = client.provision_all("nightly sync").await?;
    ///     println!("policy version {:?}", version.version);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn provision_all(&self, description: &str) -> Result<PolicyVersionInfo> {
        self.provision_body(json!({ "update_description": description }))
            .await
    }

    /// Provisions the pending changes of the draft objects `hrefs` (each
    /// `…/sec_policy/draft/<type>/…`); the PCE refuses a subset that leaves out something
    /// they depend on.
    pub async fn provision(&self, description: &str, hrefs: &[Href]) -> Result<PolicyVersionInfo> {
        let mut subset: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for href in hrefs {
            subset
                .entry(draft_kind(href)?)
                .or_default()
                .push(json!({ "href": href }));
        }
        self.provision_body(json!({
            "update_description": description,
            "change_subset": subset,
        }))
        .await
    }

    async fn provision_body(&self, body: Value) -> Result<PolicyVersionInfo> {
        let path = self.fill_org("/orgs/:org/sec_policy").await?;
        let response = self
            .call(Method::POST, &path, Some(body.to_string().into_bytes()))
            .await?;
        if !response.is_success() {
            return Err(response.into_error());
        }
        response
            .decode_or_null::<Option<PolicyVersionInfo>>()
            .map(Option::unwrap_or_default)
    }
}

/// The object type of a draft policy object's href: `rule_sets` of
/// `/orgs/1/sec_policy/draft/rule_sets/3`.
fn draft_kind(href: &Href) -> Result<&str> {
    let mut segments = href.split('/');
    segments
        .by_ref()
        .find(|segment| *segment == "draft")
        .and_then(|_| segments.next())
        .filter(|kind| !kind.is_empty())
        .ok_or_else(|| Error::Href {
            href: href.to_string(),
            expected: "/orgs/{org_id}/sec_policy/draft/{type}/…",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_is_grouped_by_the_type_in_each_draft_href() {
        let href = |text: &str| Href::from(text.to_owned());
        assert_eq!(
            draft_kind(&href("/orgs/1/sec_policy/draft/rule_sets/3")).expect("draft"),
            "rule_sets"
        );
        assert_eq!(
            draft_kind(&href("/orgs/1/sec_policy/draft/firewall_settings")).expect("draft"),
            "firewall_settings"
        );
        for not_draft in ["/orgs/1/sec_policy/active/rule_sets/3", "/orgs/1/labels/7"] {
            assert!(matches!(
                draft_kind(&href(not_draft)),
                Err(Error::Href { .. })
            ));
        }
    }

    #[test]
    fn pending_changes_list_by_type() {
        let pending = PendingChanges(
            serde_json::from_value::<BTreeMap<String, Vec<PendingChange>>>(json!({
                "rule_sets": [{"href": "/orgs/1/sec_policy/draft/rule_sets/3", "update_type": "create", "updated_at": null}],
                "ip_lists": []
            }))
            .expect("decodes"),
        );
        assert!(!pending.is_empty());
        let listed: Vec<(&str, Option<&str>)> = pending
            .iter()
            .map(|(kind, change)| (kind, change.update_type.as_deref()))
            .collect();
        assert_eq!(listed, [("rule_sets", Some("create"))]);
        assert!(PendingChanges::default().is_empty());
    }
}
