//! The bodies real PCEs sent (`../shared/pce-real-responses`, listed in its `INDEX.tsv`), as
//! payloads of the round trip: each answer goes to the response type of its operation in the
//! bundle (item by item when the schema describes one item of the list), a recorded request
//! body to its request type. Error bodies (4xx) answer no schema and are left to the SDK's
//! tests of errors.

use std::path::Path;

use illumio_pce_codegen::openapi::Operation;
use illumio_pce_codegen::RootType;
use serde_json::{json, Value};

use crate::Failure;

/// The payload lines of the recorded bodies, and what could not be checked, with why.
pub(crate) struct Recorded {
    /// One JSON line each: `{"schema", "payload", "expect": "recorded", "kind", "at"}`.
    pub lines: Vec<Value>,
    /// `file: reason` of each body that has no type to decode into.
    pub skipped: Vec<String>,
}

/// What a recorded body is, from the `request` column of `INDEX.tsv`.
#[derive(Debug, PartialEq, Eq)]
enum Role<'a> {
    /// The answer of `METHOD PATH`.
    Answer(&'a str, &'a str),
    /// The request body of `METHOD PATH`.
    Request(&'a str, &'a str),
    /// An error answer: no schema describes it.
    Error,
}

fn role(request: &str) -> Option<Role<'_>> {
    let (call, note) = match request.split_once(" (") {
        Some((call, note)) => (call, Some(note)),
        None => (request, None),
    };
    let (method, path) = call.trim().split_once(' ')?;
    Some(match note {
        Some(note) if note.starts_with("request body") => Role::Request(method, path),
        Some(note) if note.starts_with('4') || note.starts_with('5') => Role::Error,
        _ => Role::Answer(method, path),
    })
}

/// The payload lines of every body `dir/INDEX.tsv` lists, for `bundle`, whose operations and
/// root types are given.
pub(crate) fn payloads(
    dir: &Path,
    bundle: &Path,
    operations: &[Operation],
    roots: &[RootType],
) -> Result<Recorded, Failure> {
    let index = dir.join("INDEX.tsv");
    let text = std::fs::read_to_string(&index)
        .map_err(|e| Failure(format!("{}: {e}", index.display())))?;
    let mut recorded = Recorded {
        lines: Vec::new(),
        skipped: Vec::new(),
    };
    for row in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut columns = row.split('\t');
        let (Some(file), Some(request)) = (columns.next(), columns.next()) else {
            return Err(Failure(format!(
                "{}: a row without file and request: {row}",
                index.display()
            )));
        };
        let schema = match role(request) {
            Some(Role::Answer(method, path)) => find(operations, method, path)
                .and_then(|op| op.response.clone())
                .ok_or("no response schema for its operation in this bundle"),
            Some(Role::Request(method, path)) => find(operations, method, path)
                .and_then(|op| op.request.clone())
                .ok_or("no request schema for its operation in this bundle"),
            Some(Role::Error) => Err("an error answer, which no schema describes"),
            None => Err("no `METHOD PATH` in its request column"),
        };
        let schema = match schema {
            Ok(schema) => schema,
            Err(reason) => {
                recorded.skipped.push(format!("{file}: {reason}"));
                continue;
            }
        };
        let Some(root) = roots.iter().find(|r| r.file == schema) else {
            recorded
                .skipped
                .push(format!("{file}: {} has no root type", schema.display()));
            continue;
        };
        let path = dir.join(file);
        let body: Value = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .ok_or_else(|| Failure(format!("{}: not a readable JSON file", path.display())))?;
        let file_text = std::fs::read_to_string(bundle.join(&schema))
            .map_err(|e| Failure(format!("{}: {e}", schema.display())))?;
        let describes_list =
            serde_json::from_str::<Value>(&file_text).is_ok_and(|s| s["type"] == "array");
        recorded
            .lines
            .extend(lines(file, &schema, root, describes_list, body));
    }
    Ok(recorded)
}

/// The operation `METHOD PATH` answers: the one of that path, or else one whose path has a
/// parameter where the recorded path has a value (`sec_policy/draft/…` is
/// `sec_policy/{pversion}/…`).
fn find<'a>(operations: &'a [Operation], method: &str, path: &str) -> Option<&'a Operation> {
    let segments: Vec<&str> = path.split('/').collect();
    let matches = |op: &Operation| {
        let theirs: Vec<&str> = op.path.split('/').collect();
        theirs.len() == segments.len()
            && theirs
                .iter()
                .zip(&segments)
                .all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}')))
    };
    let of_method = || operations.iter().filter(|op| op.method == method);
    of_method()
        .find(|op| op.path == path)
        .or_else(|| of_method().find(|op| matches(op)))
}

/// The lines of one body: a list of what the schema describes one of, item by item; one
/// item of a schema that describes a list (of a named type), as its item (`stem[]`); else
/// the body whole.
fn lines(
    file: &str,
    schema: &Path,
    root: &RootType,
    describes_list: bool,
    body: Value,
) -> Vec<Value> {
    let stem = crate::roundtrip::stem(schema);
    let line = |key: String, payload: Value, at: String| json!({"schema": key, "payload": payload, "expect": "recorded", "kind": "recorded", "at": at});
    match body {
        Value::Array(items) if !describes_list => items
            .into_iter()
            .enumerate()
            .map(|(index, item)| line(stem.clone(), item, format!("{file}#{index}")))
            .collect(),
        body @ Value::Object(_) if describes_list && root.items.is_some() => {
            vec![line(format!("{stem}[]"), body, file.to_owned())]
        }
        body => vec![line(stem, body, file.to_owned())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_column_says_what_a_body_is() {
        assert_eq!(
            role("GET /orgs/{org_id}/workloads"),
            Some(Role::Answer("GET", "/orgs/{org_id}/workloads"))
        );
        assert_eq!(
            role("POST /orgs/{org_id}/traffic_flows/async_queries (request body)"),
            Some(Role::Request(
                "POST",
                "/orgs/{org_id}/traffic_flows/async_queries"
            ))
        );
        assert_eq!(
            role("POST /orgs/{org_id}/sec_policy (406 Not Acceptable)"),
            Some(Role::Error)
        );
        assert_eq!(role("nothing"), None);
    }

    #[test]
    fn a_recorded_path_finds_the_operation_whose_parameter_it_fills() {
        let op = |path: &str| Operation {
            name: String::new(),
            method: "GET".to_owned(),
            path: path.to_owned(),
            description: String::new(),
            path_params: Vec::new(),
            query: Vec::new(),
            request: None,
            response: None,
            status: 200,
            answer: illumio_pce_codegen::openapi::Answer::List,
        };
        let operations = [
            op("/orgs/{org_id}/sec_policy/{pversion}/ip_lists"),
            op("/orgs/{org_id}/sec_policy/draft/ip_lists"),
        ];
        let found = |path| find(&operations, "GET", path).map(|o| o.path.as_str());
        assert_eq!(
            found("/orgs/{org_id}/sec_policy/draft/ip_lists"),
            Some("/orgs/{org_id}/sec_policy/draft/ip_lists")
        );
        assert_eq!(
            found("/orgs/{org_id}/sec_policy/active/ip_lists"),
            Some("/orgs/{org_id}/sec_policy/{pversion}/ip_lists")
        );
        assert_eq!(found("/orgs/{org_id}/sec_policy/active"), None);
    }

    #[test]
    fn a_list_goes_item_by_item_to_a_schema_of_one_item() {
        let root = RootType {
            file: "v2/workloads_get.schema.json".into(),
            name: "WorkloadsGet".into(),
            nullable: false,
            items: None,
        };
        let schema = Path::new("v2/workloads_get.schema.json");
        let items = lines("w.json", schema, &root, false, json!([{"a": 1}, {"b": 2}]));
        assert_eq!(items.len(), 2);
        assert_eq!(items[1]["schema"], "workloads_get");
        assert_eq!(items[1]["at"], "w.json#1");
        let list = RootType {
            items: Some("Label".into()),
            ..root
        };
        let one = lines("l.json", schema, &list, true, json!({"href": "/x"}));
        assert_eq!(one[0]["schema"], "workloads_get[]");
        let strings = RootType {
            items: None,
            ..list
        };
        let whole = lines("s.json", schema, &strings, true, json!(["a", "b"]));
        assert_eq!(whole.len(), 1, "a list of a list schema is decoded whole");
    }
}
