//! A decoded response with the status and headers it came with.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// What [`Client::send`](crate::Client::send) returns: the status, the headers (the PCE's
/// `X-Total-Count` and `Location` among them) and the typed body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status (a success: other statuses are [`Error::Api`](crate::Error::Api)).
    pub status: StatusCode,
    /// Every header of the response.
    pub headers: HeaderMap,
    /// The body, decoded; an empty body decodes as JSON `null` (so `()` and `Option<T>` take
    /// it).
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// `X-Total-Count`: how many objects a collection has, whatever this response holds.
    pub fn total_count(&self) -> Option<u64> {
        self.header("x-total-count")?.trim().parse().ok()
    }

    /// `Location`: where a created object or an async job is.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// `X-Request-Id`, to quote to Illumio support.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-request-id")
    }

    /// The response with its body changed by `f`, status and headers kept.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}
