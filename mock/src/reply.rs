//! Responses as the handlers build them, and their conversion to HTTP.

use std::time::Duration;

use hyper::body::Bytes;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use serde_json::{json, Value};

use super::body::Full;

/// The name of the header that carries each response's unique id.
pub(crate) const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The name of the header that carries a collection's size.
pub(crate) const X_TOTAL_COUNT: HeaderName = HeaderName::from_static("x-total-count");

/// A response before it gets its request id.
#[derive(Debug)]
pub(crate) struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    /// How long the PCE works on the request before it answers.
    hold: Duration,
}

impl Reply {
    /// A response with no body, e.g. 204.
    pub(crate) fn empty(status: StatusCode) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
            hold: Duration::ZERO,
        }
    }

    /// A response with a body of the given media type.
    pub(crate) fn raw(
        status: StatusCode,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) -> Self {
        Self::empty(status)
            .header(CONTENT_TYPE, HeaderValue::from_static(content_type))
            .with_body(body.into())
    }

    /// A JSON response.
    pub(crate) fn json(status: StatusCode, body: &Value) -> Self {
        Self::raw(status, "application/json", body.to_string())
    }

    /// A PCE error: a JSON array of one `{"token", "message"}`.
    pub(crate) fn error(status: StatusCode, token: &str, message: impl Into<String>) -> Self {
        Self::json(
            status,
            &json!([{ "token": token, "message": message.into() }]),
        )
    }

    /// The 401 that every credential failure gets: it never tells which part was wrong.
    pub(crate) fn unauthenticated() -> Self {
        Self::error(
            StatusCode::UNAUTHORIZED,
            "authentication_failed",
            "Authentication failed",
        )
    }

    /// The 403 for acting on another user or organization.
    pub(crate) fn forbidden() -> Self {
        Self::error(
            StatusCode::FORBIDDEN,
            "forbidden_error",
            "You are not authorized to perform this action",
        )
    }

    /// The 406 of a payload that fails validation; `details` goes between the braces.
    pub(crate) fn invalid_input(details: &str) -> Self {
        Self::error(
            StatusCode::NOT_ACCEPTABLE,
            "input_validation_error",
            format!("Input validation failed. Details: {{{details}}}"),
        )
    }

    /// Adds a header.
    pub(crate) fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Adds a header whose value is a number.
    pub(crate) fn number_header(self, name: HeaderName, value: u64) -> Self {
        self.header(name, HeaderValue::from(value))
    }

    /// Sent only after `time` (real time), as an answer the PCE works on that long.
    pub(crate) fn held_for(mut self, time: Duration) -> Self {
        self.hold = time;
        self
    }

    /// How long to wait before sending it.
    pub(crate) fn hold(&self) -> Duration {
        self.hold
    }

    /// Replaces the body.
    pub(crate) fn with_body(mut self, body: Bytes) -> Self {
        self.body = body;
        self
    }

    /// The HTTP response, stamped with its request id.
    pub(crate) fn into_response(self, request_id: HeaderValue) -> Response<Full> {
        self.into_response_with(request_id, Full::new)
    }

    /// The HTTP response with its body sent as `body` makes it (e.g. [`Full::breaking`]).
    pub(crate) fn into_response_with(
        self,
        request_id: HeaderValue,
        body: impl FnOnce(Bytes) -> Full,
    ) -> Response<Full> {
        let mut response = Response::new(body(self.body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        headers.insert(X_REQUEST_ID, request_id);
        response
    }
}
