//! `GET` and `PUT /orgs/<org_id>/optional_features`.

use hyper::StatusCode;
use serde_json::{json, Value};

use super::{authorize, Call};
use crate::reply::{Reply, X_TOTAL_COUNT};
use crate::state::Shared;

/// Authorizes a call on `/orgs/<org_id>/...`: another organization's id is 403, as
/// documented for a wrong org id.
fn check(shared: &Shared, call: &Call<'_>, org_id: i64) -> Result<(), Reply> {
    authorize(shared, call)?;
    if org_id == shared.org_id {
        Ok(())
    } else {
        Err(Reply::forbidden())
    }
}

/// `GET`: every feature as `{name, enabled}`, with `X-Total-Count`.
pub(crate) fn get(shared: &Shared, call: &Call<'_>, org_id: i64) -> Reply {
    if let Err(reply) = check(shared, call, org_id) {
        return reply;
    }
    let features: Vec<Value> = shared
        .store()
        .features
        .iter()
        .map(|(name, enabled)| json!({ "name": name, "enabled": enabled }))
        .collect();
    let count = features.len() as u64;
    Reply::json(StatusCode::OK, &Value::Array(features)).number_header(X_TOTAL_COUNT, count)
}

/// `PUT` a list of `{name, enabled[, key]}`: validated against the 25.2 schema (406 with the
/// details otherwise, and for an empty body), applied in order, 204 with no body (the docs do
/// not give the response: choice). Features not listed keep their state.
pub(crate) fn put(shared: &Shared, call: &Call<'_>, org_id: i64) -> Reply {
    if let Err(reply) = check(shared, call, org_id) {
        return reply;
    }
    let changes = match shared.feature_schema.parse_put(call.body) {
        Ok(changes) => changes,
        Err(details) => return Reply::invalid_input(&details),
    };
    let mut store = shared.store();
    for (name, enabled) in changes {
        if let Some(feature) = store.features.iter_mut().find(|(n, _)| *n == name) {
            feature.1 = enabled;
        }
    }
    Reply::empty(StatusCode::NO_CONTENT)
}
