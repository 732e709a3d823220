//! Collections of any size. A synchronous collection `GET` returns at most 500 objects (a
//! truncated answer is [`Error::Truncated`](crate::Error::Truncated), see `truncation`).
//! [`Collect`] gets them all: the synchronous answer when it holds everything, else an async
//! job (`Prefer: respond-async`) polled until done, its datafile decoded item by item as it
//! arrives: awaited, into a `Vec`; or, through [`Collect::into_stream`], handed out one item
//! at a time as they are read.

use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures_util::Stream;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::api_request::ApiRequest;
use crate::array_download::{ArrayDownload, Chunk};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::Options;
use crate::job::{Job, JobPolling, JobProgress, JobStatus};
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

/// A collection being fetched whole: what [`Client::collect`] returns. Await it, or read it
/// item by item with [`Collect::into_stream`].
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
        Box::pin(async move {
            let mut items = Items::new(self);
            let mut all: Vec<T> = Vec::new();
            // Room for the items expected, taken 16 MiB at a time (the count is the server's
            // word, and growing by doubling would leave up to half of it unused).
            let step = ((16 << 20) / std::mem::size_of::<T>().max(1)).max(1);
            while let Some(item) = items.next().await {
                let expected = items.expected();
                if all.len() == all.capacity() && all.len() < expected {
                    all.reserve_exact((expected - all.len()).min(step));
                }
                all.push(item?);
            }
            Ok(all)
        })
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> Collect<'a, T> {
    /// The collection's objects one at a time, as they arrive: each one is handed out as soon
    /// as the datafile (or the synchronous answer) has been read that far, so that 50,000
    /// workloads are processed without holding them all. A download that breaks off is
    /// started again without handing out an object twice; after an error the stream ends.
    ///
    /// ```no_run
    /// # async fn run(client: illumio_pce::Client) -> illumio_pce::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use illumio_pce::ApiRequest;
    ///
    /// let workloads = client.collect::<serde_json::Value>(ApiRequest::get("/orgs/:org/workloads"));
    /// let mut workloads = std::pin::pin!(workloads.into_stream());
    /// let mut online = 0;
    /// while let Some(workload) = workloads.try_next().await? {
    ///     online += usize::from(workload["online"] == true);
    /// }
    /// println!("{online} online");
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_stream(self) -> impl Stream<Item = Result<T>> + Send + 'a {
        futures_util::stream::unfold(Items::new(self), |mut items| async move {
            let item = items.next().await?;
            Some((item, items))
        })
    }
}

/// A [`Collect`] read one object at a time: the objects read and not yet handed out, and
/// where the reading is.
struct Items<'a, T> {
    ready: VecDeque<T>,
    stage: Stage<'a>,
}

/// Where the reading of a [`Collect`] is.
enum Stage<'a> {
    /// Nothing sent yet.
    Start {
        client: &'a Client,
        /// Boxed: a request is larger than the other stages.
        request: Box<Result<ApiRequest>>,
        polling: JobPolling,
        callback: Option<OnProgress<'a>>,
    },
    /// The job is done: its datafile is being read.
    Download(Box<Download<'a>>),
    /// Everything was read, or an error ended it.
    Done,
}

/// A done job's datafile being read.
struct Download<'a> {
    watch: Watch<'a>,
    /// The datafile's path.
    datafile: String,
    /// The answer being read, when one is open.
    body: Option<Body>,
    /// How many objects the datafile has given so far (a download started again skips them).
    received: u64,
    /// Which download this is, from 1.
    attempt: u32,
}

/// One download of a datafile, and the objects it still has to skip: those an earlier
/// download gave.
struct Body {
    download: ArrayDownload,
    skip: u64,
}

impl<'a, T: DeserializeOwned + Send + 'a> Items<'a, T> {
    fn new(collect: Collect<'a, T>) -> Self {
        Self {
            ready: VecDeque::new(),
            stage: Stage::Start {
                client: collect.client,
                request: Box::new(collect.request),
                polling: collect.polling,
                callback: collect.progress,
            },
        }
    }

    /// How many objects the collection is expected to have (0 while unknown).
    fn expected(&self) -> usize {
        match &self.stage {
            Stage::Download(download) => download
                .watch
                .progress
                .total
                .and_then(|t| usize::try_from(t).ok())
                .unwrap_or(0),
            _ => 0,
        }
    }

    /// The next object, `None` once all were handed out (or an error was).
    async fn next(&mut self) -> Option<Result<T>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(Ok(item));
            }
            let stage = match std::mem::replace(&mut self.stage, Stage::Done) {
                Stage::Done => return None,
                Stage::Start {
                    client,
                    request,
                    polling,
                    callback,
                } => self.start(client, *request, polling, callback).await,
                Stage::Download(download) => self.read(download).await,
            };
            match stage {
                Ok(stage) => self.stage = stage,
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// Sends the request: the answer when it holds everything, else an async job, waited
    /// for until it is done.
    async fn start(
        &mut self,
        client: &'a Client,
        request: Result<ApiRequest>,
        polling: JobPolling,
        callback: Option<OnProgress<'a>>,
    ) -> Result<Stage<'a>> {
        let request = request?;
        let total = match client.send::<Vec<T>>(request.clone()).await {
            Ok(answer) => {
                self.ready.extend(answer.body);
                return Ok(Stage::Done);
            }
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
            let all: Vec<T> = complete(accepted, &path)?.decode()?;
            self.ready.extend(all);
            return Ok(Stage::Done);
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
        let datafile = tokio::time::timeout(deadline, watch.wait(accepted.retry_after))
            .await
            .unwrap_or_else(|_| Err(watch.overdue()))?;
        Ok(Stage::Download(Box::new(Download {
            watch,
            datafile,
            body: None,
            received: 0,
            attempt: 1,
        })))
    }

    /// Reads the datafile a chunk further (opening it first, or again after it broke off),
    /// the objects of that chunk made ready.
    async fn read(&mut self, mut download: Box<Download<'a>>) -> Result<Stage<'a>> {
        let left = download
            .watch
            .polling
            .job_deadline()
            .saturating_sub(download.watch.started.elapsed());
        let Some(body) = download.body.as_mut() else {
            let body = download.open(left).await?;
            download.body = Some(body);
            return Ok(Stage::Download(download));
        };
        let ready = &mut self.ready;
        let mut received = 0;
        let skip = &mut body.skip;
        let chunk = body
            .download
            .next_chunk(left, &mut |item: T| {
                if *skip > 0 {
                    *skip -= 1;
                } else {
                    ready.push_back(item);
                    received += 1;
                }
            })
            .await?;
        match chunk {
            Chunk::Read => {
                download.received += received;
                download.watch.progress.items = download.received;
                download.watch.report();
                Ok(Stage::Download(download))
            }
            Chunk::End => {
                tracing::info!(
                    job = %download.watch.progress.job,
                    items = download.received,
                    elapsed_ms = download.watch.started.elapsed().as_millis() as u64,
                    "async collection downloaded"
                );
                Ok(Stage::Done)
            }
            Chunk::Overdue => Err(download.watch.overdue()),
            Chunk::Broken(source) => {
                let attempts = download.watch.client.inner().policy.retry.attempts();
                if download.attempt >= attempts {
                    return Err(Error::Transport {
                        method: Method::GET,
                        path: format!("/api/v2{}", download.datafile),
                        attempts: download.attempt,
                        source,
                    });
                }
                tracing::warn!(
                    job = %download.watch.progress.job,
                    attempt = download.attempt,
                    error = %source,
                    "the datafile download broke off; starting it again"
                );
                download.attempt += 1;
                download.body = None;
                Ok(Stage::Download(download))
            }
        }
    }
}

impl Download<'_> {
    /// Asks for the datafile, to be read within `left`; the objects already received are
    /// to be skipped.
    async fn open(&mut self, left: Duration) -> Result<Body> {
        let about = format!("datafile of {}", self.watch.progress.job);
        let download = ArrayDownload::open(self.watch.client, &self.datafile, &about, left).await?;
        Ok(Body {
            download,
            skip: self.received,
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
    /// Polls the job until it is done; the path of its datafile.
    async fn wait(&mut self, mut retry_after: Option<Duration>) -> Result<String> {
        let mut polls = 0;
        loop {
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
                    return datafile.map_err(|why| Error::Decode {
                        what: format!("GET {}", self.progress.job),
                        status,
                        request_id,
                        snippet: String::new(),
                        source: serde::de::Error::custom(why),
                    });
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
        }
    }

    /// The error of a job not done, and downloaded, within the polling's deadline.
    fn overdue(&self) -> Error {
        Error::JobDeadline {
            job: self.progress.job.clone(),
            status: self.progress.status.clone(),
            after: self.polling.job_deadline(),
        }
    }

    /// Tells the callback where the job is.
    fn report(&mut self) {
        self.progress.elapsed = self.started.elapsed();
        if let Some(callback) = self.callback.as_mut() {
            callback(&self.progress);
        }
    }
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
