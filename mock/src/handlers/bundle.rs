//! The operations of a loaded bundle (see [`crate::bundle`]): authorization, request
//! validation, the store, and answers validated against the response schema.

use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Method, StatusCode};
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::bulk::Bulk;
use super::jobs::{prefers_async, start};
use super::traffic;
use super::{authorize, Call, Caller};
use crate::bundle::{answer, Bundle, Operation, Place, Resource};
use crate::payload::{json_pointer, parse_json_body};
use crate::reply::{Reply, X_TOTAL_COUNT};
use crate::state::Shared;

/// Serves `operation` on `href` (the request path below `/api/v2`), whose path parameters
/// are `params`.
pub(crate) fn serve(
    shared: &Shared,
    bundle: &Bundle,
    operation: &Operation,
    params: &[(String, String)],
    href: &str,
    call: &Call<'_>,
) -> Reply {
    let caller = match authorize(shared, call) {
        Ok(caller) => caller,
        Err(reply) => return reply,
    };
    let org = params.iter().find(|(name, _)| name == "org_id");
    if org.is_some_and(|(_, id)| *id != shared.org_id.to_string()) {
        return Reply::forbidden();
    }
    let body = match request_body(bundle, operation, call.body) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    match (&operation.method, operation.template.as_str()) {
        (&Method::GET, "/orgs/{org_id}/sec_policy/pending") => {
            return super::provision::pending(shared)
        }
        (&Method::POST, "/orgs/{org_id}/sec_policy") => {
            return super::provision::provision(shared, body, caller.user_id)
        }
        (&Method::POST, "/orgs/{org_id}/traffic_flows/async_queries") => {
            return traffic::submit(shared, href, body, &caller)
        }
        (&Method::GET, "/orgs/{org_id}/traffic_flows/async_queries") => {
            return traffic::list(shared, href)
        }
        (&Method::GET, "/orgs/{org_id}/traffic_flows/async_queries/{uuid}") => {
            return traffic::get(shared, href)
        }
        (&Method::DELETE, "/orgs/{org_id}/traffic_flows/async_queries/{uuid}") => {
            return traffic::delete(shared, href)
        }
        (&Method::PUT, "/orgs/{org_id}/traffic_flows/async_queries/{uuid}/update_rules") => {
            let query = href.strip_suffix("/update_rules").unwrap_or(href);
            return traffic::update_rules(shared, query);
        }
        (&Method::GET, "/orgs/{org_id}/traffic_flows/async_queries/{uuid}/download") => {
            let query = href.strip_suffix("/download").unwrap_or(href);
            return traffic::download(shared, query);
        }
        _ => {}
    }
    if (&operation.method, operation.template.as_str())
        == (&Method::PUT, "/orgs/{org_id}/workloads/bulk_import")
    {
        let workloads = href.strip_suffix("/bulk_import").unwrap_or(href);
        return super::bulk_import::serve(shared, workloads, call);
    }
    if let Some(bulk) = Bulk::of(&operation.template) {
        let workloads = href
            .rsplit_once('/')
            .map_or(href, |(collection, _)| collection);
        return super::bulk::serve(shared, bulk, workloads, body);
    }
    let answer = match (&operation.method, operation.resource) {
        (&Method::GET, Resource::Collection { .. }) => {
            return list(shared, bundle, operation, href, call, &caller)
        }
        (&Method::POST, Resource::Collection { integer_ids }) => {
            return create(shared, bundle, operation, href, body, integer_ids)
        }
        (&Method::GET, Resource::Instance) => match shared.store().objects.get(href) {
            Some(stored) => stored.clone(),
            None => return not_found(href),
        },
        (&Method::GET, _) => stored_or_null(shared, href),
        (&Method::PUT, resource) => {
            let mut store = shared.store();
            let stored = store.objects.get(href).cloned();
            if stored.is_none() && resource == Resource::Instance {
                return not_found(href);
            }
            let updated = update(stored, body, href);
            store.objects.insert(href.to_owned(), updated.clone());
            updated
        }
        (&Method::DELETE, resource) => {
            let removed = shared.store().objects.remove(href);
            if removed.is_none() && resource == Resource::Instance {
                return not_found(href);
            }
            removed.unwrap_or(Value::Null)
        }
        _ => body.unwrap_or(Value::Null),
    };
    let place = if operation.method == Method::GET && operation.resource == Resource::Instance {
        bundle.instance_place(operation)
    } else {
        operation.response.as_deref().map(Place::file)
    };
    answer_with(
        bundle,
        operation.status,
        place.as_ref(),
        &answer,
        &operation.method,
        shared,
    )
}

/// The request body, parsed and valid for the operation's request schema (`None` when the
/// operation takes none), else the 406 saying why.
fn request_body(
    bundle: &Bundle,
    operation: &Operation,
    body: &[u8],
) -> Result<Option<Value>, Reply> {
    let Some(file) = &operation.request else {
        return Ok(None);
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let place = Place::file(file);
    let expected = match bundle.schemas.get(&place).map(|s| &s["type"]) {
        Some(Value::String(kind)) => kind.clone(),
        _ => "object".to_owned(),
    };
    let value = parse_json_body(body, &expected, name).map_err(|d| Reply::invalid_input(&d))?;
    let violations = bundle
        .schemas
        .violations(&place, &value)
        .map_err(|reason| {
            Reply::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "mock_schema_error",
                reason,
            )
        })?;
    if violations.is_empty() {
        return Ok(Some(value));
    }
    let details: Vec<String> = violations
        .iter()
        .map(|v| {
            format!(
                "The property '{}' {} in schema {name}",
                json_pointer(&v.pointer),
                v.message
            )
        })
        .collect();
    Err(Reply::invalid_input(&details.join("; ")))
}

/// The most objects a synchronous collection `GET` answers (REST API guide, "REST API
/// Limits"); `X-Total-Count` tells how many there are.
const SYNC_LIMIT: usize = 500;

/// `GET` of a collection: the stored objects directly below it, in id order, at most
/// `max_results` of them; synchronously at most [`SYNC_LIMIT`], all through an async job
/// (`Prefer: respond-async`). Query filters are not applied.
fn list(
    shared: &Shared,
    bundle: &Bundle,
    operation: &Operation,
    href: &str,
    call: &Call<'_>,
    caller: &Caller,
) -> Reply {
    let Some(place) = bundle.item_place(&operation.template) else {
        return mock_bug(format!("{} has no response schema", operation.template));
    };
    let prefix = format!("{href}/");
    let asked = max_results(call.query).unwrap_or(usize::MAX);
    let respond_async = prefers_async(call);
    let limit = if respond_async {
        asked
    } else {
        asked.min(SYNC_LIMIT)
    };
    let store = shared.store();
    let mut below: Vec<(&str, &Value)> = store
        .objects
        .iter()
        .filter(|(key, _)| {
            key.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.contains('/'))
        })
        .map(|(key, object)| (key.as_str(), object))
        .collect();
    // In id order: `/labels/9` before `/labels/10` (ids of one kind have one length).
    below.sort_by_key(|(key, _)| (key.len(), *key));
    let total = below.len() as u64;
    let stored: Vec<Value> = below
        .into_iter()
        .take(limit)
        .map(|(_, object)| joined(&store.objects, object))
        .collect();
    drop(store);
    let mut items = Vec::with_capacity(stored.len());
    for object in &stored {
        match answer(&bundle.schemas, &place, object, shared.unset) {
            Ok(item) => items.push(item),
            Err(reason) => return mock_bug(reason),
        }
    }
    if respond_async {
        return start(shared, caller, href, items);
    }
    Reply::json(StatusCode::OK, &Value::Array(items)).number_header(X_TOTAL_COUNT, total)
}

/// The `max_results` of a query string.
fn max_results(query: Option<&str>) -> Option<usize> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(key, _)| key == "max_results")
        .and_then(|(_, value)| value.parse().ok())
}

/// `POST` to a collection: stores the body with a new `href` below it.
fn create(
    shared: &Shared,
    bundle: &Bundle,
    operation: &Operation,
    href: &str,
    body: Option<Value>,
    integer_ids: bool,
) -> Reply {
    let mut store = shared.store();
    store.last_object_id += 1;
    let number = store.last_object_id;
    let id = if integer_ids {
        number.to_string()
    } else {
        format!("00000000-0000-4000-8000-{number:012x}")
    };
    let new_href = format!("{href}/{id}");
    let object = update(None, body, &new_href);
    store.objects.insert(new_href, object.clone());
    drop(store);
    let place = operation
        .response
        .as_deref()
        .map(Place::file)
        .or_else(|| bundle.item_place(&operation.template));
    answer_with(
        bundle,
        operation.status,
        place.as_ref(),
        &object,
        &operation.method,
        shared,
    )
}

/// `stored` with the properties of `body` set, and its `href`. A body that is not an object
/// replaces what was stored.
fn update(stored: Option<Value>, body: Option<Value>, href: &str) -> Value {
    let mut object = match stored {
        Some(Value::Object(object)) => object,
        _ => Map::new(),
    };
    match body {
        Some(Value::Object(properties)) => object.extend(properties),
        Some(other) => return other,
        None => {}
    }
    object.insert("href".to_owned(), Value::String(href.to_owned()));
    Value::Object(object)
}

/// What is stored at `href`, `null` when nothing is.
fn stored_or_null(shared: &Shared, href: &str) -> Value {
    shared
        .store()
        .objects
        .get(href)
        .cloned()
        .unwrap_or(Value::Null)
}

/// The answer of status `status`: `value`, [`joined`], through the schema at `place` as JSON
/// (what it has no value for shown as the mock's `unset` says); without a schema, nothing for
/// a 204, the value's JSON as a download for a `GET`, else nothing.
fn answer_with(
    bundle: &Bundle,
    status: StatusCode,
    place: Option<&Place>,
    value: &Value,
    method: &Method,
    shared: &Shared,
) -> Reply {
    if status == StatusCode::NO_CONTENT {
        return Reply::empty(status);
    }
    let value = joined(&shared.store().objects, value);
    match place {
        Some(place) => match answer(&bundle.schemas, place, &value, shared.unset) {
            Ok(shown) => Reply::json(status, &shown),
            Err(reason) => mock_bug(reason),
        },
        None if *method == Method::GET => Reply::empty(status)
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            )
            .with_body(value.to_string().into()),
        None => Reply::empty(status),
    }
}

/// `value` with each reference to a stored object (`{"href": …}` and nothing else, at any
/// depth) replaced by that object, as PCEs answer a workload's `labels` with each label's
/// `key` and `value`. The objects put in are not joined in turn.
fn joined(objects: &BTreeMap<String, Value>, value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let reference = match (object.len(), object.get("href")) {
                (1, Some(Value::String(href))) => objects.get(href),
                _ => None,
            };
            match reference {
                Some(stored) => stored.clone(),
                None => Value::Object(
                    object
                        .iter()
                        .map(|(k, v)| (k.clone(), joined(objects, v)))
                        .collect(),
                ),
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| joined(objects, v)).collect()),
        other => other.clone(),
    }
}

/// The 404 of an `href` the store does not have.
fn not_found(href: &str) -> Reply {
    Reply::error(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("{href} does not exist"),
    )
}

/// The 500 of an answer the mock could not make valid: a bug of the mock, for tests to see.
fn mock_bug(reason: String) -> Reply {
    Reply::error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "mock_response_invalid",
        reason,
    )
}
