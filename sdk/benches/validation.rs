//! The 10,000-item `optional_features_put` payload (about 640 KB): parsing it into
//! `serde_json::Value` alone (the floor), validating the parsed value against the schema,
//! parsing plus validating, and decoding it into and encoding it from the generated types;
//! for scale, decoding it into a plain struct of borrowed strings (what no `oneOf` and no
//! enum check costs: the ceiling of a typed decode).
//! Run with `cargo bench -p illumio-pce --bench validation`.

#[path = "support/payload.rs"]
mod payload;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use illumio_pce::types::{OptionalFeatureToggle, OptionalFeaturesPut};
use illumio_pce::validation::{latest_release, validate};
use serde::Deserialize;
use serde_json::Value;

/// One toggle read with no `oneOf` to resolve and no feature name to check.
#[derive(Deserialize)]
struct PlainToggle<'a> {
    name: &'a str,
    enabled: bool,
    key: Option<&'a str>,
}

fn bench(c: &mut Criterion) {
    let body = payload::optional_features_put(payload::ITEMS);
    let release = latest_release();
    let parsed: Value = serde_json::from_slice(&body).expect("valid JSON");
    assert!(validate(release, "optional_features_put", &parsed)
        .expect("embedded")
        .is_empty());
    let typed: OptionalFeaturesPut = serde_json::from_slice(&body).expect("decodes");
    let plain: Vec<PlainToggle> = serde_json::from_slice(&body).expect("decodes");
    let summary = |toggles: &mut dyn Iterator<Item = (bool, bool)>| {
        toggles.fold((0, 0), |(on, keyed), (enabled, has_key)| {
            (on + usize::from(enabled), keyed + usize::from(has_key))
        })
    };
    let typed_summary = summary(&mut typed.iter().map(|toggle| match toggle {
        OptionalFeatureToggle::FeatureToggle(t) => (t.enabled, false),
        OptionalFeatureToggle::KeyedFeatureToggle(t) => (t.enabled, t.key.is_some()),
        _ => (false, false),
    }));
    let plain_summary = summary(
        &mut plain
            .iter()
            .filter(|t| !t.name.is_empty())
            .map(|t| (t.enabled, t.key.is_some())),
    );
    assert_eq!(
        plain_summary, typed_summary,
        "both decodes read the same toggles"
    );

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
    group.bench_function(BenchmarkId::new("decode", "plain struct (ceiling)"), |b| {
        b.iter(|| serde_json::from_slice::<Vec<PlainToggle>>(&body).expect("decodes"))
    });
    group.bench_function(BenchmarkId::new("encode", "OptionalFeaturesPut"), |b| {
        b.iter(|| serde_json::to_vec(&typed).expect("encodes"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
