//! `pce validate`'s verdict on every payload of the round trip against its bundle's published
//! schema, compared with Python `jsonschema`'s (`tests/roundtrip/verdicts.py`): the two must
//! agree on every payload, valid or not.
//!
//! `pce validate --schema FILE` is `illumio_pce::validation::SchemaFile` over the files it
//! names (`cli/src/validate.rs`); the comparison runs that directly, in one process.

use std::collections::BTreeMap;
use std::path::Path;

use illumio_pce::validation::SchemaFile;
use serde_json::Value;

use crate::Failure;

/// How many disagreements a failure lists.
const SHOWN: usize = 20;

/// Compares the verdicts of `python` (one JSON line per line of `payloads`) with
/// `SchemaFile`'s on the schemas of `bundle`; returns the summary line.
pub(crate) fn compare(bundle: &Path, payloads: &Path, python: &Path) -> Result<String, Failure> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| Failure(format!("{}: {e}", path.display())))
    };
    let (payloads, python) = (read(payloads)?, read(python)?);
    let mut schemas: BTreeMap<String, Result<SchemaFile, String>> = BTreeMap::new();
    let (mut judged, mut agreed) = (0, 0);
    let mut disagreements = Vec::new();
    for (line, verdict) in payloads.lines().zip(python.lines()) {
        let entry: Value = serde_json::from_str(line).map_err(|e| Failure(e.to_string()))?;
        let verdict: Value = serde_json::from_str(verdict).map_err(|e| Failure(e.to_string()))?;
        if verdict["skipped"] == true {
            continue;
        }
        let stem = entry["schema"].as_str().unwrap_or_default().to_owned();
        let schema = schemas.entry(stem.clone()).or_insert_with(|| {
            SchemaFile::load(&bundle.join("v2").join(format!("{stem}.schema.json")))
                .map_err(|e| e.to_string())
        });
        let ours = match schema {
            Ok(schema) => Ok(schema.validate(&entry["payload"]).is_empty()),
            Err(error) => Err(error.clone()),
        };
        judged += 1;
        let theirs = verdict["valid"].as_bool();
        if ours.as_ref().ok().copied() == theirs {
            agreed += 1;
            continue;
        }
        if disagreements.len() < SHOWN {
            disagreements.push(format!(
                "{stem} {} at {}: pce validate {}, Python jsonschema {}; payload {}",
                entry["kind"],
                entry["at"],
                match &ours {
                    Ok(valid) => if *valid { "valid" } else { "invalid" }.to_owned(),
                    Err(error) => format!("error ({error})"),
                },
                match theirs {
                    Some(true) => "valid".to_owned(),
                    Some(false) => "invalid".to_owned(),
                    None => format!("error ({})", verdict["error"]),
                },
                entry["payload"]
            ));
        }
    }
    let summary = format!(
        "pce validate verdicts equal to Python jsonschema's (Draft 4, published schemas): {agreed}/{judged}"
    );
    if agreed == judged {
        Ok(summary)
    } else {
        Err(Failure(format!("{}\n{summary}", disagreements.join("\n"))))
    }
}
