//! Bulk workload operations (`PUT …/workloads/bulk_create`, `bulk_update`, `bulk_delete`):
//! one result per item, in order, `{"href", "status"}` or, for an item that failed,
//! `{"href"?, "status": "validation_failure", "token", "message"}` (the shape PCE tools
//! read). A call works `bulk_item_time` per item before it answers, and while it works
//! another bulk call of the org gets a 429. The 1,000-item cap is the request schema's
//! `maxItems` (a 406, like any invalid body).
//!
//! The mock's choices where the documents are silent: an item fails when one of its `labels`
//! is not a stored object (`invalid_uri`), or, for an update or a delete, when its `href` is
//! not a stored workload (`not_found`).

use std::collections::BTreeMap;
use std::time::Duration;

use hyper::header::RETRY_AFTER;
use hyper::StatusCode;
use serde_json::{json, Map, Value};

use crate::reply::Reply;
use crate::state::{Shared, Store};

/// A bulk operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bulk {
    Create,
    Update,
    Delete,
}

impl Bulk {
    /// The bulk operation of a path template, if it is one.
    pub(crate) fn of(template: &str) -> Option<Self> {
        match template {
            "/orgs/{org_id}/workloads/bulk_create" => Some(Self::Create),
            "/orgs/{org_id}/workloads/bulk_update" => Some(Self::Update),
            "/orgs/{org_id}/workloads/bulk_delete" => Some(Self::Delete),
            _ => None,
        }
    }
}

/// Serves `bulk` on the workloads collection `workloads` (`/orgs/1/workloads`) with the
/// validated `body` (an array of objects).
pub(crate) fn serve(shared: &Shared, bulk: Bulk, workloads: &str, body: Option<Value>) -> Reply {
    let items = match body {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    let now = shared.clock.now();
    let mut store = shared.store();
    if let Some(refused) = busy(&store, now) {
        return refused;
    }
    let work = shared.bulk_item_time * u32::try_from(items.len()).unwrap_or(u32::MAX);
    store.bulk_until = now + work;
    let mut results = Vec::with_capacity(items.len());
    for item in items {
        let result = match bulk {
            Bulk::Create => {
                store.last_object_id += 1;
                let href = format!(
                    "{workloads}/00000000-0000-4000-8000-{:012x}",
                    store.last_object_id
                );
                apply(&mut store.objects, item, &href, None, "created")
            }
            Bulk::Update | Bulk::Delete => {
                let href = item["href"].as_str().unwrap_or_default().to_owned();
                let stored = href
                    .strip_prefix(workloads)
                    .filter(|rest| rest.starts_with('/'))
                    .and_then(|_| store.objects.get(&href).cloned());
                match (stored, bulk) {
                    (None, _) => failed(&href, "not_found", format!("{href} does not exist")),
                    (Some(_), Bulk::Delete) => {
                        store.objects.remove(&href);
                        json!({"href": href, "status": "deleted"})
                    }
                    (Some(stored), _) => {
                        apply(&mut store.objects, item, &href, Some(stored), "updated")
                    }
                }
            }
        };
        results.push(result);
    }
    drop(store);
    Reply::json(StatusCode::OK, &Value::Array(results)).held_for(work)
}

/// The 429 of a bulk call at `now` (mock time) while another one works, with the seconds it
/// has left as `Retry-After`.
pub(crate) fn busy(store: &Store, now: Duration) -> Option<Reply> {
    let left = store
        .bulk_until
        .checked_sub(now)
        .filter(|left| !left.is_zero())?;
    let secs = (left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1);
    let refused = Reply::error(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests_error",
        "Another bulk operation is in progress for this organization",
    );
    Some(refused.number_header(RETRY_AFTER, secs))
}

/// Stores `item` at `href` over `stored`, unless a label it names is not stored; the
/// item's result.
fn apply(
    objects: &mut BTreeMap<String, Value>,
    item: Value,
    href: &str,
    stored: Option<Value>,
    status: &str,
) -> Value {
    let Value::Object(properties) = item else {
        return failed(
            href,
            "invalid_object",
            "the item is not an object".to_owned(),
        );
    };
    let missing = properties
        .get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|label| label["href"].as_str())
        .find(|label| !objects.contains_key(*label));
    if let Some(label) = missing {
        let href = if status == "created" { "" } else { href };
        return failed(href, "invalid_uri", format!("Invalid URI: {{{label}}}"));
    }
    let mut object = match stored {
        Some(Value::Object(object)) => object,
        _ => Map::new(),
    };
    object.extend(properties);
    object.insert("href".to_owned(), Value::String(href.to_owned()));
    objects.insert(href.to_owned(), Value::Object(object));
    json!({"href": href, "status": status})
}

/// The result of an item that failed (with its `href`, when it has one).
fn failed(href: &str, token: &str, message: String) -> Value {
    let mut result = json!({"status": "validation_failure", "token": token, "message": message});
    if !href.is_empty() {
        result["href"] = Value::String(href.to_owned());
    }
    result
}
