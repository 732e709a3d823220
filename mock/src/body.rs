//! Message bodies: the whole-buffer body the mock answers with (or, for a fault, one that
//! breaks off halfway), and reading a request's body.

use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};

/// A response body sent in one piece, with an exact `Content-Length`.
#[derive(Debug)]
pub(crate) struct Full {
    bytes: Option<Bytes>,
    /// The length announced.
    length: u64,
    /// Whether the body breaks off after `bytes` (short of `length`).
    breaks: bool,
}

impl Full {
    /// A body holding `bytes` (none at all when empty).
    pub(crate) fn new(bytes: Bytes) -> Self {
        Self {
            length: bytes.len() as u64,
            bytes: (!bytes.is_empty()).then_some(bytes),
            breaks: false,
        }
    }

    /// A body announced as `bytes` whose first half only is sent before the stream breaks
    /// off (the connection of an HTTP/1.1 answer is closed).
    pub(crate) fn breaking(bytes: Bytes) -> Self {
        Self {
            length: bytes.len() as u64,
            bytes: Some(bytes.slice(..bytes.len() / 2)),
            breaks: true,
        }
    }
}

impl Body for Full {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if let Some(bytes) = self.bytes.take() {
            return Poll::Ready(Some(Ok(Frame::data(bytes))));
        }
        if self.breaks {
            self.breaks = false;
            return Poll::Ready(Some(Err(std::io::Error::other(
                "the body breaks off (injected fault)",
            ))));
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.bytes.is_none() && !self.breaks
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.length)
    }
}

/// Why a request body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The connection failed while reading.
    Read,
    /// The body is longer than the limit.
    TooLarge,
}

/// Reads a whole request body of at most `limit` bytes.
pub(crate) async fn read_body(mut body: Incoming, limit: usize) -> Result<Vec<u8>, BodyError> {
    let mut out = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        if let Ok(data) = frame.map_err(|_| BodyError::Read)?.into_data() {
            if out.len() + data.len() > limit {
                return Err(BodyError::TooLarge);
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}
