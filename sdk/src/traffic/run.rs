//! Running a traffic query: `POST …/traffic_flows/async_queries`, polls of the query while
//! it is `queued` or `working` (at the pace of the client's [`JobPolling`], under its one
//! deadline, answering with the PCE's reason when it is `failed`), then
//! `GET …/async_queries/{uuid}/download`, whose flows are decoded as they arrive; with the
//! draft policy's view, `PUT …/update_rules` and polls until the query's `rules` are
//! `completed` before the download. Dropping the future or the stream stops it.

use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant};

use futures_util::Stream;
use reqwest::Method;
use serde_json::Value;

use super::{TrafficFlow, TrafficQuery};
use crate::array_download::{ArrayDownload, Chunk};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::job::{JobPolling, JobStatus};
use crate::redact::snippet;

/// Where a traffic query is, as told to a progress callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficProgress {
    /// The query's href, to look it up later.
    pub query: String,
    /// Its last known status (`queued`, `working`, `completed`, …).
    pub status: String,
    /// Time since it was submitted.
    pub elapsed: Duration,
    /// Flows downloaded so far.
    pub flows: u64,
    /// The flows the PCE said it found (`flows_count`), once it said so.
    pub total: Option<u64>,
}

/// A progress callback.
type OnProgress<'a> = Box<dyn FnMut(&TrafficProgress) + Send + 'a>;

/// A traffic query to run ([`Client::traffic`]): await it for every flow, or take its flows
/// one at a time with [`Traffic::into_stream`].
#[must_use = "a traffic query does nothing until it is awaited or streamed"]
pub struct Traffic<'a> {
    client: &'a Client,
    query: Value,
    polling: JobPolling,
    progress: Option<OnProgress<'a>>,
    draft_policy: bool,
}

impl Client {
    /// Runs `query` to its flows.
    ///
    /// ```no_run
    /// # async fn run(client: illumio_pce::Client) -> illumio_pce::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use illumio_pce::traffic::{PolicyDecision, TrafficQuery};
    ///
    /// let query = TrafficQuery::new("blocked today").decision(PolicyDecision::Blocked);
    /// let flows = client
    ///     .traffic(&query)
    ///     .on_progress(|p| eprintln!("{} {} ({} flows)", p.query, p.status, p.flows));
    /// let mut flows = std::pin::pin!(flows.into_stream());
    /// while let Some(flow) = flows.try_next().await? {
    ///     println!("{:?} -> {:?}", flow.src.and_then(|s| s.ip), flow.dst.and_then(|d| d.ip));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn traffic(&self, query: &TrafficQuery) -> Traffic<'_> {
        Traffic {
            client: self,
            query: query.to_json(),
            polling: self.inner().job_polling,
            progress: None,
            draft_policy: false,
        }
    }
}

impl<'a> Traffic<'a> {
    /// Calls `progress` at each poll of the query and as its flows download.
    pub fn on_progress(mut self, progress: impl FnMut(&TrafficProgress) + Send + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// How this query is polled, and its deadline (default: the client's
    /// [`job_polling`](crate::ClientBuilder::job_polling)).
    pub fn polling(mut self, polling: JobPolling) -> Self {
        self.polling = polling;
        self
    }

    /// Also asks what the draft policy says of each flow: once the query completed, `PUT
    /// …/update_rules` and polls the query until its `rules` are `completed`; each flow then
    /// has its `draft_policy_decision` (in [`TrafficFlow::extra`]).
    pub fn with_draft_policy(mut self) -> Self {
        self.draft_policy = true;
        self
    }

    /// The flows one at a time, as the download arrives: only the flows not handed out yet
    /// are held. After an error the stream ends.
    pub fn into_stream(self) -> impl Stream<Item = Result<TrafficFlow>> + Send + 'a {
        futures_util::stream::unfold(Flows::Submit(self), |state| async move {
            let (item, next) = state.next().await?;
            Some((item, next))
        })
    }
}

impl<'a> IntoFuture for Traffic<'a> {
    type Output = Result<Vec<TrafficFlow>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<Vec<TrafficFlow>>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            use futures_util::TryStreamExt;
            self.into_stream().try_collect().await
        })
    }
}

/// Where the running of a query is.
enum Flows<'a> {
    Submit(Traffic<'a>),
    Download(Box<Download<'a>>),
    Done,
}

/// A completed query's download being read.
struct Download<'a> {
    run: Run<'a>,
    download: ArrayDownload,
    ready: VecDeque<TrafficFlow>,
}

/// A submitted query and who watches it.
struct Run<'a> {
    client: &'a Client,
    polling: JobPolling,
    callback: Option<OnProgress<'a>>,
    started: Instant,
    progress: TrafficProgress,
}

impl<'a> Flows<'a> {
    /// The next flow (or error), and what follows it; `None` at the end.
    async fn next(self) -> Option<(Result<TrafficFlow>, Flows<'a>)> {
        let mut state = self;
        loop {
            state = match state {
                Flows::Done => return None,
                Flows::Submit(traffic) => match submit(traffic).await {
                    Ok(download) => Flows::Download(download),
                    Err(error) => return Some((Err(error), Flows::Done)),
                },
                Flows::Download(mut download) => {
                    if let Some(flow) = download.ready.pop_front() {
                        return Some((Ok(flow), Flows::Download(download)));
                    }
                    match download.read().await {
                        Ok(true) => Flows::Download(download),
                        Ok(false) if download.ready.is_empty() => Flows::Done,
                        Ok(false) => Flows::Download(download),
                        Err(error) => return Some((Err(error), Flows::Done)),
                    }
                }
            };
        }
    }
}

/// Submits the query, waits for it to complete and opens its download.
async fn submit(traffic: Traffic<'_>) -> Result<Box<Download<'_>>> {
    let Traffic {
        client,
        query,
        polling,
        progress: callback,
        draft_policy,
    } = traffic;
    let deadline = polling.job_deadline();
    let started = Instant::now();
    let path = client
        .fill_org("/orgs/:org/traffic_flows/async_queries")
        .await?;
    // A POST: not sent again after a failure the PCE may have survived.
    let answer = client
        .call(Method::POST, &path, Some(query.to_string().into_bytes()))
        .await?;
    let (retry_after, status, request_id) =
        (answer.retry_after, answer.status, answer.request_id.clone());
    let submitted: Value = Client::expect_json(answer)?;
    let href = submitted["href"].as_str().unwrap_or_default().to_owned();
    if !href.starts_with('/') {
        return Err(Error::Decode {
            what: format!("POST {path}"),
            status,
            request_id,
            snippet: snippet(submitted.to_string().as_bytes()),
            source: serde::de::Error::custom("the query the PCE answered has no href"),
        });
    }
    let mut run = Run {
        client,
        polling,
        callback,
        started,
        progress: TrafficProgress {
            query: href,
            status: status_of(&submitted),
            elapsed: Duration::ZERO,
            flows: 0,
            total: None,
        },
    };
    run.report();
    tracing::info!(
        query = %run.progress.query,
        status = %run.progress.status,
        "traffic query submitted"
    );
    let limit = query["max_results"].as_u64().unwrap_or(0);
    let waited = tokio::time::timeout(deadline, async {
        let completed = run.wait(&submitted, retry_after).await?;
        if draft_policy {
            run.update_rules(completed, limit).await?;
        }
        Ok(())
    })
    .await;
    waited.unwrap_or_else(|_| Err(run.overdue()))?;
    let left = deadline.saturating_sub(started.elapsed());
    let path = format!("{}/download", run.progress.query);
    let about = format!("flows of {}", run.progress.query);
    let download = ArrayDownload::open(client, &path, &about, left).await?;
    Ok(Box::new(Download {
        run,
        download,
        ready: VecDeque::new(),
    }))
}

/// A query's `status`.
fn status_of(query: &Value) -> String {
    query["status"].as_str().unwrap_or("unknown").to_owned()
}

impl Run<'_> {
    /// Polls the query until it is completed (or fails); the completed query.
    async fn wait(
        &mut self,
        submitted: &Value,
        mut retry_after: Option<Duration>,
    ) -> Result<Value> {
        let mut query = submitted.clone();
        let mut polls = 0;
        loop {
            match self.progress.status.as_str() {
                // illumio-py also takes `done`.
                "completed" | "done" => {
                    self.progress.total = query["flows_count"].as_u64();
                    return Ok(query);
                }
                "failed" | "killed" | "cancel_requested" => {
                    // The reason, where the PCE gives one; else the whole query.
                    let reason = ["result", "error", "errors"]
                        .iter()
                        .find_map(|key| query.get(*key).filter(|v| !v.is_null()))
                        .unwrap_or(&query);
                    return Err(Error::JobFailed {
                        job: self.progress.query.clone(),
                        details: Some(snippet(reason.to_string().as_bytes()).into_boxed_str()),
                    });
                }
                _ => {}
            }
            (query, retry_after) = self.poll(retry_after, &mut polls).await?;
            self.progress.status = status_of(&query);
            self.report();
            tracing::info!(
                query = %self.progress.query,
                status = %self.progress.status,
                elapsed_ms = self.progress.elapsed.as_millis() as u64,
                "traffic query"
            );
        }
    }

    /// Asks for the draft policy's view of the completed `query`'s first `limit` flows and
    /// polls it until its `rules` are `completed`.
    async fn update_rules(&mut self, mut query: Value, limit: u64) -> Result<()> {
        let path = format!(
            "{}/update_rules?label_based_rules=false&offset=0&limit={limit}",
            self.progress.query
        );
        let answer = self
            .client
            .call(Method::PUT, &path, Some(b"{}".to_vec()))
            .await?;
        let mut retry_after = answer.retry_after;
        Client::expect_success(answer)?;
        let mut polls = 0;
        loop {
            // `rules` is a status, or an object with one.
            let rules = match &query["rules"] {
                Value::String(status) => status.clone(),
                other => other["status"].as_str().unwrap_or_default().to_owned(),
            };
            match rules.as_str() {
                "completed" | "done" => return Ok(()),
                "failed" => {
                    return Err(Error::JobFailed {
                        job: format!("{}/update_rules", self.progress.query),
                        details: Some(
                            snippet(query["rules"].to_string().as_bytes()).into_boxed_str(),
                        ),
                    })
                }
                _ => {}
            }
            (query, retry_after) = self.poll(retry_after, &mut polls).await?;
            self.progress.status =
                format!("rules {}", query["rules"].as_str().unwrap_or("pending"));
            self.report();
        }
    }

    /// Waits as the polling says after `polls` polls (counting this one), then reads the
    /// query again: it, and its `Retry-After`.
    async fn poll(
        &mut self,
        retry_after: Option<Duration>,
        polls: &mut u32,
    ) -> Result<(Value, Option<Duration>)> {
        tokio::time::sleep(self.polling.wait(retry_after, *polls)).await;
        *polls += 1;
        let answer = self
            .client
            .call(Method::GET, &self.progress.query, None)
            .await?;
        let retry_after = answer.retry_after;
        Ok((Client::expect_json(answer)?, retry_after))
    }

    /// The error of a query not completed, and downloaded, within the deadline.
    fn overdue(&self) -> Error {
        Error::JobDeadline {
            job: self.progress.query.clone(),
            status: JobStatus::Other(self.progress.status.clone()),
            after: self.polling.job_deadline(),
        }
    }

    /// Tells the callback where the query is.
    fn report(&mut self) {
        self.progress.elapsed = self.started.elapsed();
        if let Some(callback) = self.callback.as_mut() {
            callback(&self.progress);
        }
    }
}

impl Download<'_> {
    /// Reads the download a chunk further, its flows made ready; `false` once it ended.
    async fn read(&mut self) -> Result<bool> {
        let left = self
            .run
            .polling
            .job_deadline()
            .saturating_sub(self.run.started.elapsed());
        let ready = &mut self.ready;
        let chunk = self
            .download
            .next_chunk(left, &mut |flow: TrafficFlow| ready.push_back(flow))
            .await?;
        match chunk {
            Chunk::Read => {
                self.run.progress.flows += self.ready.len() as u64;
                self.run.report();
                Ok(true)
            }
            Chunk::End => {
                tracing::info!(
                    query = %self.run.progress.query,
                    flows = self.run.progress.flows,
                    elapsed_ms = self.run.started.elapsed().as_millis() as u64,
                    "traffic query downloaded"
                );
                Ok(false)
            }
            Chunk::Overdue => Err(self.run.overdue()),
            Chunk::Broken(source) => Err(Error::Transport {
                method: Method::GET,
                path: self.download.what().to_owned(),
                attempts: 1,
                source,
            }),
        }
    }
}
