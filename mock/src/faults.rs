//! Injected faults: failures a real PCE, proxy or network can produce, queued by tests and
//! served in place of the next requests' normal responses.
//!
//! A faulted request never reaches the PCE's logic (except after [`Fault::Delay`]): no state
//! changes, no rate-limit count, no login counted. That is the case of a proxy or load balancer
//! failing in front of the PCE, and it keeps tests predictable.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use hyper::header::{HeaderName, HeaderValue, LOCATION, RETRY_AFTER};
use hyper::StatusCode;

use super::lock;
use super::reply::Reply;

/// A failure for the next requests, injected with [`MockPce::inject`](crate::MockPce::inject).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// That status with a PCE JSON error body; a 503 also carries `Retry-After: 1`. A code
    /// outside 100..=999 gives 500.
    Status(u16),
    /// 429 with `Retry-After: <retry_after_secs>` and a `too_many_requests_error` body.
    RateLimited {
        /// The value of `Retry-After`, in seconds.
        retry_after_secs: u64,
    },
    /// The connection is closed without any response.
    DropConnection,
    /// The normal response, whose body breaks off halfway (announced whole, half sent).
    BodyBreaksOff,
    /// 502 with an HTML body, as a proxy in front of the PCE sends.
    HtmlErrorPage,
    /// 200 with `Content-Type: application/json` and a body cut mid-way. The
    /// `Content-Length` matches the cut body, so the HTTP exchange is complete and only the
    /// JSON is broken (a dropped connection is [`Fault::DropConnection`]).
    TruncatedJson,
    /// Waits this long (real time, not the mock clock: it is for client timeouts), then
    /// gives the normal response.
    Delay(Duration),
    /// 307 with `Location:` this absolute URL.
    Redirect(String),
    /// Exactly this answer: a status (500 when outside 100..=999), headers (a pair that is
    /// no valid header is left out) and a JSON body, e.g. an error body that is not the
    /// documented array, a huge body, or `Retry-After` as an HTTP date.
    Answer {
        /// The status.
        status: u16,
        /// Headers, as `(name, value)`.
        headers: Vec<(String, String)>,
        /// The body, sent as `application/json`.
        body: String,
    },
}

/// What the server does about a fault.
#[derive(Debug)]
pub(crate) enum FaultAction {
    /// Answer this instead of the normal response.
    Reply(Reply),
    /// Close the connection without a response.
    Drop,
    /// Wait, then answer normally.
    Delay(Duration),
    /// Answer normally, but break the body off halfway.
    BreakBody,
}

/// The JSON that [`Fault::TruncatedJson`] cuts in half.
const TRUNCATED_SOURCE: &str = r#"[{"name":"ip_forwarding_firewall_setting","enabled":false},{"name":"ui_analytics","enabled":false}]"#;

impl Fault {
    /// What serving this fault means.
    pub(crate) fn action(self) -> FaultAction {
        match self {
            Fault::Status(code) => {
                let status =
                    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let reply = Reply::error(status, status_token(status), "Injected fault");
                FaultAction::Reply(if status == StatusCode::SERVICE_UNAVAILABLE {
                    reply.number_header(RETRY_AFTER, 1)
                } else {
                    reply
                })
            }
            Fault::RateLimited { retry_after_secs } => FaultAction::Reply(
                Reply::error(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests_error",
                    "Too many requests",
                )
                .number_header(RETRY_AFTER, retry_after_secs),
            ),
            Fault::DropConnection => FaultAction::Drop,
            Fault::BodyBreaksOff => FaultAction::BreakBody,
            Fault::HtmlErrorPage => FaultAction::Reply(Reply::raw(
                StatusCode::BAD_GATEWAY,
                "text/html; charset=utf-8",
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
                 <body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
            )),
            Fault::TruncatedJson => FaultAction::Reply(Reply::raw(
                StatusCode::OK,
                "application/json",
                &TRUNCATED_SOURCE.as_bytes()[..TRUNCATED_SOURCE.len() / 2],
            )),
            Fault::Delay(duration) => FaultAction::Delay(duration),
            Fault::Answer {
                status,
                headers,
                body,
            } => {
                let status =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let reply = Reply::raw(status, "application/json", body);
                FaultAction::Reply(headers.into_iter().fold(reply, |reply, (name, value)| {
                    match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
                        (Ok(name), Ok(value)) => reply.header(name, value),
                        _ => reply,
                    }
                }))
            }
            Fault::Redirect(url) => FaultAction::Reply(match HeaderValue::try_from(url) {
                Ok(location) => {
                    Reply::empty(StatusCode::TEMPORARY_REDIRECT).header(LOCATION, location)
                }
                // A URL that cannot be a header value is the test's mistake: say so loudly.
                Err(_) => Reply::error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_server_error",
                    "Injected redirect target is not a valid header value",
                ),
            }),
        }
    }
}

/// The error token the PCE uses for a status, as far as documented or guessable.
fn status_token(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "authentication_failed",
        403 => "forbidden_error",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "input_validation_error",
        429 => "too_many_requests_error",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        _ => "internal_server_error",
    }
}

/// The queue of faults still to serve, first in first out.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue(Mutex<VecDeque<Fault>>);

impl FaultQueue {
    /// Queues `fault` for the next `times` requests (after those already queued).
    pub(crate) fn push(&self, fault: Fault, times: usize) {
        lock(&self.0).extend(std::iter::repeat_n(fault, times));
    }

    /// The fault for the request at hand, if any.
    pub(crate) fn pop(&self) -> Option<Fault> {
        lock(&self.0).pop_front()
    }
}
