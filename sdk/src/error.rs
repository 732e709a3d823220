//! The SDK's one error type, with the context needed to act on a failure: the HTTP status,
//! the PCE's error tokens and the `X-Request-Id` to quote to Illumio support. No variant
//! ever holds a password, token or secret.

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use crate::release_gap::ReleaseGap;
use crate::violation::Violation;

/// One item of a PCE error body, `[{"token": ..., "message": ...}]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ApiErrorItem {
    /// Machine-readable error token, e.g. `input_validation_error`.
    pub token: String,
    /// Human-readable explanation.
    #[serde(default)]
    pub message: String,
}

/// Everything that can go wrong talking to a PCE.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or its response not received (DNS, TCP, TLS, timeout,
    /// connection closed), after the retries the policy allows.
    #[error("{method} {path}: transport error after {attempts} attempt(s): {source}")]
    Transport {
        /// HTTP method.
        method: Method,
        /// Path of the request, e.g. `/api/v2/orgs/1/optional_features`.
        path: String,
        /// How many times the request was sent.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The PCE answered with an error status.
    #[error("{method} {path}: HTTP {status}{}{}{}{}", ErrorList(errors), BodyText(body.as_deref()), RequestId(request_id.as_deref()), Attempts(*attempts))]
    Api {
        /// HTTP method.
        method: Method,
        /// Path of the request.
        path: String,
        /// HTTP status code.
        status: StatusCode,
        /// The PCE's error tokens and messages (empty when the body had none).
        errors: Vec<ApiErrorItem>,
        /// The start of a JSON body that is not the documented `[{"token", "message"}]`
        /// (e.g. `{"error": "…"}` from a proxy), secrets masked; `None` otherwise.
        body: Option<Box<str>>,
        /// The response's `X-Request-Id`.
        request_id: Option<String>,
        /// How many times the request was sent (more than one after retries).
        attempts: u32,
    },
    /// Logging in failed, or the credentials were refused and could not be renewed.
    #[error("authentication failed: {reason}{}", RequestId(request_id.as_deref()))]
    Authentication {
        /// What failed, e.g. "the email or password was refused".
        reason: String,
        /// HTTP status of the refusal, when there was one.
        status: Option<StatusCode>,
        /// The response's `X-Request-Id`.
        request_id: Option<String>,
    },
    /// A response body is not what the PCE documents.
    #[error("{what}: cannot decode the response (HTTP {status}{}): {source}; body starts: {snippet}", RequestId(request_id.as_deref()))]
    Decode {
        /// What was being decoded, e.g. `GET /api/v2/users/login`.
        what: String,
        /// HTTP status.
        status: StatusCode,
        /// The response's `X-Request-Id`.
        request_id: Option<String>,
        /// The start of the body, with token, secret and password values masked.
        snippet: String,
        /// Why decoding failed.
        #[source]
        source: serde_json::Error,
    },
    /// A request body breaks its schema; it was refused locally and nothing was sent.
    #[error("the request does not match {schema}: {}", ViolationList(violations))]
    Validation {
        /// The schema, e.g. `25.2/optional_features_put`.
        schema: String,
        /// Every violation.
        violations: Vec<Violation>,
    },
    /// A request uses an operation, a property, an enum value or a shape the PCE's release
    /// does not have; it was refused locally and nothing was sent. Each gap names the release
    /// that added it: `` `all_ips_except_for_in_consumers` (`/all_ips_except_for_in_consumers`)
    /// is new in 26.3.0; this PCE runs 25.2.20 ``.
    #[error("{}; this PCE runs {pce_version}", GapList(gaps))]
    NotInRelease {
        /// The PCE's version, as it reported it or as the builder set it.
        pce_version: String,
        /// The client's release the request was checked against (the newest not newer than
        /// the PCE).
        release: String,
        /// What the request uses that the release lacks.
        gaps: Vec<ReleaseGap>,
    },
    /// A release the SDK does not support was named.
    #[error("unknown PCE release {release}; known: {}", known.join(", "))]
    UnknownRelease {
        /// The release asked for.
        release: String,
        /// The supported releases.
        known: Vec<String>,
    },
    /// A schema the release does not have was named.
    #[error("release {release} has no schema {schema}; known: {}", known.join(", "))]
    UnknownSchema {
        /// The release.
        release: String,
        /// The schema asked for.
        schema: String,
        /// The release's schemas.
        known: Vec<String>,
    },
    /// A schema could not be read or compiled.
    #[error("schema {schema}: {reason}")]
    Schema {
        /// The schema (release and file, or path).
        schema: String,
        /// What went wrong.
        reason: String,
    },
    /// An href given to a method on one object is not one of the objects it works on.
    #[error("the href {href} does not name an object of {expected}")]
    Href {
        /// The href given.
        href: String,
        /// The operation's path, e.g. `/orgs/{org_id}/workloads/{workload_id}`.
        expected: &'static str,
    },
    /// The client is configured in a way that cannot work.
    #[error("configuration: {reason}")]
    Config {
        /// What is wrong.
        reason: String,
    },
    /// A response body was longer than the client accepts
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)); the
    /// rest was not read.
    #[error("{method} {path}: the response is larger than {limit} bytes (HTTP {status}){}", RequestId(request_id.as_deref()))]
    ResponseTooLarge {
        /// HTTP method.
        method: Method,
        /// Path of the request.
        path: String,
        /// HTTP status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: u64,
        /// The response's `X-Request-Id`.
        request_id: Option<String>,
    },
    /// A call (its attempts, waits and any login together) took longer than the client's
    /// [`call_timeout`](crate::ClientBuilder::call_timeout); it was abandoned.
    #[error("{method} {path}: no answer within {after:?} (the call's deadline)")]
    Deadline {
        /// HTTP method.
        method: Method,
        /// Path of the request.
        path: String,
        /// The deadline.
        after: Duration,
    },
    /// A synchronous collection `GET` answered fewer objects than the collection has
    /// (`X-Total-Count`) and than `max_results` asked for: the PCE returns at most 500 at
    /// once. [`Client::collect`](crate::Client::collect) (and the generated `*_all` methods)
    /// get them all through an async job.
    #[error("{method} {path}: the PCE returned {received} of {total} objects (a synchronous GET returns at most 500); collect them through an async job (Client::collect, the *_all methods, `pce api --all`){}", RequestId(request_id.as_deref()))]
    Truncated {
        /// HTTP method.
        method: Method,
        /// Path of the request.
        path: String,
        /// How many objects the answer held.
        received: u64,
        /// How many the collection has, by `X-Total-Count`.
        total: u64,
        /// The response's `X-Request-Id`.
        request_id: Option<String>,
    },
    /// An async job ended as `failed`; `details` is what the PCE gave as its result.
    #[error("async job {job} failed{}", BodyText(details.as_deref()))]
    JobFailed {
        /// The job's `href`, to look it up later.
        job: String,
        /// The job's `result` (its error), as JSON with secrets masked, when it had one.
        details: Option<Box<str>>,
    },
    /// An async job was not done, its download included, within the polling deadline
    /// ([`JobPolling::deadline`](crate::JobPolling::deadline)); the client stopped waiting,
    /// the job may still finish on the PCE.
    #[error("async job {job} not done within {after:?} (last status {status})")]
    JobDeadline {
        /// The job's `href`, to look it up later.
        job: String,
        /// The job's last known status.
        status: crate::job::JobStatus,
        /// The deadline.
        after: Duration,
    },
    /// A call of a bulk operation failed as a whole (after the retries the policy allows):
    /// `items` are the positions of the items it held, none of which has a result; `done`
    /// has the results of the calls before it, and the items after it were not sent.
    #[error("{operation}: the call with items {}..{} failed: {source}", items.start, items.end)]
    Bulk {
        /// The operation (`bulk_create`, `bulk_update`, `bulk_delete`, `bulk_import`).
        operation: &'static str,
        /// The positions, in what was given, of the items (for an import, the CSV rows) the
        /// failed call held.
        items: std::ops::Range<usize>,
        /// The results of the items before them (empty for an import, whose calls the PCE
        /// answers as a whole: the rows before them were imported).
        done: Vec<crate::BulkItem>,
        /// Why the call failed.
        #[source]
        source: Box<Error>,
    },
    /// A request's body or query could not be encoded.
    #[error("cannot encode the {what}: {reason}")]
    Encode {
        /// What was encoded (`body of PUT /orgs/1/labels/7`, `query of GET …`).
        what: String,
        /// Why it failed.
        reason: String,
    },
}

/// The SDK's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The HTTP status the PCE answered with, for an error that has one.
    ///
    /// ```
    /// # fn handle(error: illumio_pce::Error) {
    /// use illumio_pce::StatusCode;
    /// if error.status() == Some(StatusCode::CONFLICT) {
    ///     // the object exists already
    /// }
    /// # }
    /// ```
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Authentication { status, .. } => *status,
            _ => None,
        }
    }

    /// The response's `X-Request-Id`, to quote to Illumio support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. }
            | Error::Authentication { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::ResponseTooLarge { request_id, .. }
            | Error::Truncated { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The PCE's error items (`token`, `message`); empty for other errors.
    pub fn api_errors(&self) -> &[ApiErrorItem] {
        match self {
            Error::Api { errors, .. } => errors,
            _ => &[],
        }
    }

    /// Whether the PCE answered 404: the object or path does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api { status, .. } if *status == StatusCode::NOT_FOUND)
    }

    /// Whether the PCE answered 429 (after the retries the policy allows).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::Api { status, .. } if *status == StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the credentials were refused: a 401, or a login that failed.
    pub fn is_unauthorized(&self) -> bool {
        match self {
            Error::Authentication { .. } => true,
            Error::Api { status, .. } => *status == StatusCode::UNAUTHORIZED,
            _ => false,
        }
    }
}

struct ErrorList<'a>(&'a [ApiErrorItem]);

impl fmt::Display for ErrorList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, item) in self.0.iter().enumerate() {
            let separator = if index == 0 { ": " } else { "; " };
            write!(f, "{separator}{} ({})", item.token, item.message)?;
        }
        Ok(())
    }
}

struct BodyText<'a>(Option<&'a str>);

impl fmt::Display for BodyText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(text) => write!(f, ": {text}"),
            None => Ok(()),
        }
    }
}

struct ViolationList<'a>(&'a [Violation]);

impl fmt::Display for ViolationList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, violation) in self.0.iter().enumerate() {
            let separator = if index == 0 { "" } else { "; " };
            write!(f, "{separator}{violation}")?;
        }
        Ok(())
    }
}

struct GapList<'a>(&'a [ReleaseGap]);

impl fmt::Display for GapList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, gap) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{gap}")?;
        }
        Ok(())
    }
}

struct RequestId<'a>(Option<&'a str>);

impl fmt::Display for RequestId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " [request id {id}]"),
            None => Ok(()),
        }
    }
}

struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 1 {
            write!(f, " after {} attempts", self.0)?;
        }
        Ok(())
    }
}
