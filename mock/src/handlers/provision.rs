//! Draft policy and provisioning: `GET …/sec_policy/pending` lists the draft objects whose
//! active copy differs (`create`, `update`, or `delete` when only the active copy is left),
//! and `POST …/sec_policy` copies them to `…/sec_policy/active/…` (all of them, or the
//! `change_subset`) as a new policy version.
//!
//! A draft object is the object at `…/sec_policy/draft/<type>/<id>` (or
//! `…/draft/<type>` for a single one such as `firewall_settings`) with everything stored
//! below it (a rule set's rules); its active copy has every draft href in it made active.
//! The mock's choices where the documents are silent: a subset naming an object with no
//! pending change is refused with the recorded PCE answer (`not_acceptable_error`); a subset
//! that leaves out a pending object one of its objects refers to is refused with
//! `input_validation_error` naming what is missing; provisioning everything with nothing
//! pending makes a version that provisions nothing.

use std::collections::{BTreeMap, BTreeSet};

use hyper::StatusCode;
use serde_json::{json, Value};

use crate::reply::Reply;
use crate::state::Shared;

/// What changed in one draft object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    Create,
    Update,
    Delete,
}

impl Change {
    fn name(self) -> &'static str {
        match self {
            Change::Create => "create",
            Change::Update => "update",
            Change::Delete => "delete",
        }
    }
}

/// What is stored below one object, by href.
type Stored = BTreeMap<String, Value>;

/// The hrefs of one org's draft and active policy.
struct Policy {
    draft: String,
    active: String,
}

impl Policy {
    fn of(shared: &Shared) -> Self {
        let base = format!("/orgs/{}/sec_policy", shared.org_id);
        Self {
            draft: format!("{base}/draft/"),
            active: format!("{base}/active/"),
        }
    }

    /// The draft object an href of either side belongs to: `…/draft/<type>/<id>`.
    fn object_of(&self, href: &str) -> Option<String> {
        let rest = href
            .strip_prefix(&self.draft)
            .or_else(|| href.strip_prefix(&self.active))?;
        let top: Vec<&str> = rest.split('/').take(2).collect();
        Some(format!("{}{}", self.draft, top.join("/")))
    }

    /// `value` with every draft href in it made active.
    fn activated(&self, value: &Value) -> Value {
        match value {
            Value::String(text) => match text.strip_prefix(&self.draft) {
                Some(rest) => Value::String(format!("{}{rest}", self.active)),
                None => value.clone(),
            },
            Value::Array(items) => Value::Array(items.iter().map(|v| self.activated(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.activated(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// The active href of a draft one.
    fn active_href(&self, draft: &str) -> String {
        draft.replacen(&self.draft, &self.active, 1)
    }

    /// Every draft object with a pending change.
    fn pending(&self, objects: &BTreeMap<String, Value>) -> BTreeMap<String, Change> {
        // Per draft object: what is stored below it on each side, as the active side has it.
        let mut sides: BTreeMap<String, (Stored, Stored)> = BTreeMap::new();
        for (href, value) in objects {
            let Some(object) = self.object_of(href) else {
                continue;
            };
            let (draft, active) = sides.entry(object).or_default();
            if href.starts_with(&self.draft) {
                draft.insert(self.active_href(href), self.activated(value));
            } else {
                active.insert(href.clone(), value.clone());
            }
        }
        sides
            .into_iter()
            .filter_map(|(object, (draft, active))| {
                let change = match (draft.is_empty(), active.is_empty()) {
                    (false, true) => Change::Create,
                    (true, false) => Change::Delete,
                    _ if draft != active => Change::Update,
                    _ => return None,
                };
                Some((object, change))
            })
            .collect()
    }

    /// The pending draft objects that `object`'s draft refers to.
    fn dependencies(
        &self,
        objects: &BTreeMap<String, Value>,
        object: &str,
        pending: &BTreeMap<String, Change>,
    ) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let below = format!("{object}/");
        let parts = objects
            .iter()
            .filter(|(href, _)| *href == object || href.starts_with(&below));
        for (_, value) in parts {
            collect_refs(value, &mut |text| {
                if let Some(other) = self.object_of(text).filter(|o| o != object) {
                    if text.starts_with(&self.draft) && pending.contains_key(&other) {
                        found.insert(other);
                    }
                }
            });
        }
        found
    }
}

/// Calls `each` with every string in `value`.
fn collect_refs(value: &Value, each: &mut impl FnMut(&str)) {
    match value {
        Value::String(text) => each(text),
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, each)),
        Value::Object(map) => map.values().for_each(|v| collect_refs(v, each)),
        _ => {}
    }
}

/// `GET …/sec_policy/pending`: the pending changes by object type.
pub(crate) fn pending(shared: &Shared) -> Reply {
    let policy = Policy::of(shared);
    let store = shared.store();
    let mut by_kind: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (object, change) in policy.pending(&store.objects) {
        let kind = object[policy.draft.len()..]
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let stored = store
            .objects
            .get(&object)
            .or_else(|| store.objects.get(&policy.active_href(&object)));
        let mut entry = json!({"href": object, "update_type": change.name()});
        for property in ["name", "updated_at", "updated_by"] {
            if let Some(value) = stored.and_then(|s| s.get(property)) {
                entry[property] = value.clone();
            }
        }
        by_kind.entry(kind).or_default().push(entry);
    }
    Reply::json(StatusCode::OK, &json!(by_kind))
}

/// `POST …/sec_policy`: provisions what `body` asks for (all pending changes, or its
/// `change_subset`) as user `user_id`.
pub(crate) fn provision(shared: &Shared, body: Option<Value>, user_id: i64) -> Reply {
    let body = body.unwrap_or(Value::Null);
    let policy = Policy::of(shared);
    let mut store = shared.store();
    let pending = policy.pending(&store.objects);
    let chosen: Vec<String> = match body.get("change_subset").and_then(Value::as_object) {
        None => pending.keys().cloned().collect(),
        Some(subset) => subset
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|reference| reference["href"].as_str())
            .map(str::to_owned)
            .collect(),
    };
    if chosen.iter().any(|href| !pending.contains_key(href)) {
        return Reply::error(
            StatusCode::NOT_ACCEPTABLE,
            "not_acceptable_error",
            "Not Acceptable. One or more specified objects either don't exist, or do not have a draft version.",
        );
    }
    let chosen_set: BTreeSet<&String> = chosen.iter().collect();
    let missing: BTreeSet<String> = chosen
        .iter()
        .flat_map(|object| policy.dependencies(&store.objects, object, &pending))
        .filter(|dependency| !chosen_set.contains(dependency))
        .collect();
    if !missing.is_empty() {
        let missing: Vec<String> = missing.into_iter().collect();
        return refused(format!(
            "The change subset is not closed under dependencies; it needs {}",
            missing.join(", ")
        ));
    }
    for object in &chosen {
        let active = policy.active_href(object);
        let below = |href: &String| href == &active || href.starts_with(&format!("{active}/"));
        store.objects.retain(|href, _| !below(href));
        let drafts: Vec<(String, Value)> = store
            .objects
            .iter()
            .filter(|(href, _)| *href == object || href.starts_with(&format!("{object}/")))
            .map(|(href, value)| (policy.active_href(href), policy.activated(value)))
            .collect();
        store.objects.extend(drafts);
    }
    store.policy_version += 1;
    let version = store.policy_version;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for href in store.objects.keys() {
        if let Some(rest) = href.strip_prefix(&policy.active) {
            if rest.split('/').count() <= 2 {
                let kind = rest.split('/').next().unwrap_or_default().to_owned();
                *counts.entry(kind).or_default() += 1;
            }
        }
    }
    drop(store);
    let provisioned: Vec<String> = chosen.iter().map(|o| policy.active_href(o)).collect();
    Reply::json(
        StatusCode::CREATED,
        &json!({
            "href": format!("/orgs/{}/sec_policy/{version}", shared.org_id),
            "version": version,
            "commit_message": body.get("update_description").cloned().unwrap_or(Value::Null),
            "created_at": shared.clock.rfc3339(shared.clock.now()),
            "created_by": {"href": format!("/users/{user_id}")},
            "object_counts": counts,
            "provisioned_hrefs": provisioned,
            "workloads_affected": 0,
        }),
    )
}

/// A provisioning request the PCE refuses, with `message`.
fn refused(message: String) -> Reply {
    Reply::error(
        StatusCode::NOT_ACCEPTABLE,
        "input_validation_error",
        message,
    )
}
