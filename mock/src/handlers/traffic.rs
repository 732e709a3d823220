//! Explorer traffic queries: `POST …/traffic_flows/async_queries` stores the query, which
//! is `queued`, then `working`, then `completed` (or `failed`) on the mock clock, as the
//! mock's [`JobSettings`](crate::JobSettings) say for async jobs; `GET …/{uuid}` answers it
//! with its status, and once completed `GET …/{uuid}/download` answers its flows. Answers
//! carry hrefs as PCEs send them, paths, where the schemas say `format: uri`. `PUT
//! …/{uuid}/update_rules` on a completed query asks for the draft policy's view: its `rules`
//! go through the same states, and then each flow has a `draft_policy_decision` (the mock's:
//! the same as its `policy_decision`).
//!
//! The flows are made from the stored workloads when the download is asked for: one per
//! ordered pair of workloads (source and destination with their labels' keys and values),
//! or, with [`MockConfig::traffic_flows`](crate::MockConfig::traffic_flows), that many
//! cycling over the pairs (over made-up addresses when fewer than two workloads are
//! stored); never more than the query's `max_results`. Their policy decisions cycle over the
//! query's `policy_decisions`, their services over its included services (else 443/TCP,
//! 5432/TCP, 53/UDP). Only the pairs whose ends the query's `sources` and `destinations`
//! select are used (as [`traffic_actors`](super::traffic_actors) says); a query that names
//! actors gets no made-up flows.

use std::time::Duration;

use hyper::header::RETRY_AFTER;
use hyper::StatusCode;
use serde_json::{json, Map, Value};

use super::{traffic_actors, Caller};
use crate::reply::Reply;
use crate::state::{Shared, Store};

/// The status of the query at `href` now: by the mock clock since it was submitted; a query
/// stored another way (by a test) is `completed`.
fn status(shared: &Shared, store: &Store, href: &str) -> &'static str {
    match store.query_times.get(href) {
        Some(submitted) => status_since(shared, *submitted),
        None => "completed",
    }
}

/// The status of work asked for at `since` (mock time), as the mock's job settings say.
fn status_since(shared: &Shared, since: Duration) -> &'static str {
    let age = shared.clock.now().saturating_sub(since);
    let settings = &shared.job_settings;
    if age < settings.pending {
        "queued"
    } else if age < settings.pending.saturating_add(settings.running) {
        "working"
    } else if settings.failure.is_some() {
        "failed"
    } else {
        "completed"
    }
}

/// `POST …/async_queries` on `collection`: stores `body` as a new query; 202 with it.
pub(crate) fn submit(
    shared: &Shared,
    collection: &str,
    body: Option<Value>,
    caller: &Caller,
) -> Reply {
    let now = shared.clock.now();
    let mut store = shared.store();
    store.last_object_id += 1;
    let href = format!(
        "{collection}/q0000000-0000-4000-8000-{:012x}",
        store.last_object_id
    );
    let query = json!({
        "href": href,
        "query_parameters": body.unwrap_or(Value::Null),
        "created_at": shared.clock.rfc3339(now),
        "created_by": {"href": format!("/users/{}", caller.user_id)},
    });
    store.objects.insert(href.clone(), query);
    store.query_times.insert(href.clone(), now);
    let shown = describe(shared, &store, &href);
    drop(store);
    shown.map_or_else(
        || not_found(&href),
        |shown| {
            Reply::json(StatusCode::ACCEPTED, &shown)
                .number_header(RETRY_AFTER, shared.job_settings.retry_after_secs)
        },
    )
}

/// `GET …/async_queries/{uuid}`.
pub(crate) fn get(shared: &Shared, href: &str) -> Reply {
    let store = shared.store();
    let status = status(shared, &store, href);
    let Some(shown) = describe(shared, &store, href) else {
        return not_found(href);
    };
    drop(store);
    let reply = Reply::json(StatusCode::OK, &shown);
    match status {
        "queued" | "working" => {
            reply.number_header(RETRY_AFTER, shared.job_settings.retry_after_secs)
        }
        _ => reply,
    }
}

/// `PUT …/async_queries/{uuid}/update_rules`: asks for the draft policy's view of a completed
/// query, which then works as a query does (`rules`: `queued`, `working`, `completed`).
pub(crate) fn update_rules(shared: &Shared, href: &str) -> Reply {
    let mut store = shared.store();
    if !store.objects.contains_key(href) {
        return not_found(href);
    }
    if status(shared, &store, href) != "completed" {
        return Reply::error(
            StatusCode::NOT_ACCEPTABLE,
            "not_acceptable_error",
            format!("{href} is not completed"),
        );
    }
    let now = shared.clock.now();
    store.rules_times.insert(href.to_owned(), now);
    Reply::empty(StatusCode::NO_CONTENT)
}

/// `GET …/async_queries` of `collection`: every query.
pub(crate) fn list(shared: &Shared, collection: &str) -> Reply {
    let store = shared.store();
    let prefix = format!("{collection}/");
    let all: Vec<Value> = store
        .objects
        .keys()
        .filter(|href| {
            href.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.contains('/'))
        })
        .filter_map(|href| describe(shared, &store, href))
        .collect();
    drop(store);
    Reply::json(StatusCode::OK, &Value::Array(all))
}

/// `DELETE …/async_queries/{uuid}`.
pub(crate) fn delete(shared: &Shared, href: &str) -> Reply {
    let mut store = shared.store();
    store.query_times.remove(href);
    match store.objects.remove(href) {
        Some(_) => Reply::empty(StatusCode::NO_CONTENT),
        None => not_found(href),
    }
}

/// `GET …/async_queries/{uuid}/download`: the flows, once the query completed.
pub(crate) fn download(shared: &Shared, href: &str) -> Reply {
    let store = shared.store();
    let Some(query) = store.objects.get(href) else {
        return not_found(href);
    };
    if status(shared, &store, href) != "completed" {
        return Reply::error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{href} has no results: it is not completed"),
        );
    }
    let mut flows = flows(&store, shared, &query["query_parameters"]);
    let rules = store
        .rules_times
        .get(href)
        .map(|at| status_since(shared, *at));
    drop(store);
    if rules == Some("completed") {
        for flow in &mut flows {
            flow["draft_policy_decision"] = flow["policy_decision"].clone();
        }
    }
    let mut body = Vec::with_capacity(flows.len() * 512 + 2);
    body.push(b'[');
    for (i, flow) in flows.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        // A Value always serializes.
        let _ = serde_json::to_writer(&mut body, flow);
    }
    body.push(b']');
    Reply::raw(StatusCode::OK, "application/json", body)
}

/// The query at `href` as the PCE describes it, with its status (and once completed its
/// counts, or once failed its reason); `None` when it is not stored.
fn describe(shared: &Shared, store: &Store, href: &str) -> Option<Value> {
    let mut described = store.objects.get(href)?.clone();
    let status = status(shared, store, href);
    described["status"] = json!(status);
    if let Some(at) = store.rules_times.get(href) {
        described["rules"] = json!(status_since(shared, *at));
    }
    match status {
        "completed" => {
            let count = Selected::by(store, shared, &described["query_parameters"]).count;
            described["flows_count"] = json!(count);
            described["matches_count"] = json!(count);
            described["result"] = json!(format!("{href}/download"));
        }
        "failed" => {
            let message = shared.job_settings.failure.clone().unwrap_or_default();
            described["error"] = json!({"message": message});
        }
        _ => {}
    }
    Some(described)
}

/// The stored workloads, by href.
fn workloads<'a>(
    store: &'a Store,
    shared: &Shared,
) -> impl Iterator<Item = (&'a String, &'a Value)> {
    let prefix = format!("/orgs/{}/workloads/", shared.org_id);
    store.objects.iter().filter(move |(href, _)| {
        href.strip_prefix(&prefix)
            .is_some_and(|id| !id.contains('/'))
    })
}

/// The stored workloads' flow ends and the ordered pairs of them a query selects.
struct Selected {
    /// Each stored workload as a flow end.
    ends: Vec<Value>,
    /// The pairs (source, destination) of `ends` the query selects.
    pairs: Vec<(usize, usize)>,
    /// How many flows the query finds.
    count: usize,
}

impl Selected {
    /// What a query asking `asked` selects from what `store` holds.
    fn by(store: &Store, shared: &Shared, asked: &Value) -> Self {
        let ends: Vec<Value> = workloads(store, shared)
            .map(|(href, workload)| end_of(store, href, workload))
            .collect();
        let (sources, destinations) = (&asked["sources"], &asked["destinations"]);
        let pairs: Vec<(usize, usize)> = (0..ends.len())
            .filter(|a| traffic_actors::selects(store, sources, &ends[*a]))
            .flat_map(|a| {
                (0..ends.len())
                    .filter(move |b| *b != a)
                    .filter(|b| traffic_actors::selects(store, destinations, &ends[*b]))
                    .map(move |b| (a, b))
            })
            .collect();
        let made_up = ends.len() < 2
            && !traffic_actors::names_actors(sources)
            && !traffic_actors::names_actors(destinations);
        let found = if pairs.is_empty() && !made_up {
            0
        } else {
            shared.traffic_flows.unwrap_or(pairs.len())
        };
        let max = asked["max_results"].as_u64().unwrap_or(u64::MAX);
        let count = usize::try_from((found as u64).min(max)).unwrap_or(usize::MAX);
        Self { ends, pairs, count }
    }
}

/// The flows of a query asking `asked`, from what `store` holds.
fn flows(store: &Store, shared: &Shared, asked: &Value) -> Vec<Value> {
    let Selected { ends, pairs, count } = Selected::by(store, shared, asked);
    let decisions: Vec<Value> = match asked["policy_decisions"].as_array() {
        Some(asked) if !asked.is_empty() => asked.clone(),
        _ => vec![json!("allowed")],
    };
    let services: Vec<Value> = match asked["services"]["include"].as_array() {
        Some(asked) if !asked.is_empty() => asked.clone(),
        _ => vec![
            json!({"port": 443, "proto": 6}),
            json!({"port": 5432, "proto": 6}),
            json!({"port": 53, "proto": 17}),
        ],
    };
    let at = shared.clock.rfc3339(shared.clock.now());
    (0..count)
        .map(|i| {
            let (src, dst) = match pairs.get(i % pairs.len().max(1)) {
                Some((a, b)) => (ends[*a].clone(), ends[*b].clone()),
                None => (made_up(i, 1), made_up(i, 2)),
            };
            json!({
                "src": src,
                "dst": dst,
                "service": services[i % services.len()],
                "num_connections": 1 + i % 7,
                "policy_decision": decisions[i % decisions.len()],
                "flow_direction": "outbound",
                "state": "snapshot",
                "timestamp_range": {"first_detected": at, "last_detected": at},
            })
        })
        .collect()
}

/// One end of a flow at a stored workload: its first address, and the workload with its
/// labels' keys and values.
fn end_of(store: &Store, href: &str, workload: &Value) -> Value {
    let labels: Vec<Value> = workload["labels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|label| label["href"].as_str())
        .map(|label| {
            let stored = store.objects.get(label);
            json!({
                "href": label,
                "key": stored.map_or(Value::Null, |l| l["key"].clone()),
                "value": stored.map_or(Value::Null, |l| l["value"].clone()),
            })
        })
        .collect();
    let ip = workload["interfaces"][0]["address"].clone();
    let mut shown = Map::new();
    shown.insert("href".to_owned(), json!(href));
    for property in ["hostname", "name"] {
        shown.insert(property.to_owned(), workload[property].clone());
    }
    shown.insert("labels".to_owned(), Value::Array(labels));
    json!({"ip": if ip.is_null() { json!("10.0.0.1") } else { ip }, "workload": shown})
}

/// An end of flow `i` at a made-up address, for a store with fewer than two workloads.
fn made_up(i: usize, side: u8) -> Value {
    json!({"ip": format!("10.{side}.{}.{}", (i / 250) % 250, i % 250 + 1)})
}

/// The 404 of a query the mock does not have.
fn not_found(href: &str) -> Reply {
    Reply::error(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("{href} does not exist"),
    )
}
