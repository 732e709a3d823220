//! The workflows PCE users script, through the SDK against the mock serving the 25.2.20
//! bundle over HTTPS: bulk workload changes, provisioning and traffic queries.

use std::future::IntoFuture;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use futures_util::TryStreamExt;
use illumio_pce::traffic::{PolicyDecision, TrafficQuery};
use illumio_pce::JobPolling;

use illumio_pce::{BulkProgress, Error, Href, Reference, StatusCode};
use illumio_pce_25_2_20::types;
use pce_bundle_e2e::Fixture;
use pce_tests::{Fault, JobSettings, MockConfig};
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

/// The key and value of each label of the workload at `href`, as the mock holds them.
fn labels_of(fixture: &Fixture, href: &str) -> Vec<(String, String)> {
    let workload = fixture.mock.object(href).expect("stored");
    let mut labels: Vec<(String, String)> = workload["labels"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|label| {
            let label = fixture
                .mock
                .object(label["href"].as_str().expect("an href"))
                .expect("a stored label");
            (
                label["key"].as_str().unwrap_or("").to_owned(),
                label["value"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    labels.sort();
    labels
}

#[tokio::test]
async fn bulk_import_labels_1500_workloads_from_csv_in_two_calls() {
    let fixture = Fixture::start().await;
    let client = fixture.pce.client();
    let created = client
        .bulk_create(&workloads(1_500, None))
        .await
        .expect("runs");
    let hrefs: Vec<&str> = created
        .iter()
        .map(|item| item.href.as_deref().expect("an href"))
        .collect();
    // Row 1,499 finds its workload by hostname; a hostname with a comma is quoted.
    let mut csv = String::from("href,hostname,role,env\n");
    for (i, href) in hrefs.iter().enumerate() {
        let href = if i == 1_499 { "" } else { href };
        csv.push_str(&format!("{href},\"web-{i}.example.com\",web,prod\n"));
    }

    let refused = client.bulk_import(&csv).await.expect_err("no such labels");
    match refused {
        Error::Bulk {
            operation,
            items,
            source,
            ..
        } => {
            assert_eq!((operation, items), ("bulk_import", 0..1_000));
            assert_eq!(source.status(), Some(StatusCode::NOT_ACCEPTABLE));
            assert!(
                source.to_string().contains("line 2: no label role=web"),
                "{source}"
            );
        }
        other => panic!("{other:?}"),
    }

    let dry = client
        .bulk_import(&csv)
        .create_labels(true)
        .dry_run(true)
        .await
        .expect("runs");
    let answers: Vec<_> = dry
        .iter()
        .map(|call| (call.rows.clone(), call.answer.clone()))
        .collect();
    assert_eq!(
        answers,
        [
            (
                0..1_000,
                Some(json!({"workloads_updated": 1_000, "labels_created": 2}))
            ),
            (
                1_000..1_500,
                Some(json!({"workloads_updated": 500, "labels_created": 2}))
            ),
        ]
    );
    assert_eq!(labels_of(&fixture, hrefs[0]), []);

    let seen = Mutex::new(Vec::new());
    let imported = client
        .bulk_import(&csv)
        .create_labels(true)
        .on_progress(|p| seen.lock().expect("not poisoned").push(p.done))
        .await
        .expect("runs");
    assert_eq!(imported.len(), 2);
    assert!(imported.iter().all(|call| call.answer.is_none()));
    assert_eq!(seen.into_inner().expect("not poisoned"), [1_000, 1_500]);
    let web_prod = vec![
        ("env".to_owned(), "prod".to_owned()),
        ("role".to_owned(), "web".to_owned()),
    ];
    for href in [hrefs[0], hrefs[999], hrefs[1_000], hrefs[1_499]] {
        assert_eq!(labels_of(&fixture, href), web_prod, "{href}");
    }
    let sent: Vec<_> = fixture
        .mock
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/workloads/bulk_import"))
        .collect();
    assert_eq!(sent.len(), 5, "the refused import stops at its first call");
    assert!(sent
        .iter()
        .all(|r| r.content_type.as_deref() == Some("text/csv")));
    assert!(
        sent[2].path.ends_with("?create_labels=true&dry_run=true"),
        "{}",
        sent[2].path
    );

    // The delete token takes a label off; an empty cell leaves one as it is.
    let undo = format!("href,hostname,role,env\n{},,,-\n", hrefs[0]);
    client
        .bulk_import(&undo)
        .delete_token("-")
        .await
        .expect("runs");
    assert_eq!(
        labels_of(&fixture, hrefs[0]),
        [("role".to_owned(), "web".to_owned())]
    );
}

/// Creates a draft label group `name` containing the label groups `sub_groups`; its href.
async fn label_group(fixture: &Fixture, name: &str, sub_groups: &[&Href]) -> Href {
    let sub_groups: Vec<Value> = sub_groups
        .iter()
        .map(|href| json!({"href": href}))
        .collect();
    let created: Value = fixture
        .pce
        .client()
        .post(
            "/orgs/:org/sec_policy/draft/label_groups",
            &json!({"name": name, "key": "role", "sub_groups": sub_groups}),
        )
        .await
        .expect("creates");
    Href::from(created["href"].as_str().expect("an href"))
}

/// The pending changes, as `(type, href, update_type)`.
async fn pending(fixture: &Fixture) -> Vec<(String, String, String)> {
    let pending = fixture.pce.client().pending_changes().await.expect("reads");
    pending
        .iter()
        .map(|(kind, change)| {
            (
                kind.to_owned(),
                change.href.as_deref().unwrap_or_default().to_owned(),
                change.update_type.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn provisioning_a_subset_needs_what_it_depends_on_and_all_provisions_the_rest() {
    let fixture = Fixture::start().await;
    let client = fixture.pce.client();
    let inner = label_group(&fixture, "db", &[]).await;
    let outer = label_group(&fixture, "tiers", &[&inner]).await;
    let lone = label_group(&fixture, "spare", &[]).await;
    let creates = |hrefs: &[&Href]| -> Vec<(String, String, String)> {
        hrefs
            .iter()
            .map(|href| {
                (
                    "label_groups".to_owned(),
                    href.to_string(),
                    "create".to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(pending(&fixture).await, creates(&[&inner, &outer, &lone]));

    // The outer group without the inner one it contains: refused with the PCE's token.
    let refused = client
        .provision("tiers only", std::slice::from_ref(&outer))
        .await
        .expect_err("not closed under dependencies");
    assert_eq!(refused.status(), Some(StatusCode::NOT_ACCEPTABLE));
    match &refused {
        Error::Api { errors, .. } => {
            assert_eq!(errors[0].token, "input_validation_error");
            assert!(
                errors[0].message.contains(inner.as_str()),
                "{}",
                errors[0].message
            );
        }
        other => panic!("{other:?}"),
    }
    // A draft href with nothing pending is refused too.
    let unknown = Href::from("/orgs/1/sec_policy/draft/label_groups/nope");
    let error = client
        .provision("x", &[unknown])
        .await
        .expect_err("refused");
    assert_eq!(error.status(), Some(StatusCode::NOT_ACCEPTABLE));

    let version = client
        .provision("tiers", &[outer.clone(), inner.clone()])
        .await
        .expect("provisions");
    assert_eq!(version.version, Some(1));
    assert_eq!(version.commit_message.as_deref(), Some("tiers"));
    let active = |href: &Href| href.replace("/draft/", "/active/");
    let mut provisioned: Vec<String> = version
        .provisioned_hrefs
        .unwrap_or_default()
        .iter()
        .map(|href| href.to_string())
        .collect();
    provisioned.sort();
    let mut expected = vec![active(&inner), active(&outer)];
    expected.sort();
    assert_eq!(provisioned, expected);
    assert_eq!(pending(&fixture).await, creates(&[&lone]));
    // The active outer group refers to the active inner one.
    let outer_active: Value = client
        .get(&active(&outer), &[("", ""); 0])
        .await
        .expect("reads the active copy");
    assert_eq!(outer_active["sub_groups"][0]["href"], active(&inner));

    // A change to a provisioned object is pending as an update; provisioning all takes it.
    client
        .put(outer.as_str(), &json!({"description": "web, app and db"}))
        .await
        .expect("updates the draft");
    assert_eq!(
        pending(&fixture).await,
        [
            (
                "label_groups".to_owned(),
                outer.to_string(),
                "update".to_owned()
            ),
            (
                "label_groups".to_owned(),
                lone.to_string(),
                "create".to_owned()
            ),
        ]
    );
    let version = client.provision_all("the rest").await.expect("provisions");
    assert_eq!(version.version, Some(2));
    assert!(pending(&fixture).await.is_empty());
    assert!(client.pending_changes().await.expect("reads").is_empty());
}

/// The mock whose async work stays `pending` queued and as long working (then fails with
/// `failure`, if given), polled every 5 ms, its traffic queries finding `flows` flows.
async fn traffic_fixture(
    flows: Option<usize>,
    pending: Duration,
    failure: Option<&str>,
) -> Fixture {
    Fixture::start_with(MockConfig {
        traffic_flows: flows,
        jobs: JobSettings {
            retry_after_secs: 0,
            pending,
            running: pending,
            failure: failure.map(str::to_owned),
        },
        ..MockConfig::default()
    })
    .await
}

#[tokio::test]
async fn a_traffic_query_runs_through_its_states_to_100000_flows_streamed() {
    let fixture = traffic_fixture(Some(100_000), Duration::from_millis(100), None).await;
    let client = fixture.pce.client();
    let label: Value = client
        .post("/orgs/:org/labels", &json!({"key": "role", "value": "db"}))
        .await
        .expect("creates a label");
    let mut pair = workloads(2, None);
    pair[1]["labels"] = json!([{"href": label["href"]}]);
    client
        .bulk_create(&pair)
        .await
        .expect("creates two workloads");

    let statuses = Mutex::new(Vec::new());
    let downloaded = AtomicU64::new(0);
    let query = TrafficQuery::new("everything")
        .decision(PolicyDecision::Allowed)
        .decision(PolicyDecision::Blocked)
        .port(5432, 6)
        .max_results(TrafficQuery::MAX_RESULTS);
    let flows = client.traffic(&query).on_progress(|p| {
        let mut statuses = statuses.lock().expect("not poisoned");
        if statuses.last() != Some(&p.status) {
            statuses.push(p.status.clone());
        }
        downloaded.store(p.flows, Ordering::SeqCst);
    });
    let mut flows = std::pin::pin!(flows.into_stream());
    let (mut count, mut blocked, mut labelled) = (0u64, 0u64, 0u64);
    let mut downloaded_at_first = None;
    while let Some(flow) = flows.try_next().await.expect("streams") {
        downloaded_at_first.get_or_insert(downloaded.load(Ordering::SeqCst));
        count += 1;
        blocked += u64::from(flow.policy_decision.as_deref() == Some("blocked"));
        let db = flow
            .dst
            .as_ref()
            .and_then(|end| end.workload.as_ref())
            .and_then(|workload| workload.labels.as_ref())
            .is_some_and(|labels| labels.iter().any(|l| l.value.as_deref() == Some("db")));
        labelled += u64::from(db);
        assert_eq!(flow.service.as_ref().and_then(|s| s.port), Some(5432));
    }
    assert_eq!(count, 100_000);
    assert_eq!(blocked, 50_000, "the decisions asked for, in turn");
    assert_eq!(
        labelled, 50_000,
        "every other flow goes to the labelled workload"
    );
    let first = downloaded_at_first.expect("a first flow");
    assert!(
        first < 100_000,
        "the first flow came out before the download ended ({first})"
    );
    assert_eq!(
        *statuses.lock().expect("not poisoned"),
        ["queued", "working", "completed"]
    );
}

#[tokio::test]
async fn a_failed_traffic_query_ends_with_the_pces_reason() {
    let fixture = traffic_fixture(
        None,
        Duration::from_millis(20),
        Some("the flow store is unavailable"),
    )
    .await;
    let error = fixture
        .pce
        .client()
        .traffic(&TrafficQuery::new("doomed"))
        .await
        .expect_err("fails");
    match error {
        Error::JobFailed { job, details } => {
            assert!(job.contains("/traffic_flows/async_queries/"), "{job}");
            assert!(
                details.is_some_and(|d| d.contains("the flow store is unavailable")),
                "the PCE's reason"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_traffic_query_ends_at_its_deadline_and_stops_when_dropped() {
    let fixture = traffic_fixture(None, Duration::from_secs(60), None).await;
    let client = fixture.pce.client();
    let polling = JobPolling::default()
        .floor(Duration::from_millis(5))
        .deadline(Duration::from_millis(300));
    let error = client
        .traffic(&TrafficQuery::new("slow"))
        .polling(polling)
        .await
        .expect_err("overdue");
    assert!(matches!(error, Error::JobDeadline { .. }), "{error:?}");

    // Dropped while it polls: no request after that.
    let running = client
        .traffic(&TrafficQuery::new("abandoned"))
        .into_future();
    assert!(tokio::time::timeout(Duration::from_millis(100), running)
        .await
        .is_err());
    // A poll already on its way when the future was dropped may still land: let it.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let sent = fixture.mock.requests().len();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(fixture.mock.requests().len(), sent);
}

#[tokio::test]
async fn the_draft_policy_view_is_one_more_call() {
    let fixture = traffic_fixture(Some(10), Duration::from_millis(20), None).await;
    let client = fixture.pce.client();
    let statuses = Mutex::new(Vec::new());
    let flows = client
        .traffic(&TrafficQuery::new("with the draft"))
        .with_draft_policy()
        .on_progress(|p| {
            statuses
                .lock()
                .expect("not poisoned")
                .push(p.status.clone())
        })
        .await
        .expect("runs");
    assert_eq!(flows.len(), 10);
    assert!(flows.iter().all(|f| {
        f.extra
            .get("draft_policy_decision")
            .and_then(|d| d.as_str())
            == f.policy_decision.as_deref()
    }));
    let seen = statuses.lock().expect("not poisoned").clone();
    assert_eq!(
        seen.last().map(String::as_str),
        Some("rules completed"),
        "{seen:?}"
    );
    let plain = client
        .traffic(&TrafficQuery::new("without"))
        .await
        .expect("runs");
    assert!(plain
        .iter()
        .all(|f| f.extra.get("draft_policy_decision").is_none()));
}
