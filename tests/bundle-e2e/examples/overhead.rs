//! The generated 25.2.20 crate's cost per call over plain `reqwest`, on the mock serving the
//! bundle over HTTPS in-process: `--requests` sequential `GET /orgs/1/labels` (5 labels),
//! each decoded into `Vec<types::Label>`, through `Pce::labels_list` with an API key and
//! through `reqwest` with the same `Basic` header; `--rounds` runs of each, in turn. Prints
//! one JSON object with the median and best run of each and the overhead of the medians.
//! `--only reqwest` or `--only generated` runs one client, for an instruction count under
//! `valgrind --tool=callgrind` (which this VM's noise does not move).
//!
//! ```sh
//! cd tests/bundle-e2e && cargo run --release --example overhead -- --requests 2000 --rounds 9
//! ```

use std::time::{Duration, Instant};

use illumio_pce::{Client, Credentials, RequestPace};
use illumio_pce_25_2_20::{types, Pce};
use pce_tests::{MockConfig, MockPce};
use serde_json::json;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The API key.
const KEY: (&str, &str) = ("api_bench", "bench-secret");

/// The two clients, in turn.
enum Caller {
    Reqwest(reqwest::Client, String, String),
    Generated(Pce),
}

impl Caller {
    async fn labels(&self) -> Result<Vec<types::Label>> {
        match self {
            Caller::Reqwest(http, url, authorization) => {
                let response = http
                    .get(url)
                    .header("Authorization", authorization)
                    .header("Accept", "application/json")
                    .send()
                    .await?
                    .error_for_status()?;
                Ok(serde_json::from_slice(&response.bytes().await?)?)
            }
            Caller::Generated(pce) => Ok(pce.labels_list(&Default::default()).await?),
        }
    }
}

fn arg(name: &str, default: usize) -> Result<usize> {
    let mut args = std::env::args().skip_while(|a| a != name).skip(1);
    Ok(args
        .next()
        .map(|v| v.parse())
        .transpose()?
        .unwrap_or(default))
}

fn median_and_best(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let best = times.first().copied().unwrap_or_default();
    (median.as_secs_f64(), best.as_secs_f64())
}

#[tokio::main]
async fn main() -> Result<()> {
    let requests = arg("--requests", 2000)?;
    let rounds = arg("--rounds", 9)?;
    let mock = MockPce::start(MockConfig {
        api_keys: vec![(KEY.0.to_owned(), KEY.1.to_owned())],
        rate_limit_per_minute: u32::MAX,
        bundle: Some(pce_bundle_e2e::BUNDLE.into()),
        ..MockConfig::default()
    })
    .await?;
    let ca = mock.ca_pem().ok_or("the mock serves HTTPS")?;
    let client = Client::builder(&mock.url())
        .pce_fqdn(mock.fqdn())
        .ca_certificate_pem(ca)
        .org_id(1)
        .credentials(Credentials::api_key(KEY.0, KEY.1))
        // Unpaced: the figures are the generated code's overhead, not the PCE's limit.
        .pace(RequestPace::unlimited())
        .build()?;
    let pce = Pce::new(client);
    for (key, value) in [
        ("role", "web"),
        ("role", "db"),
        ("env", "prod"),
        ("env", "dev"),
        ("loc", "eu"),
    ] {
        pce.labels_create(&types::NewLabel::new(key, value)).await?;
    }
    let basic = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", KEY.0, KEY.1))
    };
    let reqwest = Caller::Reqwest(
        reqwest::Client::builder()
            .tls_certs_merge([reqwest::Certificate::from_pem(ca.as_bytes())?])
            .build()?,
        format!("{}/api/v2/orgs/1/labels", mock.url()),
        format!("Basic {basic}"),
    );
    let generated = Caller::Generated(pce);
    let only = std::env::args().skip_while(|a| a != "--only").nth(1);
    let callers = [&reqwest, &generated];
    let chosen = |index: usize| match only.as_deref() {
        Some("reqwest") => index == 0,
        Some("generated") => index == 1,
        _ => true,
    };
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..rounds {
        for (index, (caller, times)) in callers.iter().zip(times.iter_mut()).enumerate() {
            if !chosen(index) {
                continue;
            }
            let start = Instant::now();
            for _ in 0..requests {
                assert_eq!(caller.labels().await?.len(), 5);
            }
            times.push(start.elapsed());
        }
    }
    let [plain, sdk] = times.map(median_and_best);
    let per_call = |seconds: f64| seconds / requests as f64 * 1e6;
    println!(
        "{}",
        json!({
            "requests": requests,
            "rounds": rounds,
            "reqwest": {"median_s": plain.0, "best_s": plain.1, "median_us_per_call": per_call(plain.0)},
            "generated": {"median_s": sdk.0, "best_s": sdk.1, "median_us_per_call": per_call(sdk.0)},
            "overhead_median_percent": (sdk.0 / plain.0 - 1.0) * 100.0,
            "overhead_best_percent": (sdk.1 / plain.1 - 1.0) * 100.0,
        })
    );
    Ok(())
}
