//! Workload labels from a CSV file: `PUT /orgs/{org_id}/workloads/bulk_import` with the CSV
//! as the body (`Content-Type: text/csv`), the way the PCE console's workload import sends
//! it: a header row (`href`, `hostname`, then one column per label key) and one row per
//! workload. Any number of rows go in calls of at most [`BULK_LIMIT`] rows, each with the
//! header, one call at a time (a 429 is waited out). The CSV is read whole before anything is
//! sent, so a row that is not CSV is refused with nothing changed.
//!
//! The PCE answers an import call as a whole (no result per row): `204` once applied, or, with
//! [`dry_run`](BulkImport::dry_run), what the call would change, in a body whose shape no
//! document gives ([`ImportCall::answer`] keeps it as it came).

use std::future::{Future, IntoFuture};
use std::ops::Range;
use std::pin::Pin;

use reqwest::Method;
use serde::Serialize;

use crate::bulk::{BulkProgress, BULK_LIMIT};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http;

/// What the PCE answered for one call of an import.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportCall {
    /// The rows the call held: their positions among the CSV's rows, the header not counted.
    pub rows: Range<usize>,
    /// The PCE's answer body, when it sent one (what a dry run would change).
    pub answer: Option<serde_json::Value>,
}

/// The query of an import call.
#[derive(Serialize)]
struct ImportQuery<'a> {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    create_labels: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete_token: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    dry_run: bool,
}

/// A progress callback.
type OnProgress<'a> = Box<dyn FnMut(&BulkProgress) + Send + 'a>;

/// An import of workload labels from CSV, run by awaiting it ([`Client::bulk_import`]).
#[must_use = "an import does nothing until it is awaited"]
pub struct BulkImport<'a> {
    client: &'a Client,
    csv: &'a str,
    create_labels: bool,
    delete_token: Option<String>,
    dry_run: bool,
    progress: Option<OnProgress<'a>>,
}

impl Client {
    /// Imports workload labels from `csv` (a header row `href,hostname,role,app,…`, then one
    /// row per workload), [`BULK_LIMIT`] rows to a call; one [`ImportCall`] per call.
    ///
    /// ```no_run
    /// # async fn run(client: illumio_pce::Client) -> illumio_pce::Result<()> {
    /// let csv = "href,hostname,role,env\n\
    ///            /orgs/1/workloads/7a1b,web-1.example.com,web,prod\n\
    ///            /orgs/1/workloads/7a1c,db-1.example.com,db,DELETE\n";
    /// let calls = client
    ///     .bulk_import(csv)
    ///     .create_labels(true)
    ///     .delete_token("DELETE")
    ///     .await?;
    /// assert_eq!(calls[0].rows, 0..2);
    /// # Ok(()) }
    /// ```
    pub fn bulk_import<'a>(&'a self, csv: &'a str) -> BulkImport<'a> {
        BulkImport {
            client: self,
            csv,
            create_labels: false,
            delete_token: None,
            dry_run: false,
            progress: None,
        }
    }
}

impl<'a> BulkImport<'a> {
    /// Creates the labels the CSV names that do not exist yet (else the PCE refuses them).
    pub fn create_labels(mut self, create: bool) -> Self {
        self.create_labels = create;
        self
    }

    /// The cell value that removes a workload's label of that column's key.
    pub fn delete_token(mut self, token: impl Into<String>) -> Self {
        self.delete_token = Some(token.into());
        self
    }

    /// Asks only what the import would change; nothing is changed.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// Calls `progress` after each call the PCE answered (`failed` stays 0: the PCE answers
    /// for a call as a whole, and a call it refuses ends the import with an error).
    pub fn on_progress(mut self, progress: impl FnMut(&BulkProgress) + Send + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    async fn run(self) -> Result<Vec<ImportCall>> {
        let (header, rows) = read_rows(self.csv)?;
        let query = serde_urlencoded::to_string(ImportQuery {
            create_labels: self.create_labels,
            delete_token: self.delete_token.as_deref(),
            dry_run: self.dry_run,
        })
        .map_err(|e| Error::Encode {
            what: "query of bulk_import".to_owned(),
            reason: e.to_string(),
        })?;
        let mut path = self
            .client
            .fill_org("/orgs/:org/workloads/bulk_import")
            .await?;
        if !query.is_empty() {
            path = format!("{path}?{query}");
        }
        let total = rows.len();
        let mut progress = self.progress;
        let mut calls = Vec::with_capacity(total.div_ceil(BULK_LIMIT));
        for (call, chunk) in rows.chunks(BULK_LIMIT).enumerate() {
            let first = call * BULK_LIMIT;
            let held = first..first + chunk.len();
            let answer = send(self.client, &path, &header, chunk)
                .await
                .map_err(|source| Error::Bulk {
                    operation: "bulk_import",
                    items: held.clone(),
                    done: Vec::new(),
                    source: Box::new(source),
                })?;
            tracing::info!(done = held.end, total, "bulk_import call answered");
            if let Some(callback) = &mut progress {
                callback(&BulkProgress {
                    done: held.end,
                    total,
                    failed: 0,
                });
            }
            calls.push(ImportCall { rows: held, answer });
        }
        Ok(calls)
    }
}

/// The header and the rows of `csv`; a row that is not CSV, or has another number of cells
/// than the header, is an [`Error::Encode`] naming its line.
fn read_rows(csv: &str) -> Result<(csv::StringRecord, Vec<csv::StringRecord>)> {
    let refuse = |reason: String| Error::Encode {
        what: "CSV of bulk_import".to_owned(),
        reason,
    };
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().map_err(|e| refuse(e.to_string()))?.clone();
    let rows = reader
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| refuse(e.to_string()))?;
    Ok((header, rows))
}

/// One call with the `rows` under `header`; the PCE's answer body, if any.
async fn send(
    client: &Client,
    path: &str,
    header: &csv::StringRecord,
    rows: &[csv::StringRecord],
) -> Result<Option<serde_json::Value>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let written = std::iter::once(header)
        .chain(rows)
        .try_for_each(|record| writer.write_record(record));
    let body = written
        .map_err(|e| e.to_string())
        .and_then(|()| writer.into_inner().map_err(|e| e.to_string()))
        .map_err(|reason| Error::Encode {
            what: format!("body of PUT {path}"),
            reason,
        })?;
    let options = http::Options {
        csv: true,
        ..http::Options::default()
    };
    let response = client
        .call_with(Method::PUT, path, Some(body), options)
        .await?;
    if !response.is_success() {
        return Err(response.into_error());
    }
    response.decode_or_null::<Option<serde_json::Value>>()
}

impl<'a> IntoFuture for BulkImport<'a> {
    type Output = Result<Vec<ImportCall>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<Vec<ImportCall>>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_quoted_commas_and_newlines_and_a_short_row_is_refused() {
        let (header, rows) =
            read_rows("href,hostname,role\n/w/1,\"a,b\",web\n/w/2,\"two\nlines\",db\n")
                .expect("reads");
        assert_eq!(header.len(), 3);
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][1], "a,b");
        assert_eq!(&rows[1][1], "two\nlines");
        let refused = read_rows("href,hostname,role\n/w/1,web\n").expect_err("refused");
        assert!(
            matches!(&refused, Error::Encode { what, .. } if what == "CSV of bulk_import"),
            "{refused}"
        );
    }
}
