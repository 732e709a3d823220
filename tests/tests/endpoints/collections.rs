//! Collections larger than one answer, through the generated `labels_list` /
//! `labels_list_all` and the generic `Client::collect`, against the mock's 500-object cap and
//! its async jobs: never a silent partial list, jobs polled at the PCE's `Retry-After` while
//! the mock's clock moves them, failed and overdue jobs named, polling that stops with its
//! future, a poll's dropped connection retried, and a 50,000-item datafile.

use std::future::IntoFuture;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use illumio_pce::{ApiRequest, Error, JobPolling, JobProgress, JobStatus};
use pce_tests::{Fault, JobSettings, MockConfig, MockPce, RecordedRequest};
use serde_json::Value;

use super::{bundle_pce_with, LabelsListQuery, Pce};

/// The mock's jobs done as soon as they start, polled at once.
fn instant_jobs() -> JobSettings {
    JobSettings {
        retry_after_secs: 0,
        pending: Duration::ZERO,
        running: Duration::ZERO,
        failure: None,
    }
}

/// Jobs that run for an hour of mock time unless the clock is moved.
fn slow_jobs(retry_after_secs: u64) -> JobSettings {
    JobSettings {
        retry_after_secs,
        pending: Duration::from_secs(1800),
        running: Duration::from_secs(1800),
        failure: None,
    }
}

/// The mock with `count` labels and jobs behaving as `jobs`, and its client.
async fn labels(count: u64, jobs: JobSettings) -> (MockPce, Pce) {
    let (mock, pce) = bundle_pce_with(MockConfig {
        jobs,
        // Clock moves of an hour leave the session alive.
        session_idle_minutes: 24 * 60,
        ..MockConfig::default()
    })
    .await;
    mock.fill("/orgs/1/labels", count).expect("fills");
    (mock, pce)
}

fn job_polls(mock: &MockPce) -> Vec<RecordedRequest> {
    mock.requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v2/orgs/1/jobs/"))
        .collect()
}

/// How many times the job was polled, once polling has stopped: a poll already on the wire
/// may still land in the first 50 ms; one more in the 200 ms after fails the test.
async fn polls_once_settled(mock: &MockPce) -> usize {
    tokio::time::sleep(Duration::from_millis(50)).await;
    let polled = job_polls(mock).len();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        job_polls(mock).len(),
        polled,
        "polled again after polling stopped"
    );
    polled
}

/// Waits (briefly, in real time) until the mock has seen `count` polls of the job.
async fn until_polled(mock: &MockPce, count: usize) {
    for _ in 0..500 {
        if job_polls(mock).len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the job was polled {} times", job_polls(mock).len());
}

#[tokio::test]
async fn a_collection_of_1234_is_an_error_in_one_answer_and_whole_when_collected() {
    let (mock, pce) = labels(1234, instant_jobs()).await;

    let error = pce
        .labels_list(&LabelsListQuery::default())
        .await
        .expect_err("500 of 1234");
    let Error::Truncated {
        received, total, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((*received, *total), (500, 1234));
    let message = error.to_string();
    assert!(message.contains("500 of 1234"), "{message}");
    let generic = pce
        .client()
        .get::<Vec<Value>>("/orgs/:org/labels", &())
        .await
        .expect_err("the generic call checks too");
    assert!(
        matches!(generic, Error::Truncated { total: 1234, .. }),
        "{generic:?}"
    );

    // Asking for fewer is no truncation.
    let query = LabelsListQuery {
        max_results: Some(100),
        ..Default::default()
    };
    assert_eq!(pce.labels_list(&query).await.expect("100").len(), 100);

    let all = pce
        .labels_list_all(&LabelsListQuery::default())
        .await
        .expect("all of them");
    assert_eq!(all.len(), 1234);
    assert_eq!(all[0].href.as_deref(), Some("/orgs/1/labels/1"));
    let first = all[0].value.as_deref().unwrap_or_default();
    assert_eq!(
        all[1233].value,
        Some(format!("{}-1234", first.trim_end_matches("-1")))
    );
    let asked_async: Vec<RecordedRequest> = mock
        .requests()
        .into_iter()
        .filter(|r| r.headers.iter().any(|h| h == "prefer"))
        .collect();
    assert_eq!(asked_async.len(), 1, "one job");
    assert_eq!(asked_async[0].path, "/api/v2/orgs/1/labels");
}

#[tokio::test]
async fn max_results_goes_to_the_job_and_the_generic_collect_works_the_same() {
    let (_mock, pce) = labels(1234, instant_jobs()).await;
    let query = LabelsListQuery {
        max_results: Some(700),
        ..Default::default()
    };
    assert_eq!(pce.labels_list_all(&query).await.expect("700").len(), 700);
    let items: Vec<Value> = pce
        .client()
        .collect(ApiRequest::get("/orgs/:org/labels"))
        .await
        .expect("all");
    assert_eq!(items.len(), 1234);
    // A collection that fits one answer takes no job.
    let (mock, pce) = labels(20, instant_jobs()).await;
    assert_eq!(
        pce.labels_list_all(&Default::default())
            .await
            .expect("20")
            .len(),
        20
    );
    assert!(job_polls(&mock).is_empty());
}

#[tokio::test]
async fn the_job_is_polled_at_retry_after_while_the_mock_clock_moves_it() {
    let (mock, pce) = labels(600, slow_jobs(1)).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let task = tokio::spawn(async move {
        pce.labels_list_all(&Default::default())
            .on_progress(move |p| log.lock().expect("lock").push((p.status.clone(), p.items)))
            .await
    });
    // Each move waits until the client has read the job's last state.
    let polls_answered = |count: usize| {
        let seen = Arc::clone(&seen);
        async move {
            for _ in 0..500 {
                if seen.lock().expect("lock").len() >= count {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            panic!("the job was not polled {count} times");
        }
    };
    polls_answered(1).await;
    mock.advance_clock(Duration::from_secs(1800));
    polls_answered(2).await;
    mock.advance_clock(Duration::from_secs(1800));
    let all = task.await.expect("joins").expect("all");
    assert_eq!(all.len(), 600);

    let requests = mock.requests();
    let accepted = requests
        .iter()
        .find(|r| r.headers.iter().any(|h| h == "prefer"))
        .expect("the async GET");
    let polls = job_polls(&mock);
    assert_eq!(polls.len(), 3, "pending, running, done: {polls:?}");
    // No clock move happened between the 202 and the first poll: the gap is the client's.
    assert!(
        polls[0].at - accepted.at >= Duration::from_secs(1),
        "polled {:?} after the 202's Retry-After: 1",
        polls[0].at - accepted.at
    );
    let seen = seen.lock().expect("lock").clone();
    let states: Vec<JobStatus> = seen.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
    assert_eq!(
        &states[..3],
        [JobStatus::Pending, JobStatus::Running, JobStatus::Done]
    );
    assert_eq!(seen.last(), Some(&(JobStatus::Done, 600)));
}

#[tokio::test]
async fn a_failed_job_names_its_href_and_why_awaited_or_streamed() {
    let (_mock, pce) = labels(
        501,
        JobSettings {
            failure: Some("datafile storage is full".to_owned()),
            ..instant_jobs()
        },
    )
    .await;
    let error = pce
        .labels_list_all(&Default::default())
        .await
        .expect_err("the job fails");
    let Error::JobFailed { job, details } = &error else {
        panic!("{error:?}")
    };
    assert!(job.starts_with("/orgs/1/jobs/"), "{job}");
    assert!(
        details
            .as_deref()
            .is_some_and(|d| d.contains("datafile storage is full")),
        "{details:?}"
    );
    assert!(error.to_string().contains(job.as_str()), "{error}");

    let (all, error) = drain(pce.labels_list_all(&Default::default()).into_stream()).await;
    assert!(all.is_empty());
    assert!(matches!(error, Some(Error::JobFailed { .. })), "{error:?}");
}

#[tokio::test]
async fn a_job_past_its_deadline_ends_with_its_href_and_polling_stops() {
    let (mock, pce) = labels(501, slow_jobs(0)).await;
    let error = pce
        .labels_list_all(&Default::default())
        .polling(
            JobPolling::default()
                .floor(Duration::from_millis(10))
                .deadline(Duration::from_millis(300)),
        )
        .await
        .expect_err("never done");
    let Error::JobDeadline { job, status, after } = &error else {
        panic!("{error:?}")
    };
    assert!(job.starts_with("/orgs/1/jobs/"), "{job}");
    assert_eq!(*status, JobStatus::Pending);
    assert_eq!(*after, Duration::from_millis(300));
    assert!(error.to_string().contains(job.as_str()), "{error}");
    let polled = polls_once_settled(&mock).await;
    assert!(polled > 3, "polled {polled} times");
}

#[tokio::test]
async fn dropping_the_future_stops_polling() {
    let (mock, pce) = labels(501, slow_jobs(0)).await;
    let task = tokio::spawn(async move { pce.labels_list_all(&Default::default()).await });
    until_polled(&mock, 2).await;
    task.abort();
    let _ = task.await;
    polls_once_settled(&mock).await;
}

#[tokio::test]
async fn a_connection_dropped_while_polling_is_retried() {
    let (mock, pce) = labels(501, slow_jobs(0)).await;
    let task = tokio::spawn(async move { pce.labels_list_all(&Default::default()).await });
    until_polled(&mock, 1).await;
    mock.inject(Fault::DropConnection, 1);
    until_polled(&mock, 2).await;
    mock.advance_clock(Duration::from_secs(3600));
    let all = task.await.expect("joins").expect("the poll was retried");
    assert_eq!(all.len(), 501);
    assert!(job_polls(&mock).len() >= 3, "{:?}", job_polls(&mock));
}

#[tokio::test]
async fn a_datafile_of_50000_items_is_read_whole() {
    let (_mock, pce) = labels(50_000, instant_jobs()).await;
    let all = pce
        .labels_list_all(&Default::default())
        .await
        .expect("all of them");
    assert_eq!(all.len(), 50_000);
    assert_eq!(all[49_999].href.as_deref(), Some("/orgs/1/labels/50000"));
}

#[tokio::test]
async fn the_get_that_starts_a_job_is_not_sent_again_after_a_5xx() {
    let (mock, pce) = labels(501, instant_jobs()).await;
    pce.client().login().await.expect("logs in");
    // The synchronous try is answered as usual, the async GET gets a 503.
    mock.inject(Fault::Delay(Duration::ZERO), 1);
    mock.inject(Fault::Status(503), 1);
    let error = pce
        .labels_list_all(&Default::default())
        .await
        .map(|all| all.len())
        .expect_err("the 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
    let asked_async = mock
        .requests()
        .iter()
        .filter(|r| r.headers.iter().any(|h| h == "prefer"))
        .count();
    assert_eq!(asked_async, 1, "a second job may not be started");
}

#[tokio::test]
async fn max_results_written_into_the_path_counts_too() {
    let (_mock, pce) = labels(1234, instant_jobs()).await;
    let answer = pce
        .client()
        .request_json(
            illumio_pce::Method::GET,
            "/orgs/1/labels?max_results=100",
            None,
        )
        .await
        .expect("100 as asked");
    assert_eq!(answer.and_then(|a| a.as_array().map(Vec::len)), Some(100));
    let items: Vec<Value> = pce
        .client()
        .collect(ApiRequest::get("/orgs/:org/labels?max_results=700"))
        .await
        .expect("700");
    assert_eq!(items.len(), 700);
}

#[tokio::test]
async fn the_job_s_progress_goes_to_tracing_with_its_href_status_and_elapsed_time() {
    use tracing::instrument::WithSubscriber;

    let (_mock, pce) = labels(600, instant_jobs()).await;
    let logs = pce_tests::Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let all = pce
        .labels_list_all(&Default::default())
        .into_future()
        .with_subscriber(subscriber)
        .await
        .expect("all");
    assert_eq!(all.len(), 600);
    let logged = logs.text();
    let polled = logged
        .lines()
        .find(|line| line.contains("async collection job"))
        .unwrap_or_else(|| panic!("no poll event: {logged}"));
    for field in ["job=/orgs/1/jobs/", "status=done", "elapsed_ms="] {
        assert!(polled.contains(field), "{field} in {polled}");
    }
    assert!(
        logged.contains("async collection downloaded") && logged.contains("items=600"),
        "{logged}"
    );
}

/// Every item `stream` hands out, and the error that ended it, if one did.
async fn drain<T>(
    stream: impl futures_util::Stream<Item = illumio_pce::Result<T>>,
) -> (Vec<T>, Option<Error>) {
    let mut stream = std::pin::pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => items.push(item),
            Err(error) => {
                assert!(stream.next().await.is_none(), "the stream ends at an error");
                return (items, Some(error));
            }
        }
    }
    (items, None)
}

#[tokio::test]
async fn a_collection_streams_item_by_item_whether_answered_at_once_or_by_a_job() {
    let (_mock, pce) = labels(1234, instant_jobs()).await;
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    let stream = pce
        .labels_list_all(&Default::default())
        .on_progress(move |p| seen.lock().expect("not poisoned").push(p.items))
        .into_stream();
    let mut stream = std::pin::pin!(stream);
    let first = stream.next().await.expect("an item").expect("no error");
    // Handed out while the datafile is still downloading: not after holding them all.
    let read_so_far = progress.lock().expect("not poisoned").last().copied();
    assert!(read_so_far.is_some_and(|n| n < 1234), "{read_so_far:?}");
    let (rest, error) = drain(stream).await;
    assert!(error.is_none(), "{error:?}");
    let all: Vec<_> = std::iter::once(first).chain(rest).collect();
    let hrefs: Vec<String> = all
        .iter()
        .filter_map(|l| l.href.as_deref().map(str::to_owned))
        .collect();
    let expected: Vec<String> = (1..=1234).map(|n| format!("/orgs/1/labels/{n}")).collect();
    assert_eq!(hrefs, expected);
    assert_eq!(
        progress.lock().expect("not poisoned").last(),
        Some(&1234),
        "the download's progress is reported"
    );

    let (_mock, pce) = labels(3, instant_jobs()).await;
    let (all, error) = drain(pce.labels_list_all(&Default::default()).into_stream()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(all.len(), 3, "the synchronous answer, item by item");
}

/// A progress callback that breaks the job's datafile download once: when the job is done
/// and its datafile not asked for yet.
fn break_the_download(mock: &MockPce) -> impl FnMut(&JobProgress) + Send + '_ {
    let mut injected = false;
    move |p| {
        if p.status == JobStatus::Done && !injected {
            mock.inject(Fault::BodyBreaksOff, 1);
            injected = true;
        }
    }
}

/// How many times the mock was asked for a datafile.
fn datafile_downloads(mock: &MockPce) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.path.contains("/datafiles/"))
        .count()
}

#[tokio::test]
async fn a_datafile_download_that_breaks_off_is_started_again_each_item_handed_out_once() {
    let (mock, pce) = labels(1234, instant_jobs()).await;
    let all = pce
        .labels_list_all(&Default::default())
        .on_progress(break_the_download(&mock))
        .await
        .expect("downloaded again");
    assert_eq!(all.len(), 1234);
    assert_eq!(datafile_downloads(&mock), 2, "one broken, one whole");

    let (mock, pce) = labels(1234, instant_jobs()).await;
    let stream = pce
        .labels_list_all(&Default::default())
        .on_progress(break_the_download(&mock))
        .into_stream();
    let (all, error) = drain(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(all.len(), 1234);
    assert_eq!(all[1233].href.as_deref(), Some("/orgs/1/labels/1234"));
    assert_eq!(datafile_downloads(&mock), 2, "one broken, one whole");
}
