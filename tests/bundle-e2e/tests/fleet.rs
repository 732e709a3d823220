//! The crate generated from both shared bundles (25.2.20 and 26.3.0), against `mock-pce
//! --bundle` of each: what 26.3.0 added is refused before sending to a 25.2.20 PCE and works
//! on a 26.3.0 one, a program using what both have passes against both, and the docs say what
//! is new. README shows the refusals these tests see.

use illumio_pce::{Error, Href, PolicyVersion};
use pce_bundle_e2e::Fleet;
use pce_fleet::types;
use serde_json::json;

/// What a 25.2.20 PCE is told about a rule with a 26.3.0 property (README shows it).
const NEW_PROPERTY: &str = "`all_ips_except_for_in_consumers` (`/all_ips_except_for_in_consumers`) is new in 26.3.0; this PCE runs 25.2.20";
/// What a 25.2.20 PCE is told about an operation 26.3.0 added (README shows it).
const NEW_OPERATION: &str =
    "`GET /orgs/{org_id}/inactive_ven_cleanup_schedules` is new in 26.3.0; this PCE runs 25.2.20";

/// A rule between all workloads on TCP 443, with 26.3.0's `all_ips_except_for_in_consumers`
/// when `all_ips`.
fn rule(all_ips: bool) -> types::NewSecRule {
    let mut rule = json!({
        "enabled": true,
        "providers": [{"actors": "ams"}],
        "consumers": [{"actors": "ams"}],
        "ingress_services": [{"port": 443, "proto": 6}],
        "resolve_labels_as": {"providers": ["workloads"], "consumers": ["workloads"]},
    });
    if all_ips {
        rule["all_ips_except_for_in_consumers"] = json!(true);
    }
    serde_json::from_value(rule).expect("a rule the types take")
}

async fn new_rule_set(pce: &pce_fleet::Pce, name: &str) -> Href {
    let body = types::NewRuleSet::new(name, types::RuleSetScopesPut(vec![]));
    pce.sec_policy_rule_sets_create(PolicyVersion::Draft, &body)
        .await
        .expect("creates the rule set")
        .href
        .expect("the rule set's href")
}

#[tokio::test]
async fn a_rule_with_a_26_3_property_is_refused_before_reaching_a_25_2_pce_and_created_on_26_3() {
    let old = Fleet::start("25.2.20").await;
    let rule_set = new_rule_set(&old.pce, "web tier").await;
    assert_eq!(old.pce.client().release(), "25.2.20", "learnt from the PCE");
    let sent = old.mock.requests().len();
    let error = old
        .pce
        .sec_policy_rule_sets_sec_rules_create(&rule_set, &rule(true))
        .await
        .expect_err("25.2.20 has no all_ips_except_for_in_consumers");
    assert_eq!(error.to_string(), NEW_PROPERTY);
    let Error::NotInRelease { release, gaps, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(release, "25.2.20");
    assert_eq!(gaps[0].since, "26.3.0");
    assert_eq!(
        old.mock.requests().len(),
        sent,
        "no request reached the mock"
    );

    let new = Fleet::start("26.3.0").await;
    let rule_set = new_rule_set(&new.pce, "web tier").await;
    let created = new
        .pce
        .sec_policy_rule_sets_sec_rules_create(&rule_set, &rule(true))
        .await
        .expect("26.3.0 creates it");
    assert_eq!(new.pce.client().release(), "26.3.0");
    assert_eq!(created.all_ips_except_for_in_consumers, Some(true));
}

#[tokio::test]
async fn an_operation_new_in_26_3_is_refused_against_25_2_and_served_by_26_3() {
    let old = Fleet::start("25.2.20").await;
    let error = old
        .pce
        .inactive_ven_cleanup_schedules_list(&Default::default())
        .await
        .expect_err("25.2.20 has no inactive VEN cleanup schedules");
    assert_eq!(error.to_string(), NEW_OPERATION);
    let paths: Vec<String> = old.mock.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        ["/api/v2/product_version"],
        "the client asked the PCE's version, and sent nothing else"
    );

    let new = Fleet::start("26.3.0").await;
    let schedules = new
        .pce
        .inactive_ven_cleanup_schedules_list(&Default::default())
        .await
        .expect("26.3.0 serves it");
    assert!(schedules.is_empty());
}

#[tokio::test]
async fn an_enum_value_new_in_26_3_is_refused_against_25_2_naming_it() {
    let body: types::OptionalFeaturesPut =
        serde_json::from_value(json!([{"name": "hybrid_policy", "enabled": true}]))
            .expect("26.3.0 knows the feature");
    let old = Fleet::start("25.2.20").await;
    let error = old
        .pce
        .optional_features_update(&body)
        .await
        .expect_err("25.2.20 does not know it");
    assert_eq!(
        error.to_string(),
        "the value `\"hybrid_policy\"` (`/0/name`) is new in 26.3.0; this PCE runs 25.2.20"
    );
    assert!(old.mock.requests().iter().all(|r| r.method != "PUT"));
}

/// Labels, a rule set and a rule, a workload created, relabelled through `to_update` and
/// read back, and an IP list: operations and properties both releases have.
async fn common_program(pce: &pce_fleet::Pce) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let web = pce
        .labels_create(&types::NewLabel::new("role", "web"))
        .await?;
    let db = pce
        .labels_create(&types::NewLabel::new("role", "db"))
        .await?;
    let (web, db) = (web.href.expect("href"), db.href.expect("href"));
    let rule_set = new_rule_set(pce, "web tier").await;
    pce.sec_policy_rule_sets_sec_rules_create(&rule_set, &rule(false))
        .await?;
    let labels = types::CommonLabels(vec![types::HrefObject::new(web.clone())]);
    let workload = types::NewWorkloadName::new("web-1")
        .hostname("web-1.example.com")
        .labels(labels);
    let created = pce
        .workloads_create(&types::NewWorkload::from(workload))
        .await?;
    let href = created.href.clone().expect("href");
    let mut update = created.to_update()?;
    if let types::WorkloadUpdate::WorkloadsWithoutVenPut(body) = &mut update {
        body.labels = Some(types::CommonLabels(vec![types::HrefObject::new(
            db.clone(),
        )]));
    }
    pce.workloads_update(&href, &update).await?;
    let ip_list = types::NewIpList::new("corporate")
        .ip_ranges(types::IpRanges(vec![types::IpRange::new("10.0.0.0/8")]));
    pce.sec_policy_ip_lists_create(PolicyVersion::Draft, &ip_list)
        .await?;
    let workload = pce.workloads_get(&href).await?;
    Ok(workload
        .labels
        .iter()
        .flatten()
        .filter_map(|label| label.href.as_ref().map(ToString::to_string))
        .collect())
}

#[tokio::test]
async fn a_program_using_what_both_releases_have_passes_against_both() {
    for release in ["25.2.20", "26.3.0"] {
        let fleet = Fleet::start(release).await;
        let labels = common_program(&fleet.pce)
            .await
            .unwrap_or_else(|e| panic!("against {release}: {e}"));
        assert_eq!(labels, ["/orgs/1/labels/2"], "against {release}");
        assert_eq!(fleet.pce.client().release(), release);
    }
}

/// A file of the fleet crate `.ci/run` generated.
fn generated(file: &str) -> String {
    let path = format!(
        "{}/../../target/bundle-crates/fleet/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The doc comments of the item that starts with `item` in `text`: what lies between the item
/// before it and it.
fn doc_of<'a>(text: &'a str, item: &str) -> &'a str {
    let before = text
        .split_once(item)
        .unwrap_or_else(|| panic!("no {item}"))
        .0;
    before.rsplit_once("pub ").map_or(before, |(_, doc)| doc)
}

#[test]
fn the_docs_of_what_26_3_added_say_so() {
    let types = generated("src/types.rs");
    let rule = types
        .split_once("pub struct NewSecRule {")
        .expect("NewSecRule")
        .1;
    let field = doc_of(rule, "pub all_ips_except_for_in_consumers:");
    assert!(
        field.contains("/// New in PCE 26.3.0"),
        "the field's doc: {field}"
    );
    let endpoints = generated("src/endpoints.rs");
    let method = doc_of(
        &endpoints,
        "pub async fn inactive_ven_cleanup_schedules_list(",
    );
    assert!(
        method.contains("/// New in PCE 26.3.0"),
        "the method's doc: {method}"
    );
}

#[test]
fn readme_shows_the_refusals() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    for error in [NEW_PROPERTY, NEW_OPERATION] {
        assert!(readme.contains(error), "README.md lacks: {error}");
    }
}
