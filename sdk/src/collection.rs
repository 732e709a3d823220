//! Collections of any size. A synchronous collection `GET` returns at most 500 objects, and
//! says how many there are in `X-Total-Count`: a truncated answer is
//! [`Error::Truncated`](crate::Error::Truncated), never a silent partial list. [`Collect`]
//! gets them all: the synchronous answer when it holds everything, else an async job
//! (`Prefer: respond-async`) polled until done, its datafile decoded item by item as it
//! arrives.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::api_request::ApiRequest;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{Options, Response};
use crate::job::{Job, JobPolling, JobProgress, JobStatus};
use crate::json_array::{count_items, ArrayReader};
use crate::redact::snippet;

/// The check every collection `GET` goes through: an answer holding fewer items than
/// `X-Total-Count` says there are, and fewer than the query's `max_results` asked for, is
/// [`Error::Truncated`]. Answers without the header, or that are not arrays, pass.
pub(crate) fn check_complete(response: &Response, query: Option<&str>) -> Result<()> {
    let total = response
        .headers
        .get("x-total-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let Some(total) = total else {
        return Ok(());
    };
    let Some(received) = count_items(&response.body) else {
        return Ok(());
    };
    let wanted = max_results(query).map_or(total, |asked| asked.min(total));
    if received < wanted {
        return Err(Error::Truncated {
            method: response.method.clone(),
            path: response.path.clone(),
            received,
            total,
            request_id: response.request_id.clone(),
        });
    }
    Ok(())
}

/// `response` when it is a success and, for a collection, whole ([`check_complete`]); else
/// the error it stands for.
pub(crate) fn complete(response: Response, query: Option<&str>) -> Result<Response> {
    if !response.is_success() {
        return Err(response.into_error());
    }
    check_complete(&response, query)?;
    Ok(response)
}

/// The `max_results` of a query string.
fn max_results(query: Option<&str>) -> Option<u64> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(key, _)| key == "max_results")
        .and_then(|(_, value)| value.trim().parse().ok())
}

impl Client {
    /// Every object of the collection `request` gets, however many: the synchronous answer
    /// when it holds them all, else an async job, polled as the client's
    /// [`JobPolling`] says, whose datafile is decoded into `T` as it downloads. The query
    /// (filters, `max_results`) goes to both. Await it, or set a progress callback first.
    ///
    /// ```no_run
    /// # async fn run(client: illumio_pce::Client) -> illumio_pce::Result<()> {
    /// use illumio_pce::ApiRequest;
    /// let workloads: Vec<serde_json::Value> = client
    ///     .collect(ApiRequest::get("/orgs/:org/workloads"))
    ///     .on_progress(|p| eprintln!("{} {} after {:?}, {} items", p.job, p.status, p.elapsed, p.items))
    ///     .await?;
    /// println!("{} workloads", workloads.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn collect<T: DeserializeOwned>(&self, request: ApiRequest) -> Collect<'_, T> {
        Collect::new(self, Ok(request))
    }
}

/// A progress callback.
type OnProgress<'a> = Box<dyn FnMut(&JobProgress) + Send + 'a>;

/// A collection being fetched whole: what [`Client::collect`] returns. Await it.
#[must_use = "a Collect does nothing until it is awaited"]
pub struct Collect<'a, T> {
    client: &'a Client,
    request: Result<ApiRequest>,
    polling: JobPolling,
    progress: Option<OnProgress<'a>>,
    item: PhantomData<fn() -> T>,
}

impl<'a, T> Collect<'a, T> {
    /// The collection `request` gets, through `client`: what [`Client::collect`] and the
    /// generated `*_all` endpoints return. An error building the request (an unencodable
    /// query) comes out when it is awaited.
    pub fn new(client: &'a Client, request: Result<ApiRequest>) -> Self {
        Self {
            client,
            request,
            polling: client.inner().job_polling,
            progress: None,
            item: PhantomData,
        }
    }

    /// Calls `progress` at each poll of the async job and as its datafile downloads (not at
    /// all when the synchronous answer holds everything).
    pub fn on_progress(mut self, progress: impl FnMut(&JobProgress) + Send + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Polls this collection's job as `polling` says instead of as the client does.
    pub fn polling(mut self, polling: JobPolling) -> Self {
        self.polling = polling;
        self
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> IntoFuture for Collect<'a, T> {
    type Output = Result<Vec<T>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<Vec<T>>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> Collect<'a, T> {
    async fn run(self) -> Result<Vec<T>> {
        let Collect {
            client,
            request,
            polling,
            progress: callback,
            ..
        } = self;
        let request = request?;
        let total = match client.send::<Vec<T>>(request.clone()).await {
            Ok(answer) => return Ok(answer.body),
            Err(Error::Truncated { total, .. }) => total,
            Err(other) => return Err(other),
        };
        let mut path = client.fill_org(request.path()).await?;
        if let Some(query) = request.query_string() {
            path = format!("{path}?{query}");
        }
        let options = Options {
            respond_async: true,
            ..Options::default()
        };
        let accepted = client.call_with(Method::GET, &path, None, options).await?;
        if accepted.status != StatusCode::ACCEPTED {
            // The PCE answered at once after all: that answer must be whole.
            return complete(accepted, request.query_string())?.decode();
        }
        let Some(job) = accepted
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok())
        else {
            return Err(Error::Decode {
                what: format!("GET {} (async)", accepted.path),
                status: accepted.status,
                request_id: accepted.request_id.clone(),
                snippet: snippet(&accepted.body),
                source: serde::de::Error::custom("a 202 without Location names no job"),
            });
        };
        let mut watch = Watch {
            client,
            polling,
            callback,
            started: Instant::now(),
            progress: JobProgress {
                job: below_api(job).to_owned(),
                status: JobStatus::Pending,
                elapsed: Duration::ZERO,
                items: 0,
                total: Some(total),
            },
        };
        let deadline = polling.job_deadline();
        let outcome = tokio::time::timeout(deadline, watch.finish(accepted.retry_after)).await;
        outcome.unwrap_or_else(|_| {
            Err(Error::JobDeadline {
                job: watch.progress.job,
                status: watch.progress.status,
                after: deadline,
            })
        })
    }
}

/// An async job being waited for, and what its watchers are told.
struct Watch<'a> {
    client: &'a Client,
    polling: JobPolling,
    callback: Option<OnProgress<'a>>,
    /// When the job was accepted.
    started: Instant,
    progress: JobProgress,
}

impl Watch<'_> {
    /// Polls the job until it is done, then downloads its datafile.
    async fn finish<T: DeserializeOwned>(
        &mut self,
        mut retry_after: Option<Duration>,
    ) -> Result<Vec<T>> {
        let mut polls = 0;
        let datafile = loop {
            tokio::time::sleep(self.polling.wait(retry_after, polls)).await;
            polls += 1;
            let answer = self
                .client
                .call(Method::GET, &self.progress.job, None)
                .await?;
            retry_after = answer.retry_after;
            let job: Job = Client::expect_json(answer)?;
            self.progress.status = job.status.clone();
            self.report();
            tracing::info!(
                job = %self.progress.job,
                status = %self.progress.status,
                elapsed_ms = self.progress.elapsed.as_millis() as u64,
                "async collection job"
            );
            match job.status {
                JobStatus::Done => match job.result_href() {
                    Some(href) => break below_api(href).to_owned(),
                    None => {
                        return Err(Error::JobFailed {
                            job: self.progress.job.clone(),
                            details: Some("the job is done but names no result.href".into()),
                        })
                    }
                },
                JobStatus::Failed => {
                    let details = job
                        .result
                        .map(|result| snippet(result.to_string().as_bytes()).into_boxed_str());
                    return Err(Error::JobFailed {
                        job: self.progress.job.clone(),
                        details,
                    });
                }
                _ => {}
            }
        };
        let left = self
            .polling
            .job_deadline()
            .saturating_sub(self.started.elapsed());
        self.download(&datafile, left).await
    }

    /// Reads the datafile at `href` as it arrives, decoding each item into `T`.
    async fn download<T: DeserializeOwned>(
        &mut self,
        href: &str,
        left: Duration,
    ) -> Result<Vec<T>> {
        let options = Options {
            stream: Some(left),
            ..Options::default()
        };
        let mut response = self
            .client
            .call_with(Method::GET, href, None, options)
            .await?;
        let Some(mut body) = response.stream.take() else {
            return Err(response.into_error());
        };
        let what = format!("GET {} (datafile of {})", response.path, self.progress.job);
        let decode_error = |source| Error::Decode {
            what: what.clone(),
            status: response.status,
            request_id: response.request_id.clone(),
            snippet: String::new(),
            source,
        };
        let expected = self.progress.total.unwrap_or(0).min(1 << 20) as usize;
        let mut items = Vec::with_capacity(expected);
        let mut reader = ArrayReader::new();
        while let Some(chunk) = body.chunk().await.map_err(|source| Error::Transport {
            method: Method::GET,
            path: response.path.clone(),
            attempts: 1,
            source,
        })? {
            reader
                .feed(&chunk, &mut |item| items.push(item))
                .map_err(decode_error)?;
            self.progress.items = items.len() as u64;
            self.report();
        }
        reader.finish().map_err(decode_error)?;
        tracing::info!(
            job = %self.progress.job,
            items = items.len(),
            elapsed_ms = self.started.elapsed().as_millis() as u64,
            "async collection downloaded"
        );
        Ok(items)
    }

    /// Tells the callback where the job is.
    fn report(&mut self) {
        self.progress.elapsed = self.started.elapsed();
        if let Some(callback) = self.callback.as_mut() {
            callback(&self.progress);
        }
    }
}

/// An `href` the PCE sent, below `/api/v2` (a `Location` may carry the prefix).
fn below_api(href: &str) -> &str {
    href.strip_prefix("/api/v2").unwrap_or(href)
}

#[cfg(test)]
mod tests {
    use super::max_results;

    #[test]
    fn max_results_is_read_from_the_query() {
        assert_eq!(max_results(Some("key=role&max_results=1000")), Some(1000));
        assert_eq!(max_results(Some("key=role")), None);
        assert_eq!(max_results(None), None);
    }
}
