//! Collections of any size. A synchronous collection `GET` returns at most 500 objects (a
//! truncated answer is [`Error::Truncated`](crate::Error::Truncated), see `truncation`).
//! [`Collect`] gets them all: the synchronous answer when it holds everything, else an async
//! job (`Prefer: respond-async`) polled until done, its datafile decoded item by item as it
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
use crate::http::Options;
use crate::job::{Job, JobPolling, JobProgress, JobStatus};
use crate::json_array::ArrayReader;
use crate::redact::snippet;
use crate::truncation::{complete, wanted, with_query};

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
    #[doc(hidden)]
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
        let path = with_query(
            client.fill_org(request.path()).await?,
            request.query_string(),
        );
        // Sent once, not again after a 5xx or a broken connection: the PCE may have started
        // the job already, and a second one would be left running.
        let options = Options {
            respond_async: true,
            ..Options::default()
        };
        let accepted = client.call_with(Method::GET, &path, None, options).await?;
        if accepted.status != StatusCode::ACCEPTED {
            // The PCE answered at once after all: that answer must be whole.
            return complete(accepted, &path)?.decode();
        }
        let job = accepted
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .ok_or("a 202 without Location names no job")
            .and_then(|href| client.href_below_api(href));
        let job = match job {
            Ok(job) => job,
            Err(why) => {
                return Err(Error::Decode {
                    what: format!("GET {} (async)", accepted.path),
                    status: accepted.status,
                    request_id: accepted.request_id.clone(),
                    snippet: snippet(&accepted.body),
                    source: serde::de::Error::custom(why),
                })
            }
        };
        let mut watch = Watch {
            client,
            polling,
            callback,
            started: Instant::now(),
            progress: JobProgress {
                job,
                status: JobStatus::Pending,
                elapsed: Duration::ZERO,
                items: 0,
                total: Some(wanted(total, &path)),
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
            let (status, request_id) = (answer.status, answer.request_id.clone());
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
                JobStatus::Done => {
                    let datafile = job
                        .result_href()
                        .ok_or("the job is done but names no result.href")
                        .and_then(|href| self.client.href_below_api(href));
                    match datafile {
                        Ok(datafile) => break datafile,
                        Err(why) => {
                            return Err(Error::Decode {
                                what: format!("GET {}", self.progress.job),
                                status,
                                request_id,
                                snippet: String::new(),
                                source: serde::de::Error::custom(why),
                            })
                        }
                    }
                }
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
        self.download(&datafile).await
    }

    /// Reads the datafile at `href` as it arrives, decoding each item into `T`. A download
    /// that breaks off is started again, as many times as the retry policy sends a request.
    async fn download<T: DeserializeOwned>(&mut self, href: &str) -> Result<Vec<T>> {
        let attempts = self.client.inner().policy.retry.attempts();
        let mut attempt = 1;
        loop {
            match self.download_once(href).await {
                Err(Failure::BrokeOff(source)) if attempt < attempts => {
                    tracing::warn!(
                        job = %self.progress.job,
                        attempt,
                        error = %source,
                        "the datafile download broke off; starting it again"
                    );
                    attempt += 1;
                }
                Err(Failure::BrokeOff(source)) => {
                    return Err(Error::Transport {
                        method: Method::GET,
                        path: format!("/api/v2{href}"),
                        attempts: attempt,
                        source,
                    })
                }
                Err(Failure::Error(error)) => return Err(error),
                Ok(items) => return Ok(items),
            }
        }
    }

    /// One download of the datafile.
    async fn download_once<T: DeserializeOwned>(
        &mut self,
        href: &str,
    ) -> std::result::Result<Vec<T>, Failure> {
        let left = self
            .polling
            .job_deadline()
            .saturating_sub(self.started.elapsed());
        let options = Options {
            stream: Some(left),
            ..Options::default()
        };
        let mut response = self
            .client
            .call_with(Method::GET, href, None, options)
            .await
            .map_err(Failure::Error)?;
        let Some(mut body) = response.stream.take() else {
            return Err(Failure::Error(response.into_error()));
        };
        let what = format!("GET {} (datafile of {})", response.path, self.progress.job);
        let decode_error = |source| {
            Failure::Error(Error::Decode {
                what: what.clone(),
                status: response.status,
                request_id: response.request_id.clone(),
                snippet: String::new(),
                source,
            })
        };
        // Room for the items expected, taken 16 MiB at a time (the count is the server's word,
        // and growing by doubling would leave up to half of it unused).
        let step = ((16 << 20) / std::mem::size_of::<T>().max(1)).max(1);
        let expected = usize::try_from(self.progress.total.unwrap_or(0)).unwrap_or(usize::MAX);
        let mut items: Vec<T> = Vec::new();
        let mut reader = ArrayReader::new(self.client.inner().policy.max_response_bytes);
        self.progress.items = 0;
        while let Some(chunk) = body.chunk().await.map_err(Failure::BrokeOff)? {
            reader
                .feed(&chunk, &mut |item| {
                    if items.len() == items.capacity() && items.len() < expected {
                        items.reserve_exact((expected - items.len()).min(step));
                    }
                    items.push(item);
                })
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

/// Why one download of a datafile ended early.
enum Failure {
    /// The connection broke off: worth starting again.
    BrokeOff(reqwest::Error),
    /// Anything else (the PCE's answer, a decode error): final.
    Error(Error),
}

impl Client {
    /// An `href` the PCE sent (a job's `Location`, a `result.href`) as a path below
    /// `/api/v2`: a path, with or without the `/api/v2` prefix, or a URL of the PCE itself.
    fn href_below_api(&self, href: &str) -> std::result::Result<String, &'static str> {
        let path = if href.starts_with("https://") || href.starts_with("http://") {
            let url = url::Url::parse(href).map_err(|_| "the PCE sent an href that is no URL")?;
            if url.origin() != self.inner().pce.origin() {
                return Err("the PCE sent an href on another host");
            }
            url[url::Position::BeforePath..].to_owned()
        } else {
            href.to_owned()
        };
        Ok(path.strip_prefix("/api/v2").unwrap_or(&path).to_owned())
    }
}
