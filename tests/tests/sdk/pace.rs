//! Pacing: one client shared by many tasks stays under the PCE's request limit instead of
//! collecting 429s.

use std::time::{Duration, Instant};

use illumio_pce::{Client, Error, RequestPace, RetryPolicy, StatusCode};
use pce_tests::MockConfig;

use crate::{api_key_builder, config, start};

/// Runs `calls` GETs on `client` from 8 tasks at once; how many failed with a 429.
async fn refused(client: &Client, calls: usize) -> usize {
    let tasks: Vec<_> = (0..8)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut refused = 0;
                for _ in (task..calls).step_by(8) {
                    match client.optional_features_get().await {
                        Ok(_) => {}
                        Err(Error::Api { status, .. })
                            if status == StatusCode::TOO_MANY_REQUESTS =>
                        {
                            refused += 1
                        }
                        Err(other) => panic!("{other}"),
                    }
                }
                refused
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.expect("the task ends");
    }
    total
}

#[tokio::test]
async fn a_shared_client_paces_its_tasks_under_the_pce_limit() {
    // The PCE's rule (a number of requests per credential per window) on a one-second
    // window, so that the test takes seconds: at most 10 a second.
    let mock = start(MockConfig {
        rate_limit_per_minute: 10,
        rate_limit_window: Duration::from_secs(1),
        ..config()
    })
    .await;
    // No retries: a 429 is an error the test sees.
    let unpaced = api_key_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .pace(RequestPace::unlimited())
        .build()
        .expect("builds");
    assert!(refused(&unpaced, 24).await > 0, "the mock refuses a burst");
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let paced = api_key_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .pace(RequestPace::at_most(8, Duration::from_secs(1)))
        .build()
        .expect("builds");
    let started = Instant::now();
    assert_eq!(refused(&paced, 24).await, 0, "no 429 for a paced client");
    // One request at once, then one every 1/7 s.
    assert!(
        started.elapsed() >= Duration::from_millis(23 * 1000 / 7),
        "{:?}",
        started.elapsed()
    );
}
