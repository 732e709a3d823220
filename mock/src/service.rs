//! One request, start to end: record it, give it an id, read its body, serve any injected
//! fault, else route it.

use std::error::Error;
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use tokio::sync::Notify;

use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::{Request, Response, StatusCode};

use super::body::{read_body, BodyError, Full};
use super::faults::FaultAction;
use super::handlers::Call;
use super::record::RecordedRequest;
use super::reply::Reply;
use super::router;
use super::state::Shared;

/// The largest request body read (choice: the docs give none; PCE payloads are small).
const MAX_BODY: usize = 1 << 20;

/// Returned to hyper to close the connection without a response.
#[derive(Debug)]
pub(crate) struct CloseConnection;

impl fmt::Display for CloseConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection closed without a response")
    }
}

impl Error for CloseConnection {}

/// Serves one request received by the PCE listener or (`login_service`) the login service.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    login_service: bool,
    peer: IpAddr,
    request: Request<Incoming>,
    close: Arc<Notify>,
) -> Result<Response<Full>, CloseConnection> {
    // Hex digits and dashes always make a valid header value.
    let request_id = HeaderValue::try_from(shared.rng.request_id())
        .unwrap_or(HeaderValue::from_static("unknown"));
    shared.recorder.push(RecordedRequest::of(
        &request,
        login_service,
        shared.clock.now(),
    ));
    let (parts, body) = request.into_parts();
    let body = match read_body(body, MAX_BODY).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            let reply = Reply::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request_too_large",
                format!("The request body is larger than {MAX_BODY} bytes"),
            );
            return Ok(reply.into_response(request_id));
        }
        Err(BodyError::Read) => return Err(CloseConnection),
    };
    let mut breaks = false;
    match shared.faults.pop().map(|fault| fault.action()) {
        Some(FaultAction::Reply(reply)) => return Ok(reply.into_response(request_id)),
        Some(FaultAction::Drop) => {
            close.notify_one();
            return Err(CloseConnection);
        }
        Some(FaultAction::Delay(duration)) => tokio::time::sleep(duration).await,
        Some(FaultAction::BreakBody) => breaks = true,
        None => {}
    }
    let call = Call {
        headers: &parts.headers,
        query: parts.uri.query(),
        body: &body,
        peer,
    };
    let reply = router::dispatch(
        &shared,
        login_service,
        &parts.method,
        parts.uri.path(),
        &call,
    );
    if !reply.hold().is_zero() {
        tokio::time::sleep(reply.hold()).await;
    }
    Ok(if breaks {
        reply.into_response_with(request_id, Full::breaking)
    } else {
        reply.into_response(request_id)
    })
}
