//! `pce provision` and `pce traffic` against the mock PCE serving a small bundle of the
//! workflow operations (`tests/fixtures/workflows`): the pending changes listed, a subset the
//! PCE refuses with its token, everything provisioned; a traffic query's flows as JSON and
//! as CSV, with labels looked up by key and value, and a selector that names nothing.

use std::time::Duration;

use pce_tests::{JobSettings, MockConfig};
use serde_json::{json, Value};

use crate::{run, Pce};

/// The mock serving the workflow bundle, its async work done at once, its traffic queries
/// finding `flows` flows.
async fn workflow_pce(test: &str, flows: usize) -> Pce {
    let bundle = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workflows");
    Pce::start_with(
        test,
        MockConfig {
            bundle: Some(bundle.into()),
            jobs: JobSettings {
                retry_after_secs: 0,
                pending: Duration::ZERO,
                running: Duration::ZERO,
                failure: None,
            },
            traffic_flows: Some(flows),
            ..MockConfig::default()
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provision_lists_refuses_an_unclosed_subset_and_provisions_all() {
    let pce = workflow_pce("provision", 0).await;
    let (inner, outer) = (
        "/orgs/1/sec_policy/draft/label_groups/1",
        "/orgs/1/sec_policy/draft/label_groups/2",
    );
    pce.mock.insert(inner, json!({"href": inner, "name": "db"}));
    pce.mock.insert(
        outer,
        json!({"href": outer, "name": "tiers", "sub_groups": [{"href": inner}]}),
    );
    let pending = run(&mut pce.with_api_key(["provision", "--pending"]));
    assert_eq!(pending.code, 0, "{}", pending.stderr);
    assert_eq!(
        pending.stdout,
        format!("label_groups\tcreate\t{inner}\tdb\nlabel_groups\tcreate\t{outer}\ttiers\n")
    );
    let as_csv = run(&mut pce.with_api_key(["provision", "--pending", "--format", "csv"]));
    assert_eq!(as_csv.code, 0, "{}", as_csv.stderr);
    assert_eq!(
        as_csv.stdout,
        format!(
            "href,name,type,update_type\n{inner},db,label_groups,create\n\
             {outer},tiers,label_groups,create\n"
        )
    );

    let refused = run(&mut pce.with_api_key(["provision", outer, "-m", "tiers only"]));
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("input_validation_error") && refused.stderr.contains(inner),
        "{}",
        refused.stderr
    );

    let all = run(&mut pce.with_api_key(["provision", "--all", "-m", "everything"]));
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(
        all.stdout,
        "policy version 1\n\
         provisioned /orgs/1/sec_policy/active/label_groups/1\n\
         provisioned /orgs/1/sec_policy/active/label_groups/2\n"
    );
    let after = run(&mut pce.with_api_key(["provision", "--pending"]));
    assert_eq!((after.code, after.stdout.as_str()), (0, ""));

    let usage = run(&mut pce.with_api_key(["provision", "--all"]));
    assert_eq!(usage.code, 2, "a description is required");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traffic_prints_flows_as_json_or_csv() {
    let pce = workflow_pce("traffic", 3).await;
    pce.mock.insert(
        "/orgs/1/labels/1",
        json!({"href": "/orgs/1/labels/1", "key": "role", "value": "db"}),
    );
    for (id, labels) in [(1, json!([])), (2, json!([{"href": "/orgs/1/labels/1"}]))] {
        let href = format!("/orgs/1/workloads/{id}");
        pce.mock.insert(
            &href,
            json!({"href": href, "hostname": format!("host-{id}"), "labels": labels,
                   "interfaces": [{"address": format!("10.0.0.{id}")}]}),
        );
    }
    let args = ["traffic", "--dst", "label:role=db", "--port", "5432/tcp"];
    let as_json = run(&mut pce.with_api_key(args));
    assert_eq!(as_json.code, 0, "{}", as_json.stderr);
    let flows: Value = serde_json::from_str(&as_json.stdout).expect("a JSON array");
    let flows = flows.as_array().expect("an array");
    assert_eq!(flows.len(), 3);
    assert_eq!(as_json.stdout.lines().count(), 5, "one flow a line");
    assert!(flows.iter().all(|f| f["service"]["port"] == 5432));

    let as_csv = run(&mut pce.with_api_key([
        "traffic",
        "--dst",
        "label:role=db",
        "--port",
        "5432/tcp",
        "--format",
        "csv",
    ]));
    assert_eq!(as_csv.code, 0, "{}", as_csv.stderr);
    let lines: Vec<&str> = as_csv.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "src_ip,src_workload,src_labels,dst_ip,dst_workload,dst_labels,port,proto,\
         policy_decision,num_connections,first_detected,last_detected"
    );
    assert_eq!(lines.len(), 4);
    assert!(
        lines[1].starts_with("10.0.0.1,host-1,,10.0.0.2,host-2,role=db,5432,6,allowed,1,"),
        "{}",
        lines[1]
    );

    let csv_rows = |args: &[&str]| {
        let mut all = vec!["traffic", "--format", "csv"];
        all.extend(args);
        let out = run(pce.with_api_key(["traffic"]).args(&all[1..]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
            .lines()
            .skip(1)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let not_to_db = csv_rows(&["--exclude-dst", "label:role=db"]);
    assert_eq!(not_to_db.len(), 3);
    assert!(
        not_to_db
            .iter()
            .all(|row| row.starts_with("10.0.0.2,host-2,role=db,10.0.0.1,host-1,,")),
        "the mock's flows from host-1 to host-2 are left out: {not_to_db:?}"
    );
    let not_from_1 = csv_rows(&["--exclude-src", "ip:10.0.0.1"]);
    assert!(
        not_from_1.len() == 3 && not_from_1.iter().all(|row| row.starts_with("10.0.0.2,")),
        "{not_from_1:?}"
    );
    let from_2 = csv_rows(&["--src", "href:/orgs/1/workloads/2"]);
    assert!(
        from_2.len() == 3 && from_2.iter().all(|row| row.starts_with("10.0.0.2,host-2,")),
        "a workload by href selects its flows only: {from_2:?}"
    );
    assert_eq!(
        csv_rows(&["--src", "label:role=db", "--dst", "label:role=db"]),
        Vec::<String>::new(),
        "no flow goes from a db workload to another"
    );

    let nothing = run(&mut pce.with_api_key(["traffic", "--src", "label:role=nope"]));
    assert_eq!(nothing.code, 1);
    assert!(
        nothing.stderr.contains("no such object"),
        "{}",
        nothing.stderr
    );
    let bad = run(&mut pce.with_api_key(["traffic", "--src", "role=db"]));
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traffic_shows_its_progress_on_a_terminal() {
    let pce = workflow_pce("traffic_terminal", 2_000).await;
    let (code, shown) =
        crate::api::with_api_key_on_a_terminal(&pce, &["traffic", "--format", "csv"]).await;
    assert_eq!(code, 0, "{shown}");
    // The progress line, rewritten in place, counts the flows and is cleared at the end.
    let progress = "\r\x1b[Ktraffic query /orgs/1/traffic_flows/async_queries/";
    assert!(
        shown.contains(progress),
        "{:?}",
        &shown[..shown.len().min(400)]
    );
    assert!(
        shown.contains(" completed after 0s, 2000 flows"),
        "no count: {:?}",
        &shown[shown.len().saturating_sub(3000)..]
    );
    assert!(
        shown.trim_end().ends_with("\r\x1b[K"),
        "not cleared at the end"
    );
    assert_eq!(shown.matches("10.1.").count(), 2_000, "every flow is shown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workloads_import_creates_updates_and_names_the_row_that_failed() {
    let pce = workflow_pce("import", 0).await;
    pce.mock.insert(
        "/orgs/1/labels/1",
        json!({"href": "/orgs/1/labels/1", "key": "role", "value": "web"}),
    );
    pce.mock.insert(
        "/orgs/1/workloads/1",
        json!({"href": "/orgs/1/workloads/1", "hostname": "web-1", "name": "old"}),
    );
    let csv = "hostname,name,role,env,href\n\
               web-1,first,web,prod,\n\
               web-2,second,web,,\n\
               ,gone,,,/orgs/1/workloads/999\n";
    let file = crate::write(&crate::scratch("import_files"), "workloads.csv", csv);
    let file = file.to_str().expect("a UTF-8 path");
    let imported = run(&mut pce.with_api_key(["workloads", "import", file]));
    assert_eq!(imported.code, 1, "a row failed: {}", imported.stderr);
    let lines: Vec<&str> = imported.stdout.lines().collect();
    assert_eq!(lines[0], "1\tupdated\t/orgs/1/workloads/1");
    assert!(
        lines[1].starts_with("2\tcreated\t/orgs/1/workloads/"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("3\tfailed\tnot_found: "),
        "{}",
        lines[2]
    );
    assert_eq!(lines.len(), 3);

    let web_1 = pce.mock.object("/orgs/1/workloads/1").expect("kept");
    assert_eq!(web_1["name"], "first");
    let labels: Vec<&str> = web_1["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .filter_map(|l| l["href"].as_str())
        .collect();
    assert_eq!(labels.len(), 2);
    assert_eq!(labels[0], "/orgs/1/labels/1", "the existing role=web");
    let env = pce.mock.object(labels[1]).expect("env=prod was created");
    assert_eq!(
        (env["key"].as_str(), env["value"].as_str()),
        (Some("env"), Some("prod"))
    );

    let json_file = crate::write(
        &crate::scratch("import_json"),
        "workloads.json",
        r#"[{"hostname": "web-2", "description": "from JSON", "role": "web"}]"#,
    );
    let again = run(&mut pce.with_api_key([
        "workloads",
        "import",
        json_file.to_str().expect("a UTF-8 path"),
    ]));
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.starts_with("1\tupdated\t"), "{}", again.stdout);
}
