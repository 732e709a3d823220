//! `pce workloads import FILE`: workloads from a JSON array of objects or a CSV file with a
//! header row (as workloader writes them), created, or updated when one with the row's
//! `href` or `hostname` exists, through the bulk operations; the labels they name by key and
//! value looked up, and created when missing. One result line per row.
//!
//! A column (or property) that is a workload property (`hostname`, `name`, `href`,
//! `description`, `public_ip`, …; [`PROPERTIES`]) is sent as it is; any other column is a
//! label key, its cell the label's value (`role`, `app`, `env`, `loc`, …). An empty cell is
//! left out.

use std::collections::HashMap;
use std::path::Path;

use illumio_pce::{ApiRequest, BulkItem, Client};
use serde_json::{json, Map, Value};

use crate::exit::{Error, Exit, Outcome};
use crate::input;
use crate::printable::field;

/// The columns that are workload properties; every other one is a label key.
pub const PROPERTIES: &[&str] = &[
    "href",
    "hostname",
    "name",
    "description",
    "public_ip",
    "service_principal_name",
    "distinguished_name",
    "os_id",
    "os_detail",
    "data_center",
    "data_center_zone",
    "external_data_set",
    "external_data_reference",
    "enforcement_mode",
    "visibility_level",
    "service_provider",
    "interfaces",
    "ignored_interface_names",
    "labels",
];

/// Imports the rows of `file`.
pub async fn run(client: &Client, file: &Path) -> Result<Outcome, Error> {
    let rows = rows(file).map_err(|why| Error::usage(format!("{}: {why}", file.display())))?;
    let mut labels = Labels::load(client).await?;
    let existing = existing_workloads(client).await?;
    let (mut creates, mut updates) = (Vec::new(), Vec::new());
    for (row, fields) in rows.into_iter().enumerate() {
        let mut workload = Map::new();
        let mut wanted = Vec::new();
        for (column, value) in fields {
            if PROPERTIES.contains(&column.as_str()) {
                workload.insert(column, value);
            } else if let Some(text) = value.as_str() {
                wanted.push(labels.href(client, &column, text).await?);
            }
        }
        if !wanted.is_empty() {
            let mut all: Vec<Value> = workload
                .remove("labels")
                .and_then(|l| l.as_array().cloned())
                .unwrap_or_default();
            all.extend(wanted.into_iter().map(|href| json!({ "href": href })));
            workload.insert("labels".to_owned(), Value::Array(all));
        }
        let known = workload
            .get("href")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                let hostname = workload.get("hostname").and_then(Value::as_str)?;
                existing.get(hostname).cloned()
            });
        match known {
            Some(href) => {
                workload.insert("href".to_owned(), Value::String(href));
                updates.push((row, Value::Object(workload)));
            }
            None => creates.push((row, Value::Object(workload))),
        }
    }
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut failed = false;
    for (items, update) in [(creates, false), (updates, true)] {
        if items.is_empty() {
            continue;
        }
        let bodies: Vec<Value> = items.iter().map(|(_, w)| w.clone()).collect();
        let results = if update {
            client.bulk_update(&bodies).await?
        } else {
            client.bulk_create(&bodies).await?
        };
        for (result, (row, _)) in results.iter().zip(&items) {
            failed |= !result.is_ok();
            lines.push((*row, line(*row, result, update)));
        }
    }
    lines.sort_by_key(|(row, _)| *row);
    let stdout: String = lines.into_iter().map(|(_, line)| line).collect();
    Ok(Outcome {
        stdout,
        exit: if failed { Exit::Failure } else { Exit::Success },
    })
}

/// The result line of row `row` (from 1): `ROW<tab>created|updated|failed<tab>HREF` or the
/// PCE's `TOKEN: MESSAGE`s.
fn line(row: usize, result: &BulkItem, update: bool) -> String {
    let what = match (result.is_ok(), update) {
        (false, _) => "failed",
        (true, true) => "updated",
        (true, false) => "created",
    };
    let detail = if result.is_ok() {
        result.href.as_deref().unwrap_or("").to_owned()
    } else {
        let errors: Vec<String> = result
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.token, e.message))
            .collect();
        errors.join("; ")
    };
    format!("{}\t{what}\t{}\n", row + 1, field(&detail))
}

/// The rows of `file`: a JSON array of objects, or CSV with a header row.
fn rows(file: &Path) -> Result<Vec<Vec<(String, Value)>>, String> {
    let bytes = input::read(file)?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        let items: Vec<Map<String, Value>> = serde_json::from_slice(&bytes)
            .map_err(|e| format!("not a JSON array of objects: {e}"))?;
        return Ok(items
            .into_iter()
            .map(|item| item.into_iter().collect())
            .collect());
    }
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("not CSV: {e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| format!("not CSV: {e}"))?;
            Ok(header
                .iter()
                .zip(record.iter())
                .filter(|(_, cell)| !cell.trim().is_empty())
                .map(|(column, cell)| (column.clone(), Value::String(cell.trim().to_owned())))
                .collect())
        })
        .collect()
}

/// The org's labels by key and value, and the ones this import created.
struct Labels(HashMap<(String, String), String>);

impl Labels {
    /// Every label of the org.
    async fn load(client: &Client) -> Result<Self, Error> {
        let all: Vec<Value> = client.collect(ApiRequest::get("/orgs/:org/labels")).await?;
        Ok(Self(
            all.iter()
                .filter_map(|label| {
                    Some((
                        (
                            label["key"].as_str()?.to_owned(),
                            label["value"].as_str()?.to_owned(),
                        ),
                        label["href"].as_str()?.to_owned(),
                    ))
                })
                .collect(),
        ))
    }

    /// The href of the label `key`=`value`, created when missing.
    async fn href(&mut self, client: &Client, key: &str, value: &str) -> Result<String, Error> {
        let wanted = (key.to_owned(), value.to_owned());
        if let Some(href) = self.0.get(&wanted) {
            return Ok(href.clone());
        }
        let created: Value = client
            .post("/orgs/:org/labels", &json!({"key": key, "value": value}))
            .await?;
        let href = created["href"]
            .as_str()
            .ok_or_else(|| {
                Error::failure(format!(
                    "the label {key}={value} was created without an href"
                ))
            })?
            .to_owned();
        self.0.insert(wanted, href.clone());
        Ok(href)
    }
}

/// The org's workloads, by hostname: their hrefs.
async fn existing_workloads(client: &Client) -> Result<HashMap<String, String>, Error> {
    let all: Vec<Value> = client
        .collect(ApiRequest::get("/orgs/:org/workloads"))
        .await?;
    Ok(all
        .iter()
        .filter_map(|w| {
            Some((
                w["hostname"].as_str()?.to_owned(),
                w["href"].as_str()?.to_owned(),
            ))
        })
        .collect())
}
