//! Async jobs as the PCE describes them (`GET /orgs/{org_id}/jobs/{job_id}`, schema
//! `jobs_get`), how often the client polls them, and the progress it reports while it waits.

use std::fmt;
use std::time::Duration;

use illumio_pce_lenient::Href;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A job, as `GET /orgs/:org/jobs/<uuid>` answers it: the fields of the `jobs_get` schema;
/// fields a newer PCE adds are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Job {
    /// The job's URI, e.g. `/orgs/1/jobs/6f1d…`: quote it to look the job up later.
    pub href: Href,
    /// The job's state.
    pub status: JobStatus,
    /// The job's type, as its requester named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<String>,
    /// The requester's description of the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the job was requested (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<String>,
    /// Who requested the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<Reference>,
    /// When the job ended, done or failed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated_at: Option<String>,
    /// What the job produced: for a collection, `{"href": …}` of its datafile; for a failed
    /// job, its error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
    /// Fields the schema does not name.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Job {
    /// The `href` of what a done job produced (`result.href`: a collection job's datafile).
    pub fn result_href(&self) -> Option<&str> {
        self.result.as_ref()?.get("href")?.as_str()
    }
}

/// A reference to an object: `{"href": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Reference {
    /// The object's href.
    pub href: Href,
}

/// A job's `status`: the documented states, and any other the PCE may send.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JobStatus {
    /// Waiting to run.
    Pending,
    /// Running.
    Running,
    /// Finished; the result is ready.
    Done,
    /// Ended without a result.
    Failed,
    /// A state this SDK does not know, as the PCE wrote it; polling goes on.
    Other(String),
}

impl JobStatus {
    /// The state as the PCE writes it.
    pub fn as_str(&self) -> &str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
            JobStatus::Other(other) => other,
        }
    }

    /// Whether the job has ended (done or failed).
    pub fn is_terminal(&self) -> bool {
        matches!(self, JobStatus::Done | JobStatus::Failed)
    }
}

impl From<&str> for JobStatus {
    fn from(text: &str) -> Self {
        match text {
            "pending" => JobStatus::Pending,
            "running" => JobStatus::Running,
            "done" => JobStatus::Done,
            "failed" => JobStatus::Failed,
            other => JobStatus::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for JobStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for JobStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Ok(JobStatus::from(text.as_ref()))
    }
}

/// How the client waits for an async job: each wait is the PCE's `Retry-After` kept between
/// `floor` and `cap` (without one, `floor` doubling up to `cap`), and the whole job, its
/// download included, may take `deadline`.
///
/// ```
/// use std::time::Duration;
/// use illumio_pce::JobPolling;
///
/// let polling = JobPolling::default()
///     .floor(Duration::from_millis(500))
///     .deadline(Duration::from_secs(3600));
/// assert_eq!(polling.wait(Some(Duration::ZERO), 0), Duration::from_millis(500));
/// assert_eq!(polling.wait(Some(Duration::from_secs(600)), 0), Duration::from_secs(30));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobPolling {
    floor: Duration,
    cap: Duration,
    deadline: Duration,
}

impl Default for JobPolling {
    /// Waits of 1 s to 30 s; 30 minutes in all.
    fn default() -> Self {
        Self {
            floor: Duration::from_secs(1),
            cap: Duration::from_secs(30),
            deadline: Duration::from_secs(30 * 60),
        }
    }
}

impl JobPolling {
    /// The shortest wait between two polls, whatever `Retry-After` says.
    pub fn floor(mut self, floor: Duration) -> Self {
        self.floor = floor;
        self
    }

    /// The longest wait between two polls, whatever `Retry-After` says.
    pub fn cap(mut self, cap: Duration) -> Self {
        self.cap = cap;
        self
    }

    /// How long a job may take in all, from the PCE's accepting it (the `202`) to the end of
    /// its download; past it the call fails with
    /// [`Error::JobDeadline`](crate::Error::JobDeadline), naming the job.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The configured deadline.
    pub fn job_deadline(&self) -> Duration {
        self.deadline
    }

    /// The wait before the next poll: `retry_after` when the PCE sent one, else `floor`
    /// doubled for each of the `polls` so far; kept between `floor` and `cap`.
    pub fn wait(&self, retry_after: Option<Duration>, polls: u32) -> Duration {
        let asked = retry_after.unwrap_or_else(|| self.floor.saturating_mul(1 << polls.min(16)));
        asked.max(self.floor).min(self.cap.max(self.floor))
    }
}

/// Where a collection job is, for [`Collect::on_progress`](crate::Collect::on_progress)
/// callbacks and `tracing` events.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JobProgress {
    /// The job's `href`.
    pub job: String,
    /// Its last known state.
    pub status: JobStatus,
    /// Time since the job was requested.
    pub elapsed: Duration,
    /// Items downloaded so far (while the datafile is read; 0 before).
    pub items: u64,
    /// The items expected: the collection's size as the synchronous answer's
    /// `X-Total-Count` told, or the query's `max_results` when smaller.
    pub total: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_typed_and_unknown_ones_kept() {
        let job: Job = serde_json::from_value(serde_json::json!({
            "href": "/orgs/1/jobs/a",
            "status": "done",
            "result": {"href": "/orgs/1/datafiles/b"},
            "new_field": 1
        }))
        .expect("a job");
        assert_eq!(job.status, JobStatus::Done);
        assert_eq!(job.result_href(), Some("/orgs/1/datafiles/b"));
        assert_eq!(job.extra["new_field"], 1);
        let other: JobStatus = serde_json::from_str("\"queued\"").expect("a status");
        assert_eq!(other, JobStatus::Other("queued".to_owned()));
        assert!(!other.is_terminal());
        assert_eq!(serde_json::to_string(&other).expect("json"), "\"queued\"");
        assert!(JobStatus::Failed.is_terminal());
    }

    #[test]
    fn waits_follow_retry_after_between_floor_and_cap() {
        let polling = JobPolling::default()
            .floor(Duration::from_secs(2))
            .cap(Duration::from_secs(10));
        let secs = |s| Duration::from_secs(s);
        assert_eq!(polling.wait(Some(secs(5)), 3), secs(5));
        assert_eq!(polling.wait(Some(secs(1)), 0), secs(2));
        assert_eq!(polling.wait(Some(secs(60)), 0), secs(10));
        assert_eq!(polling.wait(None, 0), secs(2));
        assert_eq!(polling.wait(None, 1), secs(4));
        assert_eq!(polling.wait(None, 40), secs(10));
    }
}
