//! The 10,000-item `optional_features_put` payload (about 640 KB): parsing it into
//! `serde_json::Value` alone (the floor), validating the parsed value against the schema,
//! parsing plus validating, and decoding it into and encoding it from the generated types.
//! Run with `cargo bench -p illumio-pce --bench validation`.

#[path = "support/payload.rs"]
mod payload;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use illumio_pce::types::OptionalFeaturesPut;
use illumio_pce::validation::{latest_release, validate};
use serde_json::Value;

fn bench(c: &mut Criterion) {
    let body = payload::optional_features_put(payload::ITEMS);
    let release = latest_release();
    let parsed: Value = serde_json::from_slice(&body).expect("valid JSON");
    assert!(validate(release, "optional_features_put", &parsed)
        .expect("embedded")
        .is_empty());
    let typed: OptionalFeaturesPut = serde_json::from_slice(&body).expect("decodes");

    let mut group = c.benchmark_group("optional_features_put_10k");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function(BenchmarkId::new("parse", "serde_json::Value"), |b| {
        b.iter(|| serde_json::from_slice::<Value>(&body).expect("parses"))
    });
    group.bench_function(
        BenchmarkId::new("validate", "illumio_pce::validation"),
        |b| b.iter(|| validate(release, "optional_features_put", &parsed).expect("embedded")),
    );
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
    group.bench_function(BenchmarkId::new("encode", "OptionalFeaturesPut"), |b| {
        b.iter(|| serde_json::to_vec(&typed).expect("encodes"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
