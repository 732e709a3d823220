//! Bulk workload changes: `PUT /orgs/{org_id}/workloads/bulk_create`, `bulk_update` and
//! `bulk_delete` for any number of items, sent in calls of at most [`BULK_LIMIT`] items, one
//! call at a time (the PCE runs one bulk operation per org at once and answers a second one
//! 429, which the client's retries wait out), and every item's result returned in the order
//! of the items.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::{ApiErrorItem, Error, Result};
use crate::http;
use crate::job::Reference;
use crate::Href;

/// The most items the PCE takes in one bulk call.
pub const BULK_LIMIT: usize = 1_000;

/// Which bulk operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BulkOperation {
    /// `bulk_create`: new unmanaged workloads.
    Create,
    /// `bulk_update`: workloads by `href`, with the properties to change.
    Update,
    /// `bulk_delete`: unmanaged workloads by `href`.
    Delete,
}

impl BulkOperation {
    /// The last segment of its path.
    pub fn name(self) -> &'static str {
        match self {
            Self::Create => "bulk_create",
            Self::Update => "bulk_update",
            Self::Delete => "bulk_delete",
        }
    }
}

/// What the PCE answered for one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkItem {
    /// The item's position in what was given.
    pub index: usize,
    /// The workload's `href` (of the one created, for a create).
    pub href: Option<Href>,
    /// The PCE's status for it (`created`, `updated`, `deleted`, `error`,
    /// `validation_failure`, …).
    pub status: Option<String>,
    /// Why it failed, as the PCE's error tokens and messages; empty when it did not.
    pub errors: Vec<ApiErrorItem>,
}

impl BulkItem {
    /// Whether the PCE did what was asked for this item.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
            && !matches!(
                self.status.as_deref(),
                Some("error" | "failed" | "validation_failure")
            )
    }
}

/// How far a bulk operation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BulkProgress {
    /// Items the PCE has answered for.
    pub done: usize,
    /// All items.
    pub total: usize,
    /// Of those done, the items that failed.
    pub failed: usize,
}

/// One item's answer as PCEs send it: `href` and `status`, and for a failure either
/// `token` and `message` or an `errors` array.
#[derive(Deserialize)]
struct Answer {
    href: Option<Href>,
    status: Option<String>,
    token: Option<String>,
    message: Option<String>,
    #[serde(default)]
    errors: Option<Vec<ApiErrorItem>>,
}

impl Answer {
    fn into_item(self, index: usize) -> BulkItem {
        let mut errors = self.errors.unwrap_or_default();
        if let Some(token) = self.token {
            errors.push(ApiErrorItem {
                token,
                message: self.message.unwrap_or_default(),
            });
        }
        BulkItem {
            index,
            href: self.href,
            status: self.status,
            errors,
        }
    }
}

/// A progress callback.
type OnProgress<'a> = Box<dyn FnMut(&BulkProgress) + Send + 'a>;

/// A bulk operation on `items`, run by awaiting it ([`Client::bulk_create`],
/// [`Client::bulk_update`], [`Client::bulk_delete`]).
#[must_use = "a bulk operation does nothing until it is awaited"]
pub struct Bulk<'a, T> {
    client: &'a Client,
    operation: BulkOperation,
    items: &'a [T],
    progress: Option<OnProgress<'a>>,
}

impl Client {
    /// Creates unmanaged workloads, [`BULK_LIMIT`] to a call; the results come in the order
    /// of `workloads`, each with the new workload's `href` or the PCE's error.
    ///
    /// ```no_run
    /// # async fn run(client: illumio_pce::Client) -> illumio_pce::Result<()> {
    /// let workloads: Vec<serde_json::Value> = (0..2_500)
    ///     .map(|i| serde_json::json!({"name": format!("web-{i}"), "hostname": format!("web-{i}.example.com")}))
    ///     .collect();
    /// let results = client
    ///     .bulk_create(&workloads)
    ///     .on_progress(|p| eprintln!("{}/{} ({} failed)", p.done, p.total, p.failed))
    ///     .await?;
    /// for failed in results.iter().filter(|item| !item.is_ok()) {
    ///     eprintln!("item {}: {:?}", failed.index, failed.errors);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn bulk_create<'a, T: Serialize + Sync>(&'a self, workloads: &'a [T]) -> Bulk<'a, T> {
        Bulk::new(self, BulkOperation::Create, workloads)
    }

    /// Changes workloads, each item naming its workload by `href`; as
    /// [`bulk_create`](Client::bulk_create).
    pub fn bulk_update<'a, T: Serialize + Sync>(&'a self, workloads: &'a [T]) -> Bulk<'a, T> {
        Bulk::new(self, BulkOperation::Update, workloads)
    }

    /// Deletes unmanaged workloads by `href`; as [`bulk_create`](Client::bulk_create).
    pub fn bulk_delete<'a>(&'a self, workloads: &'a [Reference]) -> Bulk<'a, Reference> {
        Bulk::new(self, BulkOperation::Delete, workloads)
    }
}

impl<'a, T: Serialize + Sync> Bulk<'a, T> {
    fn new(client: &'a Client, operation: BulkOperation, items: &'a [T]) -> Self {
        Self {
            client,
            operation,
            items,
            progress: None,
        }
    }

    /// Calls `progress` after each call the PCE answered.
    pub fn on_progress(mut self, progress: impl FnMut(&BulkProgress) + Send + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    async fn run(self) -> Result<Vec<BulkItem>> {
        let Bulk {
            client,
            operation,
            items,
            mut progress,
        } = self;
        let path = client
            .fill_org(&format!("/orgs/:org/workloads/{}", operation.name()))
            .await?;
        let total = items.len();
        let mut results = Vec::with_capacity(total);
        let mut done = BulkProgress {
            done: 0,
            total,
            failed: 0,
        };
        for (call, chunk) in items.chunks(BULK_LIMIT).enumerate() {
            let first = call * BULK_LIMIT;
            let answered =
                send(client, operation, &path, chunk, first)
                    .await
                    .map_err(|source| Error::Bulk {
                        operation: operation.name(),
                        items: first..first + chunk.len(),
                        done: std::mem::take(&mut results),
                        source: Box::new(source),
                    })?;
            done.done = first + chunk.len();
            done.failed += answered.iter().filter(|item| !item.is_ok()).count();
            tracing::info!(
                operation = operation.name(),
                done = done.done,
                total,
                failed = done.failed,
                "bulk call answered"
            );
            if let Some(callback) = &mut progress {
                callback(&done);
            }
            results.extend(answered);
        }
        Ok(results)
    }
}

/// One call with `chunk`, whose first item is item `first`: a result per item sent, one the
/// PCE left out being an error of its own ([`NO_RESULT`]).
async fn send<T: Serialize>(
    client: &Client,
    operation: BulkOperation,
    path: &str,
    chunk: &[T],
    first: usize,
) -> Result<Vec<BulkItem>> {
    let body = serde_json::to_vec(chunk).map_err(|source| Error::Encode {
        what: format!("body of PUT {path}"),
        reason: source.to_string(),
    })?;
    let options = http::Options {
        creates: operation == BulkOperation::Create,
        ..http::Options::default()
    };
    let response = client
        .call_with(Method::PUT, path, Some(body), options)
        .await?;
    if !response.is_success() {
        return Err(response.into_error());
    }
    let answers: Vec<Answer> = response.decode_or_null::<Option<_>>()?.unwrap_or_default();
    let mut items: Vec<BulkItem> = answers
        .into_iter()
        .take(chunk.len())
        .zip(first..)
        .map(|(answer, index)| answer.into_item(index))
        .collect();
    let missing = first + items.len()..first + chunk.len();
    items.extend(missing.map(|index| BulkItem {
        index,
        href: None,
        status: None,
        errors: vec![ApiErrorItem {
            token: NO_RESULT.to_owned(),
            message: "the PCE's answer has no result for this item".to_owned(),
        }],
    }));
    Ok(items)
}

/// The token of an item the PCE's answer left out (not one of the PCE's own tokens).
pub const NO_RESULT: &str = "illumio_pce_no_result";

impl<'a, T: Serialize + Sync + 'a> IntoFuture for Bulk<'a, T> {
    type Output = Result<Vec<BulkItem>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<Vec<BulkItem>>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_read_as_a_token_or_an_errors_array() {
        let answers: Vec<Answer> = serde_json::from_str(
            r#"[{"href": "/orgs/1/workloads/a", "status": "updated"},
                {"href": "/orgs/1/workloads/b", "status": "validation_failure", "token": "invalid_uri", "message": "no"},
                {"status": null, "errors": [{"token": "not_found", "message": "gone"}]}]"#,
        )
        .expect("decodes");
        let items: Vec<BulkItem> = answers
            .into_iter()
            .enumerate()
            .map(|(index, answer)| answer.into_item(index))
            .collect();
        assert!(items[0].is_ok());
        assert_eq!(items[1].errors[0].token, "invalid_uri");
        assert!(!items[1].is_ok());
        assert_eq!(items[2].errors[0].token, "not_found");
        assert!(!items[2].is_ok() && items[2].href.is_none());
    }
}
