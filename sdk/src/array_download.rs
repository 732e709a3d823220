//! A JSON array downloaded and decoded as it arrives: an async collection's datafile, a
//! traffic query's flows. One streamed `GET`, read a chunk at a time within what is left of
//! a deadline, each chunk's complete items handed out (see [`ArrayReader`]); what to do when
//! the download breaks off or runs out of time is the caller's.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::Options;
use crate::json_array::ArrayReader;

/// An open download of a JSON array.
pub(crate) struct ArrayDownload {
    response: reqwest::Response,
    reader: ArrayReader,
    /// What is being read, for errors (`GET /orgs/1/datafiles/…`).
    what: String,
    status: StatusCode,
    request_id: Option<String>,
}

/// What one more chunk of a download gave.
pub(crate) enum Chunk {
    /// Its items were handed out.
    Read,
    /// The array is complete.
    End,
    /// Nothing came within the time left.
    Overdue,
    /// The download broke off.
    Broken(reqwest::Error),
}

impl ArrayDownload {
    /// Asks for the array at `path`, to be read within `left`; `about` says what it is, for
    /// errors (`datafile of /orgs/1/jobs/…`).
    pub(crate) async fn open(
        client: &Client,
        path: &str,
        about: &str,
        left: Duration,
    ) -> Result<Self> {
        let options = Options {
            stream: Some(left),
            ..Options::default()
        };
        let mut response = client.call_with(Method::GET, path, None, options).await?;
        let Some(stream) = response.stream.take() else {
            return Err(response.into_error());
        };
        Ok(Self {
            what: format!("GET {} ({about})", response.path),
            status: response.status,
            request_id: response.request_id.clone(),
            response: stream,
            reader: ArrayReader::new(client.inner().policy.max_response_bytes),
        })
    }

    /// Reads one more chunk within `left`, handing each item it completes to `item`.
    pub(crate) async fn next_chunk<T: DeserializeOwned>(
        &mut self,
        left: Duration,
        item: &mut impl FnMut(T),
    ) -> Result<Chunk> {
        let chunk = match tokio::time::timeout(left, self.response.chunk()).await {
            Ok(Ok(Some(chunk))) => chunk,
            Ok(Ok(None)) => {
                self.reader.finish().map_err(|e| self.decode_error(e))?;
                return Ok(Chunk::End);
            }
            Ok(Err(source)) => return Ok(Chunk::Broken(source)),
            Err(_) => return Ok(Chunk::Overdue),
        };
        self.reader
            .feed(&chunk, item)
            .map_err(|e| self.decode_error(e))?;
        Ok(Chunk::Read)
    }

    /// What is being read, as an error names it.
    pub(crate) fn what(&self) -> &str {
        &self.what
    }

    fn decode_error(&self, source: serde_json::Error) -> Error {
        Error::Decode {
            what: self.what.clone(),
            status: self.status,
            request_id: self.request_id.clone(),
            snippet: String::new(),
            source,
        }
    }
}
