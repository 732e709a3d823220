//! Collections of 25.2.20 larger than one answer, through the generated crate: `workloads_list`
//! refuses a cut answer, `workloads_list_all` collects 1,234 typed workloads through the
//! mock's async job (whose answers the mock checks against the bundle's `jobs_get` schema),
//! and the SDK's `Job` names every field of that schema.

use std::time::Duration;

use illumio_pce::{Error, Job, JobStatus};
use illumio_pce_25_2_20::types;
use pce_bundle_e2e::{Fixture, BUNDLE};
use pce_tests::{JobSettings, MockConfig};
use serde_json::{json, Value};

#[tokio::test]
async fn workloads_past_500_are_refused_in_one_answer_and_collected_whole() {
    let fixture = Fixture::start_with(MockConfig {
        jobs: JobSettings {
            retry_after_secs: 0,
            pending: Duration::ZERO,
            running: Duration::from_millis(20),
            failure: None,
        },
        ..MockConfig::default()
    })
    .await;
    fixture.mock.fill("/orgs/1/workloads", 1234).expect("fills");
    let error = fixture
        .pce
        .workloads_list(&Default::default())
        .await
        .expect_err("500 of 1234");
    assert!(
        matches!(
            error,
            Error::Truncated {
                received: 500,
                total: 1234,
                ..
            }
        ),
        "{error:?}"
    );
    let mut states = Vec::new();
    let all = fixture
        .pce
        .workloads_list_all(&Default::default())
        .on_progress(|p| states.push(p.status.clone()))
        .await
        .expect("all of them");
    assert_eq!(all.len(), 1234);
    assert_eq!(all[1233].href.as_deref(), Some("/orgs/1/workloads/1234"));
    assert_eq!(states.last(), Some(&JobStatus::Done));
}

#[test]
fn the_sdk_job_names_every_field_of_the_bundle_s_jobs_get_schema() {
    let path = format!("{BUNDLE}/v2/jobs_get.schema.json");
    let text = std::fs::read_to_string(&path).expect("the bundle has jobs_get");
    let schema: Value = serde_json::from_str(&text).expect("JSON");
    let properties = schema["properties"].as_object().expect("properties");
    let mut job = serde_json::Map::new();
    for (name, property) in properties {
        let value = match property["type"].as_str().or(property["type"][0].as_str()) {
            Some("object") => json!({"href": "/orgs/1/datafiles/a"}),
            _ if name == "status" => json!("done"),
            _ => json!("2026-12-01T00:00:00.000Z"),
        };
        job.insert(name.clone(), value);
    }
    let job = Value::Object(job);
    let sdk: Job = serde_json::from_value(job.clone()).expect("the SDK's Job reads it");
    assert!(
        sdk.extra.is_empty(),
        "fields the SDK does not name: {:?}",
        sdk.extra
    );
    assert_eq!(sdk.status, JobStatus::Done);
    assert_eq!(sdk.result_href(), Some("/orgs/1/datafiles/a"));
    assert_eq!(serde_json::to_value(&sdk).expect("encodes"), job);
    let generated: types::Job = serde_json::from_value(job).expect("the generated type reads it");
    assert_eq!(generated.href.as_deref(), Some(sdk.href.as_str()));
}
