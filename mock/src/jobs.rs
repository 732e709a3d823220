//! Async collection jobs: what a `GET` with `Prefer: respond-async` starts. A job is
//! `pending`, then `running`, then `done` (or `failed`, when the mock is set to fail jobs)
//! as the mock's clock moves; its datafile, the collection's items as one JSON array, is
//! made when the job starts.

use std::collections::BTreeMap;
use std::time::Duration;

use hyper::body::Bytes;
use serde_json::{json, Value};

/// How the mock's async jobs behave, in [`MockConfig::jobs`](crate::MockConfig::jobs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSettings {
    /// The `Retry-After` (seconds) of the `202` and of each poll of an unfinished job.
    /// Default 1.
    pub retry_after_secs: u64,
    /// Mock time a job stays `pending`. Default 1 s.
    pub pending: Duration,
    /// Mock time a job then stays `running` (a slow job: make it long). Default 1 s.
    pub running: Duration,
    /// When set, jobs end as `failed` with this message instead of `done`. Default none.
    pub failure: Option<String>,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            retry_after_secs: 1,
            pending: Duration::from_secs(1),
            running: Duration::from_secs(1),
            failure: None,
        }
    }
}

/// One job.
#[derive(Debug)]
pub(crate) struct AsyncJob {
    /// `/orgs/<id>/jobs/<uuid>`.
    pub(crate) href: String,
    /// What was asked, e.g. `GET /orgs/1/labels`.
    pub(crate) description: String,
    /// The requesting user's `href`.
    pub(crate) requested_by: String,
    /// Mock time of the request.
    pub(crate) requested_at: Duration,
    /// `/orgs/<id>/datafiles/<uuid>`.
    pub(crate) datafile_href: String,
}

/// A job's state at a mock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobState {
    Pending,
    Running,
    Done,
    Failed,
}

impl JobState {
    fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    /// Whether the job has ended.
    pub(crate) fn is_terminal(self) -> bool {
        matches!(self, JobState::Done | JobState::Failed)
    }
}

/// Every job started, and the datafiles of those that are done.
#[derive(Debug, Default)]
pub(crate) struct Jobs {
    /// By `href`.
    pub(crate) jobs: BTreeMap<String, AsyncJob>,
    /// Datafile bodies, by `href`; served once their job is done.
    pub(crate) datafiles: BTreeMap<String, (String, Bytes)>,
}

impl Jobs {
    /// Stores `job` with its datafile.
    pub(crate) fn start(&mut self, job: AsyncJob, datafile: Bytes) {
        self.datafiles
            .insert(job.datafile_href.clone(), (job.href.clone(), datafile));
        self.jobs.insert(job.href.clone(), job);
    }

    /// The state of `job` at mock time `now`.
    pub(crate) fn state(job: &AsyncJob, settings: &JobSettings, now: Duration) -> JobState {
        let age = now.saturating_sub(job.requested_at);
        if age < settings.pending {
            JobState::Pending
        } else if age < settings.pending.saturating_add(settings.running) {
            JobState::Running
        } else if settings.failure.is_some() {
            JobState::Failed
        } else {
            JobState::Done
        }
    }
}

/// The job as `GET /orgs/:org/jobs/<uuid>` describes it (the `jobs_get` schema's fields); a
/// failed job's `result` is `{"message": …}`, as Illumio's Python SDK reads it.
pub(crate) fn describe(
    job: &AsyncJob,
    state: JobState,
    settings: &JobSettings,
    timestamp: impl Fn(Duration) -> String,
) -> Value {
    let mut value = json!({
        "href": job.href,
        "job_type": "async_collection",
        "description": job.description,
        "status": state.as_str(),
        "requested_at": timestamp(job.requested_at),
        "requested_by": {"href": job.requested_by},
        "result": null,
    });
    if state.is_terminal() {
        value["terminated_at"] = timestamp(
            job.requested_at
                .saturating_add(settings.pending)
                .saturating_add(settings.running),
        )
        .into();
    }
    match (state, &settings.failure) {
        (JobState::Done, _) => value["result"] = json!({"href": job.datafile_href}),
        (JobState::Failed, Some(message)) => value["result"] = json!({"message": message}),
        _ => {}
    }
    value
}
