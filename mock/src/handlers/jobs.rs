//! Async collection jobs over HTTP: the `202` that starts one (for a collection `GET` with
//! `Prefer: respond-async`), the job's polls, and its datafile once it is done.

use hyper::body::Bytes;
use hyper::header::{HeaderValue, LOCATION, RETRY_AFTER};
use hyper::{Method, StatusCode};
use serde_json::Value;

use super::{authorize, Call, Caller};
use crate::bundle::{answer, Place};
use crate::jobs::{describe, AsyncJob, JobState, Jobs};
use crate::reply::Reply;
use crate::state::Shared;

/// The schema a job's answer is checked against, when the bundle has it.
const JOB_SCHEMA: &str = "v2/jobs_get.schema.json";

/// Whether the request asks for an async answer.
pub(crate) fn prefers_async(call: &Call<'_>) -> bool {
    call.headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case("respond-async"))
}

/// Starts a job for the collection at `href` whose answer is `items`: `202` with the job's
/// `Location` and `Retry-After`.
pub(crate) fn start(shared: &Shared, caller: &Caller, href: &str, items: Vec<Value>) -> Reply {
    let datafile = Bytes::from(Value::Array(items).to_string());
    let mut store = shared.store();
    store.last_object_id += 1;
    let number = store.last_object_id;
    let org = shared.org_id;
    let job = AsyncJob {
        href: format!("/orgs/{org}/jobs/a0000000-0000-4000-8000-{number:012x}"),
        description: format!("GET {href}"),
        requested_by: format!("/users/{}", caller.user_id),
        requested_at: shared.clock.now(),
        datafile_href: format!("/orgs/{org}/datafiles/d0000000-0000-4000-8000-{number:012x}"),
    };
    let location = HeaderValue::try_from(job.href.as_str()).ok();
    store.jobs.start(job, datafile);
    drop(store);
    let mut reply = Reply::empty(StatusCode::ACCEPTED)
        .number_header(RETRY_AFTER, shared.job_settings.retry_after_secs);
    if let Some(location) = location {
        reply = reply.header(LOCATION, location);
    }
    reply
}

/// Serves a `GET` of a job or of a datafile the mock made; `None` for any other request.
pub(crate) fn serve(
    shared: &Shared,
    method: &Method,
    href: &str,
    call: &Call<'_>,
) -> Option<Reply> {
    if method != Method::GET {
        return None;
    }
    let known = {
        let store = shared.store();
        store.jobs.jobs.contains_key(href) || store.jobs.datafiles.contains_key(href)
    };
    if !known {
        return None;
    }
    if let Err(reply) = authorize(shared, call) {
        return Some(reply);
    }
    let now = shared.clock.now();
    let settings = &shared.job_settings;
    let store = shared.store();
    if let Some(job) = store.jobs.jobs.get(href) {
        let state = Jobs::state(job, settings, now);
        let answer = describe(job, state, settings, |at| shared.clock.rfc3339(at));
        drop(store);
        return Some(job_reply(shared, state, &answer));
    }
    let (job_href, body) = store.jobs.datafiles.get(href)?;
    let done = store
        .jobs
        .jobs
        .get(job_href)
        .is_some_and(|job| Jobs::state(job, settings, now) == JobState::Done);
    Some(if done {
        Reply::raw(StatusCode::OK, "application/json", body.clone())
    } else {
        Reply::error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{href} is not ready: its job is not done"),
        )
    })
}

/// A job's answer, seen through the bundle's `jobs_get` schema when it has one (answered as
/// the bundle's operations are), with `Retry-After` while the job runs.
fn job_reply(shared: &Shared, state: JobState, job: &Value) -> Reply {
    let shown = match &shared.bundle {
        Some(bundle) if bundle.schemas.has(JOB_SCHEMA) => {
            match answer(&bundle.schemas, &Place::file(JOB_SCHEMA), job, shared.unset) {
                Ok(shown) => shown,
                Err(reason) => {
                    return Reply::error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "mock_response_invalid",
                        reason,
                    )
                }
            }
        }
        _ => job.clone(),
    };
    let reply = Reply::json(StatusCode::OK, &shown);
    if state.is_terminal() {
        reply
    } else {
        reply.number_header(RETRY_AFTER, shared.job_settings.retry_after_secs)
    }
}
