//! The workflows PCE users script, through the SDK against the mock serving the 25.2.20
//! bundle over HTTPS: bulk workload changes.

use std::sync::Mutex;
use std::time::Duration;

use illumio_pce::{BulkProgress, Error, Reference, StatusCode};
use illumio_pce_25_2_20::types;
use pce_bundle_e2e::Fixture;
use pce_tests::{Fault, MockConfig};
use serde_json::{json, Value};

/// `count` unmanaged workloads to create, `web-0` …; item `bad` (if any) names a label that
/// does not exist.
fn workloads(count: usize, bad: Option<usize>) -> Vec<Value> {
    (0..count)
        .map(|i| {
            let mut workload =
                json!({"name": format!("web-{i}"), "hostname": format!("web-{i}.example.com")});
            if Some(i) == bad {
                workload["labels"] = json!([{"href": "/orgs/1/labels/999999"}]);
            }
            workload
        })
        .collect()
}

/// The workloads the mock holds, by listing them through an async job.
async fn stored(fixture: &Fixture) -> usize {
    fixture
        .pce
        .workloads_list_all(&Default::default())
        .await
        .expect("lists")
        .len()
}

#[tokio::test]
async fn bulk_create_of_2500_workloads_in_three_calls_names_the_item_that_failed() {
    let fixture = Fixture::start().await;
    let client = fixture.pce.client();
    let seen = Mutex::new(Vec::new());
    let results = client
        .bulk_create(&workloads(2_500, Some(1_234)))
        .on_progress(|p| seen.lock().expect("not poisoned").push(*p))
        .await
        .expect("runs");
    assert_eq!(results.len(), 2_500);
    assert!(results.iter().enumerate().all(|(i, item)| item.index == i));
    let failed: Vec<_> = results.iter().filter(|item| !item.is_ok()).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].index, 1_234);
    assert_eq!(failed[0].errors[0].token, "invalid_uri");
    assert!(results
        .iter()
        .filter(|item| item.is_ok())
        .all(|item| item.href.is_some() && item.status.as_deref() == Some("created")));
    let bulk_calls = fixture
        .mock
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/workloads/bulk_create"))
        .count();
    assert_eq!(bulk_calls, 3);
    let done: Vec<(usize, usize)> = seen
        .into_inner()
        .expect("not poisoned")
        .iter()
        .map(|p: &BulkProgress| (p.done, p.failed))
        .collect();
    assert_eq!(done, [(1_000, 0), (2_000, 1), (2_500, 1)]);
    assert_eq!(stored(&fixture).await, 2_499);

    // And back: each created workload, relabelled none, then deleted by href.
    let created: Vec<Reference> = results
        .iter()
        .filter_map(|item| item.href.clone())
        .map(|href| Reference { href })
        .collect();
    let deleted = client.bulk_delete(&created).await.expect("runs");
    assert!(
        deleted.iter().all(|item| item.is_ok()),
        "{:?}",
        deleted.iter().find(|i| !i.is_ok())
    );
    assert_eq!(stored(&fixture).await, 0);
}

#[tokio::test]
async fn a_second_bulk_call_while_one_runs_is_refused_429_and_waited_out() {
    let fixture = Fixture::start_with(MockConfig {
        // 500 items keep the org busy for a second.
        bulk_item_time: Duration::from_millis(2),
        ..MockConfig::default()
    })
    .await;
    let client = fixture.pce.client();
    let (first, second) = (workloads(500, None), workloads(500, None));
    let (a, b) = tokio::join!(client.bulk_create(&first), async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        client.bulk_create(&second).await
    });
    for results in [a.expect("the first runs"), b.expect("the second runs")] {
        assert!(results.iter().all(|item| item.is_ok()));
    }
    let bulk_calls = fixture
        .mock
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/workloads/bulk_create"))
        .count();
    assert_eq!(
        bulk_calls, 3,
        "the second call was sent again after its 429"
    );
    assert_eq!(stored(&fixture).await, 1_000);
}

#[tokio::test]
async fn a_failed_call_says_which_items_it_held() {
    let fixture = Fixture::start().await;
    let client = fixture.pce.client();
    let created = client
        .bulk_create(&workloads(1_500, None))
        .await
        .expect("runs");
    let updates: Vec<Value> = created
        .iter()
        .map(|item| json!({"href": item.href, "description": "moved"}))
        .collect();
    let mock = &fixture.mock;
    let error = client
        .bulk_update(&updates)
        // The PCE fails the call after the first.
        .on_progress(|_| mock.inject(Fault::Status(500), 1))
        .await
        .expect_err("the second call fails");
    match error {
        Error::Bulk {
            operation,
            items,
            done,
            source,
        } => {
            assert_eq!(operation, "bulk_update");
            assert_eq!(items, 1_000..1_500);
            assert_eq!(done.len(), 1_000);
            assert!(done
                .iter()
                .all(|item| item.status.as_deref() == Some("updated")));
            assert_eq!(source.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
        }
        other => panic!("{other:?}"),
    }
    let first: types::Workload = fixture
        .pce
        .workloads_get(created[0].href.as_ref().expect("an href"))
        .await
        .expect("reads");
    assert_eq!(first.description.as_deref(), Some("moved"));
}
