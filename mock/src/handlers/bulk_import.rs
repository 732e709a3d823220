//! `PUT …/workloads/bulk_import`: workload labels from a CSV body, as the PCE console's
//! import sends it. The header row names the columns: `href` and `hostname` find the workload
//! (by `href` when its cell is set, else by `hostname`), and each column named as a label key
//! (`role`, `app`, `env`, `loc`, or the key of a stored label; `label: role` too) sets the
//! workload's label of that key to the cell's value. An empty cell leaves the label as it is;
//! the `delete_token` query parameter's value removes it. Other columns are not read.
//!
//! The query: `create_labels=true` creates the labels a row names that are not stored (else
//! such a row fails), `dry_run=true` changes nothing and answers what would change.
//!
//! The mock's choices where the documents are silent: a call applies all its rows or none.
//! A row that finds no workload, or names a missing label without `create_labels`, fails
//! the call with a 406 `input_validation_error` naming each such row by its line. More than
//! 1,000 rows is a 406 like the other bulk operations', and so is a body that is not CSV
//! with an `href` or `hostname` column; an empty body imports nothing. A dry run answers 200 with
//! `{"workloads_updated": N, "labels_created": N}` (no document gives its shape); an import
//! answers 204. While an import works (`bulk_item_time` a row) another bulk call of the org
//! gets a 429.

use std::collections::BTreeMap;

use hyper::StatusCode;
use serde_json::{json, Value};

use super::bulk::busy;
use super::Call;
use crate::reply::Reply;
use crate::state::{Shared, Store};

/// The most rows one import call takes.
const ROW_LIMIT: usize = 1_000;

/// The label keys every PCE has.
const DEFAULT_KEYS: [&str; 4] = ["role", "app", "env", "loc"];

/// What the query asks for.
struct Asked {
    create_labels: bool,
    delete_token: Option<String>,
    dry_run: bool,
}

impl Asked {
    fn of(query: Option<&str>) -> Self {
        let mut asked = Self {
            create_labels: false,
            delete_token: None,
            dry_run: false,
        };
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match name.as_ref() {
                "create_labels" => asked.create_labels = value == "true",
                "delete_token" => asked.delete_token = Some(value.into_owned()),
                "dry_run" => asked.dry_run = value == "true",
                _ => {}
            }
        }
        asked
    }
}

/// One row's change: the workload and, by key, the label value to set (`None`: remove).
struct Change {
    workload: String,
    labels: Vec<(String, Option<String>)>,
}

/// Serves an import into the workloads collection `workloads` (`/orgs/1/workloads`).
pub(crate) fn serve(shared: &Shared, workloads: &str, call: &Call<'_>) -> Reply {
    let asked = Asked::of(call.query);
    let now = shared.clock.now();
    let mut store = shared.store();
    if let Some(refused) = busy(&store, now) {
        return refused;
    }
    let (header, rows) = match read(call.body) {
        Ok(read) => read,
        Err(reason) => return invalid(reason),
    };
    if rows.len() > ROW_LIMIT {
        return invalid(format!(
            "{} rows: an import call takes at most {ROW_LIMIT}",
            rows.len()
        ));
    }
    let changes = match changes(&store, workloads, &header, &rows, &asked) {
        Ok(changes) => changes,
        Err(failed) => return invalid(failed.join("; ")),
    };
    let missing = missing_labels(&store, &changes);
    if asked.dry_run {
        let answer = json!({"workloads_updated": changes.len(), "labels_created": missing.len()});
        return Reply::json(StatusCode::OK, &answer);
    }
    let work = shared.bulk_item_time * u32::try_from(changes.len()).unwrap_or(u32::MAX);
    store.bulk_until = now + work;
    let org_labels = format!("/orgs/{}/labels", shared.org_id);
    let mut label_hrefs: BTreeMap<(String, String), String> = BTreeMap::new();
    for (key, value) in missing {
        store.last_object_id += 1;
        let href = format!("{org_labels}/{}", store.last_object_id);
        let label = json!({"href": href, "key": key, "value": value});
        store.objects.insert(href.clone(), label);
        label_hrefs.insert((key, value), href);
    }
    for change in changes {
        let mut labels = current_labels(&store, &change.workload);
        for (key, value) in change.labels {
            labels.remove(&key);
            if let Some(value) = value {
                let href = label_hrefs
                    .get(&(key.clone(), value.clone()))
                    .cloned()
                    .or_else(|| find_label(&store, &key, &value));
                labels.extend(href.map(|href| (key, href)));
            }
        }
        let refs: Vec<Value> = labels.into_values().map(|h| json!({"href": h})).collect();
        if let Some(workload) = store.objects.get_mut(&change.workload) {
            workload["labels"] = Value::Array(refs);
        }
    }
    drop(store);
    Reply::empty(StatusCode::NO_CONTENT).held_for(work)
}

/// The body's header and rows.
fn read(body: &[u8]) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body);
    let rows = reader
        .records()
        .map(|record| {
            record
                .map(|r| r.iter().map(|cell| cell.trim().to_owned()).collect())
                .map_err(|e| format!("not CSV: {e}"))
        })
        .collect::<Result<Vec<Vec<String>>, String>>()?;
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        // Nothing to import.
        return Ok((Vec::new(), Vec::new()));
    };
    if !header.iter().any(|c| c == "href" || c == "hostname") {
        return Err("the header row has neither an href nor a hostname column".to_owned());
    }
    Ok((header, rows.collect()))
}

/// Each row's change, or the reason of each row that fails.
fn changes(
    store: &Store,
    workloads: &str,
    header: &[String],
    rows: &[Vec<String>],
    asked: &Asked,
) -> Result<Vec<Change>, Vec<String>> {
    let column = |name: &str| header.iter().position(|c| c == name);
    let (href_at, hostname_at) = (column("href"), column("hostname"));
    let keys: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(at, name)| {
            let key = name.strip_prefix("label:").map_or(name.as_str(), str::trim);
            is_label_key(store, key).then(|| (at, key.to_owned()))
        })
        .collect();
    let mut changes = Vec::with_capacity(rows.len());
    let mut failed = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let cell = |at: Option<usize>| at.and_then(|at| row.get(at)).filter(|c| !c.is_empty());
        let workload = match (cell(href_at), cell(hostname_at)) {
            (Some(href), _) => store
                .objects
                .contains_key(href.as_str())
                .then(|| href.clone())
                .filter(|href| href.starts_with(&format!("{workloads}/"))),
            (None, Some(hostname)) => find_workload(store, workloads, hostname),
            (None, None) => None,
        };
        let Some(workload) = workload else {
            failed.push(format!("line {line}: no such workload"));
            continue;
        };
        let mut labels = Vec::new();
        for (at, key) in &keys {
            let Some(value) = cell(Some(*at)) else {
                continue;
            };
            if asked.delete_token.as_ref() == Some(value) {
                labels.push((key.clone(), None));
            } else if asked.create_labels || find_label(store, key, value).is_some() {
                labels.push((key.clone(), Some(value.clone())));
            } else {
                failed.push(format!("line {line}: no label {key}={value}"));
            }
        }
        changes.push(Change { workload, labels });
    }
    if failed.is_empty() {
        Ok(changes)
    } else {
        Err(failed)
    }
}

/// Whether `key` is a label key: one every PCE has, or a stored label's.
fn is_label_key(store: &Store, key: &str) -> bool {
    DEFAULT_KEYS.contains(&key) || labels(store).any(|(label_key, _, _)| label_key == key)
}

/// The stored labels as (key, value, href).
fn labels(store: &Store) -> impl Iterator<Item = (&str, &str, &str)> {
    store.objects.iter().filter_map(|(href, object)| {
        let key = object["key"].as_str()?;
        let value = object["value"].as_str()?;
        href.contains("/labels/")
            .then_some((key, value, href.as_str()))
    })
}

/// The href of the stored label `key`=`value`.
fn find_label(store: &Store, key: &str, value: &str) -> Option<String> {
    labels(store)
        .find(|(k, v, _)| *k == key && *v == value)
        .map(|(_, _, href)| href.to_owned())
}

/// The href of the stored workload with `hostname`.
fn find_workload(store: &Store, workloads: &str, hostname: &str) -> Option<String> {
    let prefix = format!("{workloads}/");
    store
        .objects
        .iter()
        .find(|(href, object)| href.starts_with(&prefix) && object["hostname"] == hostname)
        .map(|(href, _)| href.clone())
}

/// The labels `changes` name that are not stored, each once.
fn missing_labels(store: &Store, changes: &[Change]) -> Vec<(String, String)> {
    let mut missing: Vec<(String, String)> = changes
        .iter()
        .flat_map(|change| &change.labels)
        .filter_map(|(key, value)| Some((key.clone(), value.clone()?)))
        .filter(|(key, value)| find_label(store, key, value).is_none())
        .collect();
    missing.sort();
    missing.dedup();
    missing
}

/// The workload's labels now, by key.
fn current_labels(store: &Store, workload: &str) -> BTreeMap<String, String> {
    let hrefs = store.objects.get(workload).map(|w| w["labels"].clone());
    hrefs
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|label| label["href"].as_str())
        .filter_map(|href| {
            let key = store.objects.get(href)?["key"].as_str()?;
            Some((key.to_owned(), href.to_owned()))
        })
        .collect()
}

/// The 406 of an import the mock refuses.
fn invalid(reason: String) -> Reply {
    Reply::error(
        StatusCode::NOT_ACCEPTABLE,
        "input_validation_error",
        format!("bulk_import: {reason}"),
    )
}
