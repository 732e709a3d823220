//! Sending one request to the PCE or its Login Service: the auth header marked sensitive,
//! retries as the [`RetryPolicy`] allows, a `tracing` span without secrets, and the whole
//! response read into memory.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use crate::error::{ApiErrorItem, Error, Result};
use crate::redact::snippet;
use crate::retry::RetryPolicy;

/// A request before it is sent.
pub(crate) struct Request {
    pub method: Method,
    pub url: Url,
    /// The `Authorization` value; it is marked sensitive before sending.
    pub authorization: Option<HeaderValue>,
    /// A JSON body.
    pub body: Option<Vec<u8>>,
}

/// A response, read whole.
#[derive(Debug)]
pub(crate) struct Response {
    pub method: Method,
    pub path: String,
    pub status: u16,
    pub request_id: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub attempts: u32,
}

impl Response {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
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

    /// The error this (non-2xx) response stands for, with the PCE's error items. A body
    /// that is not JSON at all (an HTML page from a proxy) is a decode error: something other
    /// than the PCE answered.
    pub fn into_error(self) -> Error {
        let errors: Vec<ApiErrorItem> = if self.body.iter().all(u8::is_ascii_whitespace) {
            Vec::new()
        } else {
            match serde_json::from_slice::<serde_json::Value>(&self.body) {
                Ok(body) => serde_json::from_value(body).unwrap_or_default(),
                Err(source) => return self.decode_error(source),
            }
        };
        Error::Api {
            method: self.method.to_string(),
            path: self.path,
            status: self.status,
            errors,
            request_id: self.request_id,
            attempts: self.attempts,
        }
    }
}

/// Sends `request`, retrying transient failures.
pub(crate) async fn send(
    http: &reqwest::Client,
    policy: &RetryPolicy,
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
    policy: &RetryPolicy,
    request: Request,
    path: String,
) -> Result<Response> {
    let idempotent = matches!(
        request.method,
        Method::GET | Method::PUT | Method::DELETE | Method::HEAD
    );
    let headers = headers(&request);
    let mut waited = Duration::ZERO;
    let mut attempt = 1;
    loop {
        let outcome = send_once(http, &request, headers.clone()).await;
        let (status, retry_after) = match &outcome {
            Ok(received) => (Some(received.status), received.retry_after),
            Err(_) => (None, None),
        };
        if let Some(wait) = policy.next_wait(attempt, status, retry_after, idempotent, waited) {
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
                headers,
                body,
                ..
            }) => {
                span.record("status", status);
                if let Some(id) = &request_id {
                    span.record("request_id", id.as_str());
                }
                tracing::debug!(status, attempts = attempt, "response");
                Ok(Response {
                    method: request.method,
                    path,
                    status,
                    request_id,
                    headers,
                    body,
                    attempts: attempt,
                })
            }
            Err(source) => {
                tracing::debug!(error = %source, attempts = attempt, "no response");
                Err(Error::Transport {
                    method: request.method.to_string(),
                    path,
                    attempts: attempt,
                    source,
                })
            }
        };
    }
}

fn headers(request: &Request) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT,
        HeaderValue::from_static("application/json"),
    );
    if request.body.is_some() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
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
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// One attempt: the status, the headers and the whole body, or the transport error.
async fn send_once(
    http: &reqwest::Client,
    request: &Request,
    headers: HeaderMap,
) -> std::result::Result<Received, reqwest::Error> {
    let mut builder = http
        .request(request.method.clone(), request.url.clone())
        .headers(headers);
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let response = builder.send().await?;
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let retry_after = retry_after(response.headers());
    let headers = response.headers().clone();
    let body = Vec::from(response.bytes().await?);
    Ok(Received {
        status,
        request_id,
        retry_after,
        headers,
        body,
    })
}

/// `Retry-After` in seconds (the HTTP-date form is not used by the PCE).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}
