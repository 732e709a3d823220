//! `pce traffic`: an Explorer traffic query from the command line (sources and destinations
//! as `label:KEY=VALUE`, `iplist:NAME`, `href:HREF` or `ip:ADDRESS`; services as
//! `PORT/PROTO`), its flows written to standard output as they download, as JSON (an array,
//! one flow a line) or CSV, with a progress line on a terminal's standard error.

use std::io::{IsTerminal, Write};

use futures_util::TryStreamExt;
use illumio_pce::traffic::{Actor, PolicyDecision, TrafficFlow, TrafficProgress, TrafficQuery};
use illumio_pce::{Client, Href};
use serde_json::Value;

use crate::args::{FlowFormat, TrafficArgs};
use crate::exit::{Error, Outcome};
use crate::printable::{field, printable};

/// Runs the query and writes its flows.
pub async fn run(client: &Client, args: &TrafficArgs) -> Result<Outcome, Error> {
    let mut query = TrafficQuery::new(args.name.clone()).max_results(args.max_results);
    if let (Some(since), Some(until)) = (args.since, args.until) {
        query = query.between(since, until);
    } else if args.since.is_some() || args.until.is_some() {
        let today =
            chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive();
        query = query.between(
            args.since.unwrap_or(today - chrono::Days::new(1)),
            args.until.unwrap_or(today),
        );
    }
    for selector in &args.src {
        query = query.source(actor(client, selector).await?);
    }
    for selector in &args.dst {
        query = query.destination(actor(client, selector).await?);
    }
    for selector in &args.exclude_src {
        query = query.exclude_source(actor(client, selector).await?);
    }
    for selector in &args.exclude_dst {
        query = query.exclude_destination(actor(client, selector).await?);
    }
    for (port, proto) in &args.port {
        query = query.port(*port, *proto);
    }
    for decision in &args.decision {
        query = query.decision(*decision);
    }
    let terminal = std::io::stderr().is_terminal();
    let flows = client.traffic(&query).on_progress(move |p| {
        if terminal {
            show_progress(p);
        }
    });
    let mut flows = std::pin::pin!(flows.into_stream());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        FlowFormat::Json => write_json(&mut flows, &mut out).await,
        FlowFormat::Csv => write_csv(&mut flows, &mut out).await,
    };
    if terminal {
        eprint!("\r\x1b[K");
    }
    let count = written?;
    out.flush().map_err(write_error)?;
    tracing::info!(flows = count, "traffic query written");
    Ok(Outcome::success(String::new()))
}

/// The flows as a JSON array, one flow a line; how many.
async fn write_json(
    flows: &mut (impl futures_util::Stream<Item = illumio_pce::Result<TrafficFlow>> + Unpin),
    out: &mut impl Write,
) -> Result<u64, Error> {
    let mut count = 0u64;
    out.write_all(b"[").map_err(write_error)?;
    while let Some(flow) = flows.try_next().await? {
        let text = serde_json::to_string(&flow).map_err(|e| Error::failure(e.to_string()))?;
        let separator = if count == 0 { "\n" } else { ",\n" };
        write!(out, "{separator}{}", printable(&text)).map_err(write_error)?;
        count += 1;
    }
    out.write_all(if count == 0 { b"]\n" } else { b"\n]\n" })
        .map_err(write_error)?;
    Ok(count)
}

/// The columns of `--format csv`.
const COLUMNS: [&str; 12] = [
    "src_ip",
    "src_workload",
    "src_labels",
    "dst_ip",
    "dst_workload",
    "dst_labels",
    "port",
    "proto",
    "policy_decision",
    "num_connections",
    "first_detected",
    "last_detected",
];

/// The flows as CSV with a header row; how many.
async fn write_csv(
    flows: &mut (impl futures_util::Stream<Item = illumio_pce::Result<TrafficFlow>> + Unpin),
    out: &mut impl Write,
) -> Result<u64, Error> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(COLUMNS).map_err(csv_error)?;
    let mut count = 0u64;
    while let Some(flow) = flows.try_next().await? {
        csv.write_record(row(&flow)).map_err(csv_error)?;
        count += 1;
    }
    csv.flush().map_err(write_error)?;
    Ok(count)
}

/// One flow's cells, in the order of [`COLUMNS`].
fn row(flow: &TrafficFlow) -> Vec<String> {
    let end = |end: Option<&illumio_pce::traffic::FlowEnd>| {
        let workload = end.and_then(|e| e.workload.as_deref());
        let name = workload
            .and_then(|w| w.hostname.clone().or_else(|| w.name.clone()))
            .unwrap_or_default();
        let labels: Vec<String> = workload
            .and_then(|w| w.labels.as_ref())
            .into_iter()
            .flatten()
            .map(|l| {
                format!(
                    "{}={}",
                    l.key.as_deref().unwrap_or(""),
                    l.value.as_deref().unwrap_or("")
                )
            })
            .collect();
        [
            end.and_then(|e| e.ip.clone()).unwrap_or_default(),
            name,
            labels.join(";"),
        ]
    };
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let service = flow.service.as_deref();
    let range = flow.timestamp_range.as_deref();
    let time = |t: Option<&illumio_pce::Timestamp>| t.map(|t| t.to_string()).unwrap_or_default();
    let mut cells: Vec<String> = end(flow.src.as_deref()).into_iter().collect();
    cells.extend(end(flow.dst.as_deref()));
    cells.extend([
        number(service.and_then(|s| s.port)),
        number(service.and_then(|s| s.proto)),
        flow.policy_decision.clone().unwrap_or_default(),
        number(flow.num_connections),
        time(range.and_then(|r| r.first_detected.as_ref())),
        time(range.and_then(|r| r.last_detected.as_ref())),
    ]);
    cells.into_iter().map(|cell| field(&cell)).collect()
}

/// The actor a selector names, looking labels and IP lists up on the PCE.
async fn actor(client: &Client, selector: &str) -> Result<Actor, Error> {
    let usage = || {
        Error::usage(format!(
            "{selector:?}: expected label:KEY=VALUE, iplist:NAME, href:HREF or ip:ADDRESS"
        ))
    };
    let (kind, what) = selector.split_once(':').ok_or_else(usage)?;
    Ok(match kind {
        "label" => {
            let (key, value) = what.split_once('=').ok_or_else(usage)?;
            let labels: Vec<Value> = client
                .get("/orgs/:org/labels", &[("key", key), ("value", value)])
                .await?;
            Actor::Label(found(
                &labels,
                |l| l["key"] == key && l["value"] == value,
                selector,
            )?)
        }
        "iplist" => {
            let lists: Vec<Value> = client
                .get("/orgs/:org/sec_policy/active/ip_lists", &[("name", what)])
                .await?;
            Actor::IpList(found(&lists, |l| l["name"] == what, selector)?)
        }
        "href" => {
            let href = Href::from(what);
            match href.split('/').rev().nth(1) {
                Some("labels") => Actor::Label(href),
                Some("label_groups") => Actor::LabelGroup(href),
                Some("workloads") => Actor::Workload(href),
                Some("ip_lists") => Actor::IpList(href),
                _ => {
                    return Err(Error::usage(format!(
                        "{selector:?}: not the href of a label, label group, workload or IP list"
                    )))
                }
            }
        }
        "ip" => Actor::IpAddress(what.to_owned()),
        _ => return Err(usage()),
    })
}

/// The href of the one object of `objects` that `matches`.
fn found(
    objects: &[Value],
    matches: impl Fn(&Value) -> bool,
    selector: &str,
) -> Result<Href, Error> {
    objects
        .iter()
        .find(|o| matches(o))
        .and_then(|o| o["href"].as_str())
        .map(Href::from)
        .ok_or_else(|| Error::failure(format!("{selector:?}: no such object on the PCE")))
}

/// Rewrites the progress line (a failed write to standard error is no reason to stop).
fn show_progress(progress: &TrafficProgress) {
    let mut stderr = std::io::stderr().lock();
    let _ = write!(
        stderr,
        "\r\x1b[Ktraffic query {} {} after {}s, {} flows",
        field(&progress.query),
        field(&progress.status),
        progress.elapsed.as_secs(),
        progress.flows
    );
    let _ = stderr.flush();
}

/// A write to standard output failed.
fn write_error(error: std::io::Error) -> Error {
    Error::usage(format!("cannot write to standard output: {error}"))
}

/// A CSV row could not be written.
fn csv_error(error: csv::Error) -> Error {
    Error::usage(format!("cannot write to standard output: {error}"))
}

/// Parses `PORT/PROTO` (`443/tcp`, `53/udp`, `5432/6`).
pub fn port(text: &str) -> Result<(u16, u8), String> {
    let (port, proto) = text
        .split_once('/')
        .ok_or("expected PORT/PROTO, e.g. 443/tcp")?;
    let port = port
        .parse()
        .map_err(|_| format!("{port:?} is not a port"))?;
    let proto = match proto.to_ascii_lowercase().as_str() {
        "tcp" => 6,
        "udp" => 17,
        "icmp" => 1,
        other => other
            .parse()
            .map_err(|_| format!("{proto:?} is not tcp, udp, icmp or a protocol number"))?,
    };
    Ok((port, proto))
}

/// Parses a policy decision.
pub fn decision(text: &str) -> Result<PolicyDecision, String> {
    match text {
        "allowed" => Ok(PolicyDecision::Allowed),
        "potentially_blocked" => Ok(PolicyDecision::PotentiallyBlocked),
        "blocked" => Ok(PolicyDecision::Blocked),
        "unknown" => Ok(PolicyDecision::Unknown),
        _ => Err("expected allowed, potentially_blocked, blocked or unknown".to_owned()),
    }
}
