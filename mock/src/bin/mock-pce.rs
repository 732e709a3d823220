//! `mock-pce`: serves a mock Illumio PCE from the command line, to try clients (curl, the
//! SDK, scripts) against it. Prints one JSON line when ready, serves until SIGINT or
//! SIGTERM, then exits 0.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Parser;
use illumio_pce_mock::{JobSettings, MockConfig, MockPce, Unset};
use serde_json::json;

const EXAMPLE: &str = "\
Example (the ready line gives URL and CA; FQDN defaults to pce.test):
  $ mock-pce --user admin@example.com:password
  {\"url\":\"https://127.0.0.1:40123\",\"ca_cert\":\"/tmp/mock-pce-...-ca.pem\",\"fqdn\":\"pce.test\",\"org_id\":1}
  $ curl -i -X POST --cacert CA -u admin@example.com:password \\
      \"URL/api/v2/login_users/authenticate?pce_fqdn=pce.test\" -H \"Content-Type: application/json\"
  $ curl -i --cacert CA URL/api/v2/users/login -H \"Authorization: Token token=AUTH_TOKEN\"
  $ curl -i --cacert CA -u user_1:SESSION_TOKEN URL/api/v2/orgs/1/optional_features
With --bundle ../shared/pce-api-bundles/25.2.20, every operation of that release answers too:
  $ curl -i --cacert CA -u user_1:SESSION_TOKEN URL/api/v2/orgs/1/labels \\
      -H \"Content-Type: application/json\" -d '{\"key\": \"env\", \"value\": \"prod\"}'";

/// Serve a mock Illumio PCE (REST API /api/v2) on loopback.
#[derive(Debug, Parser)]
#[command(version, after_help = EXAMPLE)]
struct Args {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Serve plain HTTP instead of HTTPS.
    #[arg(long)]
    plain_http: bool,
    /// The PCE's FQDN (pce_fqdn must name it; the certificate covers it).
    #[arg(long, default_value = "pce.test")]
    fqdn: String,
    /// A user who can log in (repeatable); default admin@example.com:password.
    #[arg(long = "user", value_name = "EMAIL:PASSWORD", value_parser = pair)]
    users: Vec<(String, String)>,
    /// An API key that exists from the start, owned by the first user (repeatable).
    #[arg(long = "api-key", value_name = "AUTH_USERNAME:SECRET", value_parser = pair)]
    api_keys: Vec<(String, String)>,
    /// The organization's id.
    #[arg(long, value_name = "ID", default_value_t = 1)]
    org: i64,
    /// Minutes without use after which a session expires.
    #[arg(long, value_name = "N", default_value_t = 10)]
    session_idle_minutes: i64,
    /// Requests per minute allowed per session or API key.
    #[arg(long, value_name = "N", default_value_t = 500)]
    rate_limit_per_minute: u32,
    /// Serve POST /login_users/authenticate on a second listener only, like the SaaS Login
    /// Service.
    #[arg(long)]
    separate_login_service: bool,
    /// The version the PCE reports at login and in GET /product_version; its release (23.3,
    /// 24.1 or 25.2) decides its optional features. Default: the bundle's release, else
    /// 25.2.10.
    #[arg(long, value_name = "VERSION")]
    pce_version: Option<String>,
    /// Also serve every operation of this release bundle (a folder with openapi.json, v2/ and
    /// common/, e.g. Illumio's 25.2.20), from an in-memory store of objects keyed by href.
    #[arg(long, value_name = "DIR")]
    bundle: Option<PathBuf>,
    /// Require two-factor authentication: a one-time password that authenticate accepts
    /// once, in its body as {"one_time_password": CODE} (repeatable).
    #[arg(long = "one-time-password", value_name = "CODE")]
    one_time_passwords: Vec<String>,
    /// Serve HTTP/1.1 only (by default HTTP/2 is offered too).
    #[arg(long)]
    http1_only: bool,
    /// How many flows a completed traffic query finds (at most its max_results); default
    /// one per ordered pair of stored workloads.
    #[arg(long, value_name = "N")]
    fill_flows: Option<usize>,
    /// Fill a bundle collection with N objects made from its item schema, e.g.
    /// /orgs/1/workloads=50000 (repeatable).
    #[arg(long = "fill", value_name = "COLLECTION=N", value_parser = fill)]
    fills: Vec<(String, u64)>,
    /// The JSON object --fill makes its objects from (each property the item schema
    /// accepts), instead of the schema's smallest item.
    #[arg(long, value_name = "FILE", requires = "fills")]
    fill_template: Option<PathBuf>,
    /// The Retry-After (seconds) of async jobs' answers.
    #[arg(long, value_name = "SECONDS", default_value_t = 1)]
    job_retry_after: u64,
    /// Seconds (mock time) an async job stays pending, then running.
    #[arg(long, value_name = "SECONDS", default_value = "1", value_parser = seconds)]
    job_seconds: Duration,
    /// Make async jobs fail with this message.
    #[arg(long, value_name = "MESSAGE")]
    fail_jobs: Option<String>,
    /// How a bundle operation's answer shows a property of its response schema the object
    /// has no value for: null (as PCEs send workloads and services) or absent (as labels).
    #[arg(long, value_enum, default_value_t = Unset::Null)]
    unset: Unset,
}

/// Parses a number of seconds, e.g. `0.5`.
fn seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text.parse().map_err(|e| format!("{text}: {e}"))?;
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("{text}: {e}"))
}

/// Parses `COLLECTION=N`.
fn fill(text: &str) -> Result<(String, u64), String> {
    let (collection, count) = text
        .rsplit_once('=')
        .ok_or("expected COLLECTION=N, e.g. /orgs/1/labels=50000")?;
    let count = count.parse().map_err(|e| format!("{count}: {e}"))?;
    Ok((collection.to_owned(), count))
}

/// Parses `NAME:SECRET`, split at the first colon (a password may contain colons).
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((name, secret)) if !name.is_empty() => Ok((name.to_owned(), secret.to_owned())),
        _ => Err("expected NAME:SECRET".to_owned()),
    }
}

impl Args {
    fn config(self) -> MockConfig {
        let defaults = MockConfig::default();
        MockConfig {
            listen: self.listen,
            tls: !self.plain_http,
            fqdn: self.fqdn,
            users: if self.users.is_empty() {
                defaults.users
            } else {
                self.users
            },
            api_keys: self.api_keys,
            org_id: self.org,
            session_idle_minutes: self.session_idle_minutes,
            rate_limit_per_minute: self.rate_limit_per_minute,
            rate_limit_window: defaults.rate_limit_window,
            separate_login_service: self.separate_login_service,
            version: self.pce_version,
            bundle: self.bundle,
            one_time_passwords: self.one_time_passwords,
            http2: !self.http1_only,
            jobs: JobSettings {
                retry_after_secs: self.job_retry_after,
                pending: self.job_seconds,
                running: self.job_seconds,
                failure: self.fail_jobs,
            },
            bulk_item_time: defaults.bulk_item_time,
            traffic_flows: self.fill_flows,
            unset: self.unset,
        }
    }
}

/// Writes the CA certificate to a new file in the temp directory. The file is created, never
/// opened if it exists, so a planted file or link in a shared temp directory is not followed.
fn write_ca(pem: &str) -> io::Result<PathBuf> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    let path = std::env::temp_dir().join(format!("mock-pce-{}-{nanos}-ca.pem", std::process::id()));
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?
        .write_all(pem.as_bytes())?;
    Ok(path)
}

/// Waits for SIGINT or SIGTERM.
#[cfg(unix)]
async fn stop_signal() -> io::Result<()> {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        interrupted = tokio::signal::ctrl_c() => interrupted,
        _ = terminate.recv() => Ok(()),
    }
}

/// Waits for Ctrl-C.
#[cfg(not(unix))]
async fn stop_signal() -> io::Result<()> {
    tokio::signal::ctrl_c().await
}

async fn run(mut args: Args) -> io::Result<()> {
    let fills = std::mem::take(&mut args.fills);
    let template = match args.fill_template.take() {
        Some(file) => {
            let text = fs::read_to_string(&file)?;
            serde_json::from_str(&text).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: {e}", file.display()),
                )
            })?
        }
        None => serde_json::Value::Null,
    };
    let config = args.config();
    let org_id = config.org_id;
    let pce = MockPce::start(config).await?;
    for (collection, count) in fills {
        pce.fill_like(&collection, count, &template)
            .map_err(|reason| io::Error::new(io::ErrorKind::InvalidInput, reason))?;
    }
    let ca_path = pce.ca_pem().map(write_ca).transpose()?;
    let mut ready = json!({ "url": pce.url(), "fqdn": pce.fqdn(), "org_id": org_id });
    if let Some(path) = &ca_path {
        ready["ca_cert"] = json!(path.to_string_lossy());
    }
    if let Some(url) = pce.login_service_url() {
        ready["login_service_url"] = json!(url);
    }
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{ready}")?;
    stdout.flush()?;
    drop(stdout);

    let stopped = stop_signal().await;
    pce.shutdown().await;
    if let Some(path) = ca_path {
        // Best effort: a leftover certificate in the temp directory harms no one.
        let _ = fs::remove_file(path);
    }
    stopped
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mock-pce: {error}");
            ExitCode::FAILURE
        }
    }
}
