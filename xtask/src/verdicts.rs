//! `pce validate`'s verdict on every payload of the round trip against its bundle's published
//! schema, compared with Python `jsonschema`'s (`tests/roundtrip/verdicts.py`): the two must
//! agree on every payload, valid or not. The payloads of each schema go to one
//! `pce validate --schema FILE --lines --format json` run of the CLI, as a user would run it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::{project_root, Failure};

/// How many disagreements a failure lists.
const SHOWN: usize = 20;

/// One payload to judge, and Python's verdict on it.
struct Payload {
    json: Value,
    /// Its kind and place, for a disagreement's line.
    what: String,
    /// Valid, invalid, or `None` when Python could not use the schema (`error` says why).
    python: Option<bool>,
    error: String,
}

/// Compares the verdicts of `python` (one JSON line per line of `payloads`) with
/// `pce validate`'s on the schemas of `bundle`, writing its inputs under `work`; returns the
/// summary line.
pub(crate) fn compare(
    bundle: &Path,
    payloads: &Path,
    python: &Path,
    work: &Path,
) -> Result<String, Failure> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| Failure(format!("{}: {e}", path.display())))
    };
    let (payloads, python) = (read(payloads)?, read(python)?);
    if payloads.lines().count() != python.lines().count() {
        return Err(Failure(
            "Python judged another number of payloads than there are".to_owned(),
        ));
    }
    // The payloads of each schema, by stem.
    let mut by_schema: BTreeMap<String, Vec<Payload>> = BTreeMap::new();
    for (line, verdict) in payloads.lines().zip(python.lines()) {
        let entry: Value = serde_json::from_str(line).map_err(|e| Failure(e.to_string()))?;
        let verdict: Value = serde_json::from_str(verdict).map_err(|e| Failure(e.to_string()))?;
        if verdict["skipped"] == true {
            continue;
        }
        let stem = entry["schema"].as_str().unwrap_or_default().to_owned();
        by_schema.entry(stem).or_default().push(Payload {
            json: entry["payload"].clone(),
            what: format!("{} at {}", entry["kind"], entry["at"]),
            python: verdict["valid"].as_bool(),
            error: verdict["error"].as_str().unwrap_or_default().to_owned(),
        });
    }
    let pce = pce_binary()?;
    let dir = work.join("verdicts");
    std::fs::create_dir_all(&dir).map_err(|e| Failure(format!("{}: {e}", dir.display())))?;
    let (mut judged, mut agreed) = (0, 0);
    let mut disagreements = Vec::new();
    for (stem, entries) in &by_schema {
        let lines: String = entries.iter().map(|p| format!("{}\n", p.json)).collect();
        let file = dir.join(format!("{stem}.jsonl"));
        std::fs::write(&file, lines).map_err(|e| Failure(format!("{}: {e}", file.display())))?;
        let ours = pce_verdicts(
            &pce,
            &bundle.join("v2").join(format!("{stem}.schema.json")),
            &file,
        )?;
        for (index, payload) in entries.iter().enumerate() {
            judged += 1;
            let mine = ours.get(index).copied().flatten();
            if mine == payload.python {
                agreed += 1;
            } else if disagreements.len() < SHOWN {
                let show = |v: Option<bool>, error: &str| match v {
                    Some(true) => "valid".to_owned(),
                    Some(false) => "invalid".to_owned(),
                    None => format!("error ({error})"),
                };
                disagreements.push(format!(
                    "{stem} {}: pce validate {}, Python jsonschema {}; payload {}",
                    payload.what,
                    show(mine, "see pce validate"),
                    show(payload.python, &payload.error),
                    payload.json
                ));
            }
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

/// `pce validate --lines --format json`'s verdict on each line of `lines` against `schema`:
/// `Some(valid)`, `None` for a line it could not check, and for every line when it gives no
/// report (a schema it cannot use, exit 2).
fn pce_verdicts(pce: &Path, schema: &Path, lines: &Path) -> Result<Vec<Option<bool>>, Failure> {
    let output = Command::new(pce)
        .args(["validate", "--lines", "--format", "json", "--schema"])
        .arg(schema)
        .arg(lines)
        .output()
        .map_err(|e| Failure(format!("cannot run {}: {e}", pce.display())))?;
    let report: Value = match serde_json::from_slice(&output.stdout) {
        Ok(report) => report,
        Err(_) if output.status.code() == Some(2) => return Ok(Vec::new()),
        Err(e) => {
            return Err(Failure(format!(
                "pce validate --schema {}: not a JSON report ({e}): {}",
                schema.display(),
                String::from_utf8_lossy(&output.stderr)
            )))
        }
    };
    Ok(report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|file| {
            file["error"]
                .is_null()
                .then(|| file["valid"].as_bool())
                .flatten()
        })
        .collect())
}

/// The `pce` binary of this checkout, built first.
fn pce_binary() -> Result<PathBuf, Failure> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(project_root())
        .args(["build", "--quiet", "-p", "illumio-pce-cli", "--bin", "pce"])
        .status()
        .map_err(|e| Failure(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(Failure("the pce binary does not build".to_owned()));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("target"));
    Ok(target
        .join("debug")
        .join(format!("pce{}", std::env::consts::EXE_SUFFIX)))
}
