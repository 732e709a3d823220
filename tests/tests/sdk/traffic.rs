//! A traffic query's progress in `tracing`: its submission and each poll with the query, its status and the time
//! since it was submitted, and the download with its flow count, as collections log theirs.

use std::future::IntoFuture;
use std::time::Duration;

use illumio_pce::traffic::TrafficQuery;
use illumio_pce::RequestPace;
use pce_tests::{JobSettings, MockConfig};
use tracing::instrument::WithSubscriber;

use crate::{api_key_builder, config, start};

#[tokio::test]
async fn a_traffic_query_logs_its_polls_and_its_download() {
    let bundle = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cli/tests/fixtures/workflows"
    );
    let mock = start(MockConfig {
        bundle: Some(bundle.into()),
        jobs: JobSettings {
            retry_after_secs: 0,
            pending: Duration::ZERO,
            running: Duration::from_millis(300),
            failure: None,
        },
        traffic_flows: Some(1_234),
        ..config()
    })
    .await;
    let client = api_key_builder(&mock)
        .pace(RequestPace::unlimited())
        .build()
        .expect("builds");
    let logs = pce_tests::Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let flows = client
        .traffic(&TrafficQuery::new("logged"))
        .into_future()
        .with_subscriber(subscriber)
        .await
        .expect("runs");
    assert_eq!(flows.len(), 1_234);
    let logged = logs.text();
    let event = |text: &str| {
        logged
            .lines()
            .find(|line| line.contains(text))
            .unwrap_or_else(|| panic!("no {text:?} event: {logged}"))
    };
    let submitted = event("traffic query submitted");
    assert!(submitted.contains("status=working"), "{submitted}");
    let polled = event("status=completed");
    for field in ["query=/orgs/1/traffic_flows/async_queries/", "elapsed_ms="] {
        assert!(polled.contains(field), "{field} in {polled}");
    }
    let downloaded = event("traffic query downloaded");
    assert!(downloaded.contains("flows=1234"), "{downloaded}");
}
