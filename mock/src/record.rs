//! The log of requests the mock received, for tests to check what a client sent.

use std::sync::Mutex;

use hyper::header::{AUTHORIZATION, CONTENT_TYPE};
use hyper::Request;

use super::lock;

/// One request as the mock received it. Credentials are never recorded: of
/// `Authorization`, only its scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// Whether the login-service listener received it (else the PCE listener).
    pub login_service: bool,
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path and query, e.g. `/api/v2/login_users/authenticate?pce_fqdn=pce.test`.
    pub path: String,
    /// The names of the headers present, lowercased, each once, in the order received.
    pub headers: Vec<String>,
    /// The scheme of `Authorization` as sent (e.g. `Basic`, `Token`), if present.
    pub auth_scheme: Option<String>,
    /// The `Content-Type`, if present.
    pub content_type: Option<String>,
    /// The HTTP version, e.g. `HTTP/2.0`.
    pub version: String,
    /// When it arrived, by the mock's clock (time since the mock started, moves added).
    pub at: std::time::Duration,
}

impl RecordedRequest {
    /// What to record of `request`.
    pub(crate) fn of<B>(
        request: &Request<B>,
        login_service: bool,
        at: std::time::Duration,
    ) -> Self {
        let mut headers: Vec<String> = Vec::new();
        for name in request.headers().keys() {
            if !headers.iter().any(|seen| seen == name.as_str()) {
                headers.push(name.as_str().to_owned());
            }
        }
        Self {
            login_service,
            method: request.method().to_string(),
            path: request
                .uri()
                .path_and_query()
                .map_or_else(|| request.uri().path().to_owned(), |pq| pq.to_string()),
            headers,
            auth_scheme: request
                .headers()
                .get(AUTHORIZATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split_whitespace().next())
                .map(str::to_owned),
            version: format!("{:?}", request.version()),
            at,
            content_type: request
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
        }
    }

    /// Whether a header of this name (in any case) was present.
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h.eq_ignore_ascii_case(name))
    }
}

/// All requests received so far.
#[derive(Debug, Default)]
pub(crate) struct Recorder(Mutex<Vec<RecordedRequest>>);

impl Recorder {
    /// Records one request.
    pub(crate) fn push(&self, request: RecordedRequest) {
        lock(&self.0).push(request);
    }

    /// A copy of the log.
    pub(crate) fn all(&self) -> Vec<RecordedRequest> {
        lock(&self.0).clone()
    }
}
