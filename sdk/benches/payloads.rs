//! The documented `users/login` response (`tests/data/users_login_get.json`, about 1.3 KB):
//! parsing it into `serde_json::Value` (the floor), decoding it into the generated
//! `UsersLoginGet` and encoding it back. The 10,000-item `optional_features_put` payload is
//! in the `validation` bench. Run with `cargo bench -p illumio-pce --bench payloads`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use illumio_pce::types::UsersLoginGet;
use serde_json::Value;

/// The response of `GET /api/v2/users/login` as Illumio's documentation shows it.
const USERS_LOGIN: &[u8] = include_bytes!("../tests/data/users_login_get.json");

fn bench(c: &mut Criterion) {
    let typed: UsersLoginGet = serde_json::from_slice(USERS_LOGIN).expect("decodes");

    let mut group = c.benchmark_group("users_login_get");
    group.throughput(Throughput::Bytes(USERS_LOGIN.len() as u64));
    group.bench_function(BenchmarkId::new("parse", "serde_json::Value"), |b| {
        b.iter(|| serde_json::from_slice::<Value>(USERS_LOGIN).expect("parses"))
    });
    group.bench_function(BenchmarkId::new("decode", "UsersLoginGet"), |b| {
        b.iter(|| serde_json::from_slice::<UsersLoginGet>(USERS_LOGIN).expect("decodes"))
    });
    group.bench_function(BenchmarkId::new("encode", "UsersLoginGet"), |b| {
        b.iter(|| serde_json::to_vec(&typed).expect("encodes"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
