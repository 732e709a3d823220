//! The cost of reading a large async collection, against a running `mock-pce` (out of
//! process, so that only the client's memory is counted): `--rounds` times, in turn,
//!
//! - `sdk`: `Pce::workloads_list_all` (the synchronous try, the job, its polls, the datafile
//!   streamed into `Vec<types::Workload>`);
//! - `value`: plain `reqwest` running the same job, then reading the datafile whole and
//!   parsing it into a `serde_json::Value`.
//!
//! For each, the time and the peak of heap memory allocated (a counting allocator) while the
//! datafile is read and decoded (from the job's `done` to the end), what the items read take
//! once the datafile is gone, and the whole call's time.
//! Prints one JSON object with medians and the datafile's size. `--only sdk` or `--only value`
//! runs one of them, for an instruction count under `valgrind --tool=callgrind`.
//!
//! With `--traffic`, it reads a traffic query's flows instead, `--rounds` times in turn:
//! `stream` takes them one at a time (`Traffic::into_stream`, counted, none kept) and
//! `collect` awaits them all (`Vec<TrafficFlow>`); for each, the whole call's time and the
//! peak of heap memory allocated during it.
//!
//! ```sh
//! mock-pce --bundle ../shared/pce-api-bundles/25.2.20 --api-key api_bench:bench-secret \
//!   --fill /orgs/1/workloads=50000 --job-seconds 0 --job-retry-after 0
//! cargo run --release --example datafile -- --url URL --ca CA_FILE --rounds 5
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use illumio_pce::{Client, Credentials, JobPolling, JobStatus};
use illumio_pce_25_2_20::Pce;
use serde_json::{json, Value};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The API key.
const KEY: (&str, &str) = ("api_bench", "bench-secret");

/// The system allocator, counting the bytes allocated now and at most since the last reset.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = System.alloc(layout);
        if !pointer.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        System.dealloc(pointer, layout);
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The system's own realloc (which may move pages rather than copy), counted as the
        // change of size.
        let moved = System.realloc(pointer, layout, new_size);
        if !moved.is_null() {
            if new_size >= layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts counting a peak: returns the bytes allocated now.
fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// The most allocated above `base` since [`reset_peak`].
fn peak_above(base: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

fn arg(name: &str) -> Option<String> {
    std::env::args().skip_while(|a| a != name).nth(1)
}

/// One measurement: the datafile phase's time and peak memory, and the whole call's time.
#[derive(Default)]
struct Sample {
    datafile: Vec<Duration>,
    peak: Vec<usize>,
    /// What the items kept take once read.
    kept: Vec<usize>,
    whole: Vec<Duration>,
}

impl Sample {
    fn summary(&mut self) -> Value {
        if self.datafile.is_empty() {
            return Value::Null;
        }
        self.datafile.sort();
        self.peak.sort();
        self.whole.sort();
        self.kept.sort();
        let middle = self.datafile.len() / 2;
        json!({
            "datafile_ms_median": self.datafile[middle].as_secs_f64() * 1e3,
            "datafile_ms_best": self.datafile[0].as_secs_f64() * 1e3,
            "peak_bytes_median": self.peak[middle],
            "kept_bytes_median": self.kept[middle],
            "whole_call_ms_median": self.whole[middle].as_secs_f64() * 1e3,
        })
    }
}

/// `Pce::workloads_list_all`, its datafile phase timed from the progress report of `done`.
async fn through_sdk(pce: &Pce, sample: &mut Sample) -> Result<usize> {
    let done_at: Arc<Mutex<Option<(Instant, usize)>>> = Arc::default();
    let mark = Arc::clone(&done_at);
    let started = Instant::now();
    let items = pce
        .workloads_list_all(&Default::default())
        .on_progress(move |p| {
            let mut mark = mark.lock().expect("not poisoned");
            if p.status == JobStatus::Done && p.items == 0 && mark.is_none() {
                *mark = Some((Instant::now(), reset_peak()));
            }
        })
        .await?;
    let (done, base) = done_at
        .lock()
        .expect("not poisoned")
        .ok_or("no job was run")?;
    sample.datafile.push(done.elapsed());
    sample.whole.push(started.elapsed());
    sample.peak.push(peak_above(base));
    sample
        .kept
        .push(CURRENT.load(Ordering::Relaxed).saturating_sub(base));
    Ok(items.len())
}

/// The same job through plain `reqwest`, the datafile read whole and parsed into a `Value`.
async fn through_value(
    http: &reqwest::Client,
    url: &str,
    sample: &mut Sample,
) -> Result<(usize, usize)> {
    let authorization = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{}:{}", KEY.0, KEY.1)
        )
    );
    let get = |path: &str| {
        http.get(format!("{url}/api/v2{path}"))
            .header("Authorization", &authorization)
            .header("Accept", "application/json")
    };
    let started = Instant::now();
    let accepted = get("/orgs/1/workloads")
        .header("Prefer", "respond-async")
        .send()
        .await?
        .error_for_status()?;
    let job = accepted
        .headers()
        .get("location")
        .ok_or("no Location")?
        .to_str()?
        .to_owned();
    let datafile = loop {
        let answer: Value = get(&job).send().await?.error_for_status()?.json().await?;
        if answer["status"] == "done" {
            break answer["result"]["href"]
                .as_str()
                .ok_or("no result")?
                .to_owned();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let base = reset_peak();
    let done = Instant::now();
    let bytes = get(&datafile)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let parsed: Value = serde_json::from_slice(&bytes)?;
    sample.datafile.push(done.elapsed());
    sample.whole.push(started.elapsed());
    sample.peak.push(peak_above(base));
    let size = bytes.len();
    drop(bytes);
    sample
        .kept
        .push(CURRENT.load(Ordering::Relaxed).saturating_sub(base));
    let items = parsed.as_array().map_or(0, Vec::len);
    Ok((items, size))
}

/// A traffic query's flows, one at a time (`stream`) or all at once; the flows, the call's
/// time and its heap peak.
async fn traffic(client: &Client, stream: bool) -> Result<(usize, Duration, usize)> {
    use futures_util::TryStreamExt;
    let query = illumio_pce::traffic::TrafficQuery::new("bench")
        .max_results(illumio_pce::traffic::TrafficQuery::MAX_RESULTS);
    let base = reset_peak();
    let started = Instant::now();
    let flows = if stream {
        let mut count = 0;
        let mut flows = std::pin::pin!(client.traffic(&query).into_stream());
        while flows.try_next().await?.is_some() {
            count += 1;
        }
        count
    } else {
        client.traffic(&query).await?.len()
    };
    Ok((flows, started.elapsed(), peak_above(base)))
}

/// `--traffic`: the two ways of reading a traffic query's flows, in turn.
async fn traffic_rounds(client: &Client, rounds: usize) -> Result<Value> {
    let mut results = json!({});
    let mut flows = 0;
    let mut samples: [(Vec<Duration>, Vec<usize>); 2] = Default::default();
    for _ in 0..rounds {
        for (index, stream) in [true, false].into_iter().enumerate() {
            let (count, time, peak) = traffic(client, stream).await?;
            flows = count;
            samples[index].0.push(time);
            samples[index].1.push(peak);
        }
    }
    for (name, (times, peaks)) in ["stream", "collect"].iter().zip(samples.iter_mut()) {
        times.sort();
        peaks.sort();
        let middle = times.len() / 2;
        results[*name] = json!({
            "ms_median": times[middle].as_secs_f64() * 1e3,
            "ms_best": times[0].as_secs_f64() * 1e3,
            "peak_bytes_median": peaks[middle],
        });
    }
    results["flows"] = json!(flows);
    results["rounds"] = json!(rounds);
    Ok(results)
}

#[tokio::main]
async fn main() -> Result<()> {
    let url = arg("--url").ok_or("--url URL of a running mock-pce")?;
    let ca = std::fs::read(arg("--ca").ok_or("--ca CA_FILE")?)?;
    let rounds: usize = arg("--rounds").map(|r| r.parse()).transpose()?.unwrap_or(5);
    let client = Client::builder(&url)
        .pce_fqdn("pce.test")
        .ca_certificate_pem(ca.clone())
        .org_id(1)
        .credentials(Credentials::api_key(KEY.0, KEY.1))
        .job_polling(JobPolling::default().floor(Duration::from_millis(5)))
        .build()?;
    if std::env::args().any(|a| a == "--traffic") {
        println!("{}", traffic_rounds(&client, rounds).await?);
        return Ok(());
    }
    let pce = Pce::new(client);
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&ca)?)
        .build()?;
    let only = arg("--only");
    let (mut sdk, mut value) = (Sample::default(), Sample::default());
    let (mut typed, mut items, mut bytes) = (None, None, 0);
    for _ in 0..rounds {
        if only.as_deref() != Some("value") {
            typed = Some(through_sdk(&pce, &mut sdk).await?);
        }
        if only.as_deref() != Some("sdk") {
            let (count, size) = through_value(&http, &url, &mut value).await?;
            (items, bytes) = (Some(count), size);
        }
        if let (Some(typed), Some(items)) = (typed, items) {
            if typed != items {
                return Err(format!("the SDK read {typed} items, the Value {items}").into());
            }
        }
    }
    println!(
        "{}",
        json!({
            "items": typed.or(items),
            "datafile_bytes": bytes,
            "rounds": rounds,
            "sdk": sdk.summary(),
            "value": value.summary(),
        })
    );
    Ok(())
}
