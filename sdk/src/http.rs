//! Sending one request to the PCE or its Login Service: the auth header marked sensitive,
//! retries as the [`RetryPolicy`] allows (`Retry-After` in seconds or as an HTTP date), a
//! `tracing` span without secrets, and the response read into memory up to a size limit.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{
    HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use crate::error::{ApiErrorItem, Error, Result};
use crate::pace::Pacer;
use crate::redact::snippet;
use crate::retry::RetryPolicy;

/// A request before it is sent.
pub(crate) struct Request {
    pub method: Method,
    pub url: Url,
    /// The `Authorization` value; it is marked sensitive before sending.
    pub authorization: Option<HeaderValue>,
    /// The body: JSON, or CSV when the options say so.
    pub body: Option<Vec<u8>>,
    /// What else the request asks for.
    pub options: Options,
}

/// What a request asks for besides its method, URL and body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// Send `Prefer: respond-async`: the PCE answers a collection `GET` with a job.
    pub respond_async: bool,
    /// Leave a successful answer's body unread, in [`Response::stream`], for the caller to
    /// read as it arrives (no size limit: the caller decides what it keeps); the request,
    /// body included, may take this long instead of the client's request timeout.
    pub stream: Option<Duration>,
    /// The request creates objects although its method is `PUT` (`bulk_create`): it is not
    /// sent again after a failure it may have survived (a 429 still is).
    pub creates: bool,
    /// The body is CSV (`Content-Type: text/csv`), not JSON.
    pub csv: bool,
}

/// How requests are sent: the retry policy, the largest response body read and the pace
/// (shared by the client's clones).
#[derive(Clone, Debug)]
pub(crate) struct Policy {
    pub retry: RetryPolicy,
    pub max_response_bytes: u64,
    pub pace: Option<Arc<Pacer>>,
}

/// A response, read whole (or, for a streamed request, with its body left to read).
#[derive(Debug)]
pub(crate) struct Response {
    pub method: Method,
    pub path: String,
    pub status: StatusCode,
    pub request_id: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// The unread body of a successful streamed request (`body` is then empty).
    pub stream: Option<reqwest::Response>,
    /// `Retry-After`, when the answer had one.
    pub retry_after: Option<Duration>,
    pub attempts: u32,
}

impl Response {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Decodes the JSON body.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| self.decode_error(source))
    }

    /// The body decoded as `T`, an empty body as JSON `null` (so `()` and `Option<T>` take
    /// a 204).
    pub fn decode_or_null<T: DeserializeOwned>(&self) -> Result<T> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            T::deserialize(serde_json::Value::Null).map_err(|source| self.decode_error(source))
        } else {
            self.decode()
        }
    }

    fn decode_error(&self, source: serde_json::Error) -> Error {
        Error::Decode {
            what: format!("{} {}", self.method, self.path),
            status: self.status,
            request_id: self.request_id.clone(),
            snippet: snippet(&self.body),
            source,
        }
    }

    /// The error this (non-2xx) response stands for, with the PCE's error items; JSON that
    /// is not the documented array is kept as (masked) text. A body that is not JSON at all
    /// (an HTML page from a proxy) is a decode error: something other than the PCE answered.
    pub fn into_error(self) -> Error {
        let (errors, body) = if self.body.iter().all(u8::is_ascii_whitespace) {
            (Vec::new(), None)
        } else {
            match serde_json::from_slice::<serde_json::Value>(&self.body) {
                Ok(json) => match serde_json::from_value::<Vec<ApiErrorItem>>(json) {
                    Ok(errors) => (errors, None),
                    Err(_) => (Vec::new(), Some(snippet(&self.body).into_boxed_str())),
                },
                Err(source) => return self.decode_error(source),
            }
        };
        Error::Api {
            method: self.method,
            path: self.path,
            status: self.status,
            errors,
            body,
            request_id: self.request_id,
            attempts: self.attempts,
        }
    }
}

/// Sends `request`, retrying transient failures.
pub(crate) async fn send(
    http: &reqwest::Client,
    policy: &Policy,
    request: Request,
) -> Result<Response> {
    let path = request.url.path().to_owned();
    let span = tracing::info_span!(
        "pce_request",
        method = %request.method,
        path = %path,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        request_id = tracing::field::Empty,
    );
    send_with_retries(http, policy, request, path)
        .instrument(span)
        .await
}

async fn send_with_retries(
    http: &reqwest::Client,
    policy: &Policy,
    request: Request,
    path: String,
) -> Result<Response> {
    // A `GET` that starts an async job, or a `bulk_create`, is not repeated after a 5xx or a
    // broken connection: the job may have started, the workloads may have been created, and
    // a second one would start or create them again (429 is retried).
    let idempotent = matches!(
        request.method,
        Method::GET | Method::PUT | Method::DELETE | Method::HEAD
    ) && !request.options.respond_async
        && !request.options.creates;
    let headers = headers(&request);
    let mut waited = Duration::ZERO;
    let mut attempt = 1;
    loop {
        if let Some(pace) = &policy.pace {
            pace.ready().await;
        }
        let outcome = send_once(http, &request, headers.clone(), policy.max_response_bytes).await;
        let next = match &outcome {
            Ok(received) if !transient(received) => None,
            Ok(received) => policy.retry.next_wait(
                attempt,
                Some(received.status.as_u16()),
                received.retry_after,
                idempotent,
                waited,
            ),
            Err(Failure::Transport(_)) => policy
                .retry
                .next_wait(attempt, None, None, idempotent, waited),
            Err(Failure::TooLarge { .. }) => None,
        };
        if let Some(wait) = next {
            let status = outcome
                .as_ref()
                .ok()
                .map(|received| received.status.as_u16());
            tracing::warn!(
                attempt,
                ?status,
                wait_ms = wait.as_millis() as u64,
                "transient failure; retrying"
            );
            tokio::time::sleep(wait).await;
            waited += wait;
            attempt += 1;
            continue;
        }
        let span = tracing::Span::current();
        span.record("attempts", attempt);
        return match outcome {
            Ok(Received {
                status,
                request_id,
                retry_after,
                headers,
                body,
                stream,
            }) => {
                span.record("status", status.as_u16());
                if let Some(id) = &request_id {
                    span.record("request_id", id.as_str());
                }
                tracing::debug!(status = status.as_u16(), attempts = attempt, "response");
                Ok(Response {
                    method: request.method,
                    path,
                    status,
                    request_id,
                    headers,
                    body,
                    stream,
                    retry_after,
                    attempts: attempt,
                })
            }
            Err(Failure::Transport(source)) => {
                tracing::debug!(error = %source, attempts = attempt, "no response");
                Err(Error::Transport {
                    method: request.method,
                    path,
                    attempts: attempt,
                    source,
                })
            }
            Err(Failure::TooLarge { status, request_id }) => {
                tracing::debug!(limit = policy.max_response_bytes, "response too large");
                Err(Error::ResponseTooLarge {
                    method: request.method,
                    path,
                    status,
                    limit: policy.max_response_bytes,
                    request_id,
                })
            }
        };
    }
}

/// Whether an answer may be worth sending the same request again: anything but a 406 (a
/// request the PCE refused to act on), and a 406 whose body says the PCE could not get a
/// database lock (transient, like a 503; a duplicate or an `already_deleted` is not).
fn transient(received: &Received) -> bool {
    received.status != StatusCode::NOT_ACCEPTABLE || says_database_lock(&received.body)
}

/// Whether an error body mentions a database lock, in any case.
fn says_database_lock(body: &[u8]) -> bool {
    body.windows(b"database lock".len())
        .any(|window| window.eq_ignore_ascii_case(b"database lock"))
}

fn headers(request: &Request) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        HeaderValue::from_static("application/json"),
    );
    if request.body.is_some() {
        let kind = if request.options.csv {
            "text/csv"
        } else {
            "application/json"
        };
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    }
    if request.options.respond_async {
        headers.insert("prefer", HeaderValue::from_static("respond-async"));
    }
    if let Some(authorization) = &request.authorization {
        let mut value = authorization.clone();
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
    }
    headers
}

/// What one attempt received.
struct Received {
    status: StatusCode,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    headers: HeaderMap,
    body: Vec<u8>,
    stream: Option<reqwest::Response>,
}

/// Why an attempt has no response to show.
enum Failure {
    /// No response, or it broke off.
    Transport(reqwest::Error),
    /// The body is longer than the limit (not retried: it would be again).
    TooLarge {
        status: StatusCode,
        request_id: Option<String>,
    },
}

/// One attempt: the status, the headers and the body (at most `limit` bytes), or why not.
async fn send_once(
    http: &reqwest::Client,
    request: &Request,
    headers: HeaderMap,
    limit: u64,
) -> std::result::Result<Received, Failure> {
    let mut builder = http
        .request(request.method.clone(), request.url.clone())
        .headers(headers);
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    if let Some(timeout) = request.options.stream {
        builder = builder.timeout(timeout);
    }
    let mut response = builder.send().await.map_err(Failure::Transport)?;
    let status = response.status();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let retry_after = retry_after(response.headers(), SystemTime::now());
    let headers = response.headers().clone();
    if request.options.stream.is_some() && status.is_success() {
        // The caller reads it, with its own bound: no size limit here.
        return Ok(Received {
            status,
            request_id,
            retry_after,
            headers,
            body: Vec::new(),
            stream: Some(response),
        });
    }
    let too_large = || Failure::TooLarge {
        status,
        request_id: request_id.clone(),
    };
    // A HEAD, 204 or 304 has no body whatever its Content-Length says.
    let bodyless = request.method == Method::HEAD
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    if !bodyless && declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(declared.map_or(0, |n| n.min(1 << 20) as usize));
    while let Some(chunk) = response.chunk().await.map_err(Failure::Transport)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Received {
        status,
        request_id,
        retry_after,
        headers,
        body,
        stream: None,
    })
}

/// `Retry-After` as delay-seconds or as an HTTP date (a date in the past is no wait), read
/// at `now`.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_406_about_a_database_lock_is_transient() {
        let answer = |status: u16, body: &str| Received {
            status: StatusCode::from_u16(status).expect("a status"),
            request_id: None,
            retry_after: None,
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
            stream: None,
        };
        let locked =
            r#"[{"token":"unknown","message":"Could not get a Database Lock; try again"}]"#;
        assert!(transient(&answer(406, locked)));
        assert!(transient(&answer(503, "")));
        for refused in [
            r#"[{"token":"label_key_and_value_must_be_unique","message":"Label key and value must be unique"}]"#,
            r#"[{"token":"already_deleted","message":"Object already deleted"}]"#,
        ] {
            assert!(!transient(&answer(406, refused)));
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").expect("a date");
        let header = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
            retry_after(&headers, now)
        };
        assert_eq!(header("120"), Some(Duration::from_secs(120)));
        assert_eq!(
            header("Wed, 21 Oct 2026 07:28:30 GMT"),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            header("Wed, 21 Oct 2026 07:27:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(header("soon"), None);
    }
}
