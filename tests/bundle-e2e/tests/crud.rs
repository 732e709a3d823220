//! Create, list, read, update and delete of the objects people script most (labels, IP
//! lists, services, workloads, rule sets) through the generated 25.2.20 client, against the
//! mock serving the same bundle over HTTPS; and a body the PCE refuses, surfaced with its
//! error token.

use illumio_pce::lenient::Object as _;
use illumio_pce::{Href, PolicyVersion, StatusCode};
use illumio_pce_25_2_20::types;
use pce_bundle_e2e::Fixture;
use pce_tests::{MockConfig, Unset};
use serde_json::{json, Value};

/// The `href` a create answered with: what the methods on one object take.
fn href_of(href: Option<Href>) -> Href {
    href.expect("the new object's href")
}

/// A property of a typed answer, as its JSON.
fn field<T: serde::Serialize>(answer: &T, name: &str) -> Value {
    serde_json::to_value(answer).expect("encodes")[name].clone()
}

/// The error a call on a deleted object gets.
fn assert_not_found<T: std::fmt::Debug>(answer: illumio_pce::Result<T>) {
    let error = answer.expect_err("deleted");
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn labels() {
    let fixture = Fixture::start().await;
    let pce = &fixture.pce;
    let created = pce
        .labels_create(&types::NewLabel::new("env", "prod"))
        .await
        .expect("creates");
    let href = href_of(created.href.clone());
    let listed = pce.labels_list(&Default::default()).await.expect("lists");
    let hrefs: Vec<Option<&str>> = listed.iter().map(|l| l.href.as_deref()).collect();
    assert_eq!(hrefs, [Some(href.as_str())]);
    assert_eq!(created.value.as_deref(), Some("prod"));
    let label = pce
        .labels_get(&href, &Default::default())
        .await
        .expect("reads");
    assert_eq!(label.value.as_deref(), Some("prod"));
    pce.labels_update(&href, &types::LabelUpdate::new().value("staging"))
        .await
        .expect("updates");
    let label = pce
        .labels_get(&href, &Default::default())
        .await
        .expect("reads");
    assert_eq!(
        (label.key.as_deref(), label.value.as_deref()),
        (Some("env"), Some("staging"))
    );
    pce.labels_delete(&href).await.expect("deletes");
    assert_not_found(pce.labels_get(&href, &Default::default()).await);
}

#[tokio::test]
async fn ip_lists() {
    let fixture = Fixture::start().await;
    let pce = &fixture.pce;
    let ranges = types::IpRanges(vec![types::IpRange::new("10.0.0.0/8")]);
    let body = types::NewIpList::new("private").ip_ranges(ranges);
    let created = pce
        .sec_policy_ip_lists_create(PolicyVersion::Draft, &body)
        .await
        .expect("creates");
    let href = href_of(created.href.clone());
    assert!(
        href.starts_with("/orgs/1/sec_policy/draft/ip_lists/"),
        "{href}"
    );
    let listed = pce
        .sec_policy_ip_lists_list(PolicyVersion::Draft, &Default::default())
        .await
        .expect("lists");
    assert_eq!(listed.len(), 1);
    assert_eq!(field(&listed[0], "ip_ranges")[0]["from_ip"], "10.0.0.0/8");
    pce.sec_policy_ip_lists_update(&href, &types::IpListUpdate::new().name("rfc1918"))
        .await
        .expect("updates");
    let ip_list = pce.sec_policy_ip_lists_get(&href).await.expect("reads");
    assert_eq!(field(&ip_list, "name"), "rfc1918");
    pce.sec_policy_ip_lists_delete(&href)
        .await
        .expect("deletes");
    assert_not_found(pce.sec_policy_ip_lists_get(&href).await);
}

#[tokio::test]
async fn services() {
    let fixture = Fixture::start().await;
    let pce = &fixture.pce;
    let body = types::NewService::new("web").description("HTTPS");
    let created = pce
        .sec_policy_services_create(PolicyVersion::Draft, &body)
        .await
        .expect("creates");
    let href = href_of(created.href.clone());
    let listed = pce
        .sec_policy_services_list(PolicyVersion::Draft, &Default::default())
        .await
        .expect("lists");
    assert_eq!(field(&listed[0], "description"), "HTTPS");
    pce.sec_policy_services_update(&href, &types::ServiceUpdate::new().name("www"))
        .await
        .expect("updates");
    let service = pce.sec_policy_services_get(&href).await.expect("reads");
    assert_eq!(
        (field(&service, "name"), field(&service, "description")),
        (json!("www"), json!("HTTPS"))
    );
    pce.sec_policy_services_delete(&href)
        .await
        .expect("deletes");
    assert_not_found(pce.sec_policy_services_get(&href).await);
}

#[tokio::test]
async fn workloads() {
    let fixture = Fixture::start().await;
    let pce = &fixture.pce;
    let body =
        types::NewWorkload::from(types::NewWorkloadName::new("db-1").hostname("db-1.example.com"));
    let created = pce.workloads_create(&body).await.expect("creates");
    let href = href_of(created.href.clone());
    assert!(
        href.starts_with("/orgs/1/workloads/"),
        "workloads have UUIDs: {href}"
    );
    let listed = pce
        .workloads_list(&Default::default())
        .await
        .expect("lists");
    assert_eq!(field(&listed[0], "hostname"), "db-1.example.com");
    let update =
        types::WorkloadUpdate::from(types::WorkloadsWithoutVenPut::new().description("primary"));
    pce.workloads_update(&href, &update).await.expect("updates");
    let workload = pce.workloads_get(&href).await.expect("reads");
    assert_eq!(
        (field(&workload, "name"), field(&workload, "description")),
        (json!("db-1"), json!("primary"))
    );
    // The mock, as a PCE, sends what the workload has no value for as `null`: it reads `None`
    // and is sent back as `null`.
    let sent: Value = pce
        .client()
        .get(
            &href.replace("/orgs/1", "/orgs/:org"),
            &[] as &[(&str, &str)],
        )
        .await
        .expect("reads");
    assert_eq!(sent["deleted_at"], Value::Null);
    assert_eq!(workload.deleted_at, None);
    assert!(workload.is_null("deleted_at"));
    assert_eq!(serde_json::to_value(&workload).expect("encodes"), sent);
    pce.workloads_delete(&href).await.expect("deletes");
    assert_not_found(pce.workloads_get(&href).await);
}

#[tokio::test]
async fn a_workload_read_relabelled_and_written_back_keeps_everything_else() {
    let fixture = Fixture::start().await;
    let pce = &fixture.pce;
    let label = |key: &str, value: &str| types::NewLabel::new(key, value);
    let web = pce
        .labels_create(&label("role", "web"))
        .await
        .expect("creates");
    let db = pce
        .labels_create(&label("role", "db"))
        .await
        .expect("creates");
    let prod = pce
        .labels_create(&label("env", "prod"))
        .await
        .expect("creates");
    let reference = |l: &types::Label| types::HrefObject::new(l.href.clone().expect("an href"));
    let labels = types::CommonLabels(vec![reference(&web), reference(&prod)]);
    let body = types::NewWorkload::from(
        types::NewWorkloadName::new("web-1")
            .hostname("web-1.example.com")
            .description("front end")
            .labels(labels),
    );
    let created = pce.workloads_create(&body).await.expect("creates");
    let href = href_of(created.href.clone());
    let read = pce.workloads_get(&href).await.expect("reads");

    // Read, modify, write: role web becomes role db, nothing else changes.
    let mut update = read.to_update().expect("the workload makes its update");
    let types::WorkloadUpdate::WorkloadsWithoutVenPut(body) = &mut update else {
        panic!("a workload without a VEN updates as one: {update:?}");
    };
    let labels = body.labels.as_mut().expect("the labels were kept");
    for l in labels.0.iter_mut() {
        if l.href == web.href {
            *l = reference(&db);
        }
    }
    pce.workloads_update(&href, &update).await.expect("updates");

    let after = pce.workloads_get(&href).await.expect("reads");
    let hrefs = |w: &types::Workload| -> Vec<Value> {
        field(w, "labels")
            .as_array()
            .expect("labels")
            .iter()
            .map(|l| l["href"].clone())
            .collect()
    };
    assert_eq!(hrefs(&after), [json!(db.href), json!(prod.href)]);
    for kept in ["name", "hostname", "description", "href", "created_at"] {
        assert_eq!(field(&after, kept), field(&read, kept), "{kept}");
    }
    // What the PUT schema does not have (`created_at`, a label's `key`) is not in the body.
    let sent = serde_json::to_value(&update).expect("encodes");
    assert!(sent.get("created_at").is_none(), "{sent}");
    assert_eq!(
        sent["labels"],
        json!([{"href": db.href}, {"href": prod.href}])
    );
    assert_eq!(sent["description"], "front end");
}

#[tokio::test]
async fn rule_sets() {
    let fixture = Fixture::start().await;
    let pce = &fixture.pce;
    let body = types::NewRuleSet::new("web tier", types::RuleSetScopesPut(vec![]));
    let created = pce
        .sec_policy_rule_sets_create(PolicyVersion::Draft, &body)
        .await
        .expect("creates");
    let href = href_of(created.href.clone());
    let listed = pce
        .sec_policy_rule_sets_list(PolicyVersion::Draft, &Default::default())
        .await
        .expect("lists");
    assert_eq!(field(&listed[0], "name"), "web tier");
    pce.sec_policy_rule_sets_update(&href, &types::RuleSetUpdate::new().enabled(false))
        .await
        .expect("updates");
    let rule_set = pce.sec_policy_rule_sets_get(&href).await.expect("reads");
    assert_eq!(
        (field(&rule_set, "name"), field(&rule_set, "enabled")),
        (json!("web tier"), json!(false))
    );
    pce.sec_policy_rule_sets_delete(&href)
        .await
        .expect("deletes");
    assert_not_found(pce.sec_policy_rule_sets_get(&href).await);
}

#[tokio::test]
async fn with_unset_absent_the_mock_leaves_out_what_an_object_has_no_value_for() {
    let fixture = Fixture::start_with(MockConfig {
        unset: Unset::Absent,
        ..MockConfig::default()
    })
    .await;
    let pce = &fixture.pce;
    let created = pce
        .labels_create(&types::NewLabel::new("env", "prod"))
        .await
        .expect("creates");
    let sent = serde_json::to_value(&created).expect("encodes");
    assert!(sent.get("deleted").is_none(), "{sent}");
    assert!(!created.is_null("deleted"));
    let nulls = Fixture::start().await;
    let created = nulls
        .pce
        .labels_create(&types::NewLabel::new("env", "prod"))
        .await
        .expect("creates");
    assert!(created.is_null("deleted"));
}

#[tokio::test]
async fn a_body_the_pce_refuses_is_a_406_with_its_token() {
    let fixture = Fixture::start().await;
    let (pce, mock) = (&fixture.pce, &fixture.mock);
    // The typed method checks the body before sending; the generic call sends what it is given.
    let error = pce
        .client()
        .post::<Value>(
            "/orgs/:org/labels",
            &json!({"key": "env", "value": ["prod"]}),
        )
        .await
        .expect_err("406");
    assert_eq!(
        error.status(),
        Some(StatusCode::NOT_ACCEPTABLE),
        "{error:?}"
    );
    let errors = error.api_errors();
    assert_eq!(errors[0].token, "input_validation_error");
    assert!(
        errors[0].message.contains("'#/value'"),
        "{}",
        errors[0].message
    );
    assert!(error.request_id().is_some());
    assert!(
        error.to_string().contains("input_validation_error"),
        "{error}"
    );
    assert_eq!(
        pce.labels_list(&Default::default())
            .await
            .expect("lists")
            .len(),
        0
    );
    assert_eq!(
        mock.requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count(),
        1
    );
}
