//! Parsing plus validating a 10,000-item `optional_features_put` payload (about 640 KB),
//! against parsing it into `serde_json::Value` alone (the floor) and decoding it into the
//! generated types. Run with `cargo bench -p illumio-pce --bench validation`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use illumio_pce::pce::latest::OptionalFeaturesPut;
use illumio_pce::validation::{latest_release, validate};
use serde_json::Value;

/// Feature names of the latest release, as a PCE client would send them.
const NAMES: [&str; 6] = [
    "labels_editing_warning_for_enforcement_mode",
    "per_rule_flow_log_setting",
    "windows_outbound_process_enforcement",
    "ransomware_readiness_dashboard",
    "editable_dns_client_rule",
    "rule_info_exposure_to_syslog",
];

/// A valid body of `items` toggles.
fn payload(items: usize) -> Vec<u8> {
    let toggles: Vec<String> = (0..items)
        .map(|i| {
            let name = NAMES[i % NAMES.len()];
            let key = if name.starts_with("editable") {
                r#","key":"0123456789""#
            } else {
                ""
            };
            format!(r#"{{"name":"{name}","enabled":{}{key}}}"#, i % 2 == 0)
        })
        .collect();
    format!("[{}]", toggles.join(",")).into_bytes()
}

fn bench(c: &mut Criterion) {
    let body = payload(10_000);
    let release = latest_release();
    let first: Value = serde_json::from_slice(&body).expect("valid JSON");
    assert!(validate(release, "optional_features_put", &first)
        .expect("embedded")
        .is_empty());

    let mut group = c.benchmark_group("optional_features_put_10k");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function(BenchmarkId::new("parse", "serde_json::Value"), |b| {
        b.iter(|| serde_json::from_slice::<Value>(&body).expect("parses"))
    });
    group.bench_function(
        BenchmarkId::new("parse+validate", "illumio_pce::validation"),
        |b| {
            b.iter(|| {
                let value: Value = serde_json::from_slice(&body).expect("parses");
                validate(release, "optional_features_put", &value).expect("embedded")
            })
        },
    );
    group.bench_function(BenchmarkId::new("decode", "OptionalFeaturesPut"), |b| {
        b.iter(|| serde_json::from_slice::<OptionalFeaturesPut>(&body).expect("decodes"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
