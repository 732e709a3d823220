//! The SDK's cost on the wire, measured against the mock PCE on loopback over HTTPS, for
//! `bench/compare.sh` and BENCHMARKS.md.
//!
//! By default it starts a [`MockPce`] in-process (a fresh one for every run, with no rate
//! limit) and prints one JSON object:
//! - `sequential`: the wall time (median and best of `--rounds` runs) of `--requests` sequential
//!   `GET /orgs/1/optional_features`, each decoded into `OptionalFeaturesGet`, through plain
//!   `reqwest` with a fixed `Basic` header of an API key, through the SDK logging in with a
//!   password, and through the SDK with the API key; with the connections the mock accepted
//!   and the logins it served;
//! - `concurrent`: `--callers` concurrent calls through one password client after its
//!   session expired (the mock's clock moved past its 10-minute inactivity expiry), with the
//!   logins the mock served before and after.
//!
//! With `--url`, `--ca-cert` and `--api-key` it times only the API-key runs (plain `reqwest`
//! and the SDK) against a running `mock-pce`, to compare with other clients of that server.
//!
//! ```sh
//! cargo run --release -p pce-tests --example loopback
//! ```

use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use base64::Engine as _;
use clap::Parser;
use illumio_pce::types::OptionalFeaturesGet;
use illumio_pce::{Client, Credentials, RequestPace};
use pce_tests::{MockConfig, MockPce};
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};
use serde_json::{json, Value};
use tokio::task::JoinSet;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// The mock's user.
const EMAIL: &str = "admin@example.com";
/// Its password.
const PASSWORD: &str = "password";
/// The API key configured in the in-process mock.
const KEY: (&str, &str) = ("api_bench", "bench-secret");
/// The organization.
const ORG: i64 = 1;
/// Past the mock's 10-minute session inactivity expiry.
const IDLE: Duration = Duration::from_secs(11 * 60);

/// Time the SDK against plain reqwest on a mock PCE.
#[derive(Debug, Parser)]
struct Args {
    /// Sequential GETs per run.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Runs of each sequential client; the median wall time is reported.
    #[arg(long, default_value_t = 9, value_parser = clap::value_parser!(u16).range(1..))]
    rounds: u16,
    /// Concurrent callers after the session expired.
    #[arg(long, default_value_t = 64)]
    callers: usize,
    /// A running mock-pce's URL: time the API-key runs against it instead.
    #[arg(long, requires_all = ["ca_cert", "api_key"])]
    url: Option<String>,
    /// The CA certificate file of the running mock-pce.
    #[arg(long, requires = "url")]
    ca_cert: Option<PathBuf>,
    /// An API key of the running mock-pce.
    #[arg(long, value_name = "AUTH_USERNAME:SECRET", requires = "url")]
    api_key: Option<String>,
}

/// The server and credentials a run talks to.
struct Target {
    url: String,
    fqdn: Option<String>,
    ca_pem: String,
    key: (String, String),
}

/// The clients compared.
#[derive(Clone, Copy)]
enum Kind {
    /// Plain reqwest with a fixed `Basic` header of the API key.
    Reqwest,
    /// The SDK, logging in with a password.
    SdkPassword,
    /// The SDK with the API key.
    SdkApiKey,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Reqwest => "reqwest",
            Kind::SdkPassword => "sdk_password",
            Kind::SdkApiKey => "sdk_api_key",
        }
    }
}

/// A client under test.
enum Caller {
    Reqwest {
        http: reqwest::Client,
        url: String,
        authorization: HeaderValue,
    },
    Sdk(Client),
}

impl Caller {
    fn new(kind: Kind, target: &Target) -> Result<Self> {
        Ok(match kind {
            Kind::Reqwest => {
                let certificate = reqwest::Certificate::from_pem(target.ca_pem.as_bytes())?;
                let (key, secret) = (&target.key.0, &target.key.1);
                let encoded =
                    base64::engine::general_purpose::STANDARD.encode(format!("{key}:{secret}"));
                Caller::Reqwest {
                    http: reqwest::Client::builder()
                        .tls_certs_merge([certificate])
                        .build()?,
                    url: format!("{}/api/v2/orgs/{ORG}/optional_features", target.url),
                    authorization: HeaderValue::from_str(&format!("Basic {encoded}"))?,
                }
            }
            Kind::SdkPassword => Caller::Sdk(sdk_client(target, true)?),
            Kind::SdkApiKey => Caller::Sdk(sdk_client(target, false)?),
        })
    }

    /// One `GET` of the optional features, decoded.
    async fn features(&self) -> Result<OptionalFeaturesGet> {
        match self {
            Caller::Reqwest {
                http,
                url,
                authorization,
            } => {
                let response = http
                    .get(url)
                    .header(AUTHORIZATION, authorization.clone())
                    .header(ACCEPT, "application/json")
                    .send()
                    .await?
                    .error_for_status()?;
                Ok(serde_json::from_slice(&response.bytes().await?)?)
            }
            Caller::Sdk(client) => Ok(client.optional_features_get().await?),
        }
    }
}

/// An SDK client for `target`, logging in with the password or using the API key.
fn sdk_client(target: &Target, password: bool) -> Result<Client> {
    // Unpaced: the figures are the SDK's overhead, not the PCE's request limit.
    let mut builder = Client::builder(&target.url)
        .ca_certificate_pem(target.ca_pem.as_bytes().to_vec())
        .pace(RequestPace::unlimited());
    if let Some(fqdn) = &target.fqdn {
        builder = builder.pce_fqdn(fqdn);
    }
    let credentials = if password {
        Credentials::password(EMAIL, PASSWORD)
    } else {
        builder = builder.org_id(ORG);
        Credentials::api_key(&target.key.0, &target.key.1)
    };
    Ok(builder.credentials(credentials).build()?)
}

/// The wall time of `requests` sequential calls, from the first request to the last
/// response (building the client is not counted; a password login is).
async fn sequential(caller: &Caller, requests: usize) -> Result<Duration> {
    let start = Instant::now();
    for _ in 0..requests {
        caller.features().await?;
    }
    Ok(start.elapsed())
}

/// A fresh in-process mock with the user and the API key, and no rate limit to speak of.
async fn start_mock() -> Result<(MockPce, Target)> {
    let mock = MockPce::start(MockConfig {
        users: vec![(EMAIL.to_owned(), PASSWORD.to_owned())],
        api_keys: vec![(KEY.0.to_owned(), KEY.1.to_owned())],
        rate_limit_per_minute: u32::MAX,
        ..MockConfig::default()
    })
    .await?;
    let target = Target {
        url: mock.url(),
        fqdn: Some(mock.fqdn().to_owned()),
        ca_pem: mock.ca_pem().ok_or("the mock serves HTTPS")?.to_owned(),
        key: (KEY.0.to_owned(), KEY.1.to_owned()),
    };
    Ok((mock, target))
}

/// The median and the best of a client's run times, in seconds.
fn summary(mut times: Vec<Duration>) -> Value {
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let best = times.first().copied().unwrap_or_default();
    json!({"wall_s": median.as_secs_f64(), "best_s": best.as_secs_f64()})
}

/// Runs every client `rounds` times, taking turns (the first of a round changes with each
/// round), with the note `run` returns for each run (omitted when all are null).
async fn take_turns<F, Fut>(kinds: &[Kind], rounds: u16, mut run: F) -> Result<Value>
where
    F: FnMut(Kind) -> Fut,
    Fut: std::future::Future<Output = Result<(Duration, Value)>>,
{
    let mut times = vec![Vec::new(); kinds.len()];
    let mut notes = vec![Vec::new(); kinds.len()];
    for round in 0..usize::from(rounds) {
        for turn in 0..kinds.len() {
            let index = (round + turn) % kinds.len();
            let (time, note) = run(kinds[index]).await?;
            times[index].push(time);
            notes[index].push(note);
        }
    }
    let mut report = serde_json::Map::new();
    for ((kind, times), notes) in kinds.iter().zip(times).zip(notes) {
        let mut entry = summary(times);
        if notes.iter().any(|note| !note.is_null()) {
            entry["runs"] = Value::Array(notes);
        }
        report.insert(kind.name().to_owned(), entry);
    }
    Ok(Value::Object(report))
}

/// The sequential runs, each against a fresh in-process mock, with the connections it
/// accepted and the logins it served.
async fn in_process_sequential(args: &Args) -> Result<Value> {
    let kinds = [Kind::Reqwest, Kind::SdkPassword, Kind::SdkApiKey];
    take_turns(&kinds, args.rounds, |kind| async move {
        let (mock, target) = start_mock().await?;
        let caller = Caller::new(kind, &target)?;
        let time = sequential(&caller, args.requests).await?;
        let note = json!({"connections": mock.connections(), "logins": mock.logins()});
        mock.shutdown().await;
        Ok((time, note))
    })
    .await
}

/// `callers` concurrent calls through one password client whose session has expired.
async fn in_process_concurrent(callers: usize) -> Result<Value> {
    let (mock, target) = start_mock().await?;
    let client = sdk_client(&target, true)?;
    client.optional_features_get().await?;
    let logins_before = mock.logins();
    let connections_before = mock.connections();
    mock.advance_clock(IDLE);
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for _ in 0..callers {
        let client = client.clone();
        tasks.spawn(async move { client.optional_features_get().await.map(|f| f.len()) });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    let wall = start.elapsed();
    let report = json!({
        "callers": callers,
        "wall_s": wall.as_secs_f64(),
        "logins_before": logins_before,
        "logins_after": mock.logins(),
        "connections_opened": mock.connections() - connections_before,
    });
    mock.shutdown().await;
    Ok(report)
}

/// The API-key runs against a running mock-pce.
async fn external(args: &Args, url: &str) -> Result<Value> {
    let ca_cert = args.ca_cert.as_ref().ok_or("--ca-cert is required")?;
    let key = args.api_key.as_deref().ok_or("--api-key is required")?;
    let (name, secret) = key
        .split_once(':')
        .ok_or("--api-key is AUTH_USERNAME:SECRET")?;
    let target = Target {
        url: url.trim_end_matches('/').to_owned(),
        fqdn: None,
        ca_pem: std::fs::read_to_string(ca_cert)?,
        key: (name.to_owned(), secret.to_owned()),
    };
    let target = &target;
    take_turns(
        &[Kind::Reqwest, Kind::SdkApiKey],
        args.rounds,
        |kind| async move {
            let caller = Caller::new(kind, target)?;
            Ok((sequential(&caller, args.requests).await?, Value::Null))
        },
    )
    .await
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let report = match &args.url {
        Some(url) => json!({
            "requests": args.requests,
            "rounds": args.rounds,
            "external": external(&args, url).await?,
        }),
        None => json!({
            "requests": args.requests,
            "rounds": args.rounds,
            "sequential": in_process_sequential(&args).await?,
            "concurrent": in_process_concurrent(args.callers).await?,
        }),
    };
    println!("{report}");
    Ok(())
}
