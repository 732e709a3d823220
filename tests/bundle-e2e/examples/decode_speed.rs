//! How fast a response decodes into the generated 25.2.20 type, against parsing the same bytes
//! into a `serde_json::Value`: a `GET optional_features` body of 10,000 features (feature
//! names in turn, `enabled` and `preview` booleans, one in ten with `preview: null` as PCEs
//! send it), and the workloads a real PCE listed (`pce-real-responses/pylo/workloads.json`
//! beside the bundles, when it is there: hrefs, labels, interfaces, date-times), each decoded
//! `--rounds` times alternating the two, the best time of each kept. Prints one JSON object
//! per body: the bytes, the best times and their ratio.
//!
//! ```sh
//! cargo run --release --example decode_speed -- --rounds 30
//! ```
//!
//! With `--only typed|value|ignored --body features|workloads` it decodes that one body that
//! one way (`ignored`: `serde::de::IgnoredAny`, what reading the JSON alone costs) `--rounds`
//! times and prints nothing: `bench/decode_instructions.sh` counts its instructions.

use std::hint::black_box;
use std::time::{Duration, Instant};

use illumio_pce_25_2_20::types::{OptionalFeaturesGet, Workload};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{json, Value};

/// Names of optional features a 25.2 PCE lists.
const NAMES: [&str; 8] = [
    "ip_forwarding_firewall_setting",
    "per_rule_flow_log_setting",
    "editable_dns_client_rule",
    "editable_dhcp_client_rule",
    "ui_analytics",
    "lightning_default",
    "corporate_ips_groups",
    "core_insights",
];

/// The body: `count` features.
fn body(count: usize) -> Vec<u8> {
    let names = NAMES;
    let features: Vec<Value> = (0..count)
        .map(|i| {
            let preview = if i % 10 == 0 {
                Value::Null
            } else {
                Value::Bool(i % 3 == 0)
            };
            json!({"name": names[i % names.len()], "enabled": i % 2 == 0, "preview": preview})
        })
        .collect();
    serde_json::to_vec(&features).unwrap_or_default()
}

/// The shortest of the times `run` takes, over the rounds given.
fn time(best: &mut Duration, run: impl FnOnce()) {
    let start = Instant::now();
    run();
    *best = (*best).min(start.elapsed());
}

/// Decodes `bytes` as `T` and as a `Value`, `rounds` times each, alternating; prints the best
/// times.
fn compare<T: DeserializeOwned>(what: &str, bytes: &[u8], rounds: usize) {
    let (mut typed, mut value) = (Duration::MAX, Duration::MAX);
    for _ in 0..rounds {
        time(&mut typed, || {
            let decoded: T =
                serde_json::from_slice(black_box(bytes)).unwrap_or_else(|e| panic!("{e}"));
            black_box(decoded);
        });
        time(&mut value, || {
            let parsed: Value =
                serde_json::from_slice(black_box(bytes)).unwrap_or_else(|e| panic!("{e}"));
            black_box(parsed);
        });
    }
    println!(
        "{}",
        json!({
            "body": what,
            "bytes": bytes.len(),
            "rounds": rounds,
            "typed_best_ms": typed.as_secs_f64() * 1e3,
            "value_best_ms": value.as_secs_f64() * 1e3,
            "value_over_typed": value.as_secs_f64() / typed.as_secs_f64(),
        })
    );
}

/// Decodes `bytes` `rounds` times as `T`.
fn only<T: DeserializeOwned>(bytes: &[u8], rounds: usize) {
    for _ in 0..rounds {
        let decoded: T = serde_json::from_slice(black_box(bytes)).unwrap_or_else(|e| panic!("{e}"));
        black_box(decoded);
    }
}

/// The value following `flag` on the command line.
fn arg(flag: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != flag).nth(1)
}

fn main() {
    let rounds: usize = arg("--rounds").and_then(|r| r.parse().ok()).unwrap_or(30);
    let features = body(10_000);
    let recorded = std::path::Path::new(pce_bundle_e2e::BUNDLE)
        .join("../../pce-real-responses/pylo/workloads.json");
    let workloads = std::fs::read(&recorded).ok();
    match (arg("--only").as_deref(), arg("--body").as_deref()) {
        (None, _) => {
            compare::<OptionalFeaturesGet>("10,000 optional features", &features, rounds);
            if let Some(bytes) = &workloads {
                compare::<Vec<Workload>>("pylo/workloads.json", bytes, rounds);
            }
        }
        (Some(kind), Some(which)) => {
            let bytes = match which {
                "features" => &features,
                "workloads" => workloads
                    .as_ref()
                    .unwrap_or_else(|| panic!("no {recorded:?}")),
                _ => panic!("--body features|workloads"),
            };
            match (kind, which) {
                ("typed", "features") => only::<OptionalFeaturesGet>(bytes, rounds),
                ("typed", _) => only::<Vec<Workload>>(bytes, rounds),
                ("value", _) => only::<Value>(bytes, rounds),
                ("ignored", _) => only::<IgnoredAny>(bytes, rounds),
                _ => panic!("--only typed|value|ignored"),
            }
        }
        (Some(_), None) => panic!("--only needs --body features|workloads"),
    }
}
