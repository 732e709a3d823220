//! The Rust side of `bench/compare.sh`: writes the benchmark's 10,000-item
//! `optional_features_put` payload to a file, and times this crate's validator and typed
//! decode on a payload file, so that Python and Rust are measured on byte-identical input.
//!
//! ```sh
//! cargo run --release -p illumio-pce --example bench_compare -- payload FILE
//! cargo run --release -p illumio-pce --example bench_compare -- time FILE RUNS
//! ```
//!
//! `time` prints one JSON object: the payload's size in bytes, the number of runs and, for
//! each operation, the best of `RUNS` wall times in seconds.

#[path = "../benches/support/payload.rs"]
mod payload;

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use illumio_pce::types::OptionalFeaturesPut;
use illumio_pce::validation::{latest_release, validate};
use serde_json::{json, Value};

const USAGE: &str = "usage: bench_compare payload FILE | bench_compare time FILE RUNS";

/// The schema the payload is validated against.
const SCHEMA: &str = "optional_features_put";

/// The shortest of `runs` runs of `operation`.
fn best_of(runs: u32, mut operation: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            operation();
            start.elapsed()
        })
        .min()
        .unwrap_or(Duration::ZERO)
        .as_secs_f64()
}

/// Times every operation on the payload in `file`.
fn time(file: &str, runs: u32) -> Result<Value, String> {
    let body = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let release = latest_release();
    let parsed: Value = serde_json::from_slice(&body).map_err(|e| format!("{file}: {e}"))?;
    let violations = validate(release, SCHEMA, &parsed).map_err(|e| e.to_string())?;
    if !violations.is_empty() {
        return Err(format!("{file} is not a valid {SCHEMA} payload"));
    }
    let typed: OptionalFeaturesPut =
        serde_json::from_slice(&body).map_err(|e| format!("{file}: {e}"))?;
    let parse = best_of(runs, || {
        black_box(serde_json::from_slice::<Value>(&body).ok());
    });
    let validate_only = best_of(runs, || {
        black_box(validate(release, SCHEMA, &parsed).ok());
    });
    let parse_validate = best_of(runs, || {
        let value = serde_json::from_slice::<Value>(&body).ok();
        black_box(value.map(|value| validate(release, SCHEMA, &value).ok()));
    });
    let decode = best_of(runs, || {
        black_box(serde_json::from_slice::<OptionalFeaturesPut>(&body).ok());
    });
    let encode = best_of(runs, || {
        black_box(serde_json::to_vec(&typed).ok());
    });
    Ok(json!({
        "bytes": body.len(),
        "runs": runs,
        "parse_s": parse,
        "validate_s": validate_only,
        "parse_validate_s": parse_validate,
        "decode_s": decode,
        "encode_s": encode,
    }))
}

fn run(args: &[String]) -> Result<(), String> {
    match args {
        [command, file] if command == "payload" => {
            std::fs::write(file, payload::optional_features_put(payload::ITEMS))
                .map_err(|e| format!("{file}: {e}"))
        }
        [command, file, runs] if command == "time" => {
            let runs: u32 = runs.parse().map_err(|_| USAGE.to_owned())?;
            println!("{}", time(file, runs.max(1))?);
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_compare: {message}");
            ExitCode::from(2)
        }
    }
}
