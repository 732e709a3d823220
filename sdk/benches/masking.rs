//! Masking secrets in the snippet of a response body that an error shows
//! ([`illumio_pce::redact::snippet`]), on a 5 MB adversarial body: 300,000 `"token"` keys
//! whose values are numbers (nothing to mask, every key a match to look past) and one real
//! secret at the start. Run with `cargo bench -p illumio-pce --bench masking`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn adversarial_body() -> Vec<u8> {
    let mut body = String::from(r#"{"session_token": "s3cr3t-value", "items": ["#);
    while body.len() < 5_000_000 {
        body.push_str(r#"{"token": 1, "secret": 2}, "#);
    }
    body.push_str("{}]}");
    body.into_bytes()
}

fn bench(c: &mut Criterion) {
    let body = adversarial_body();
    assert!(!illumio_pce::redact::snippet(&body).contains("s3cr3t"));
    let mut group = c.benchmark_group("masking");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(10);
    group.bench_function("snippet_5mb_adversarial", |b| {
        b.iter(|| illumio_pce::redact::snippet(&body))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
