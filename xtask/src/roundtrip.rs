//! `cargo xtask roundtrip BUNDLE`: proves the module generated for a release bundle is
//! faithful and lossless on payloads drawn from the bundle's own schemas.
//!
//! 1. Generates the module of `BUNDLE/v2` as `cargo xtask generate` does.
//! 2. Writes every v2 schema resolved (`$ref`s inlined, the generator's repairs applied) for
//!    Python: a `$ref` back into a schema being inlined (recursion) becomes `{"not": {}}`,
//!    so nothing is drawn there, and a missing target becomes `{}`, as the module reads it.
//!    Every object, union and enum whose type reads leniently (a response's) is marked
//!    `"x-lenient": true`.
//! 3. Draws payloads with `tests/roundtrip/draw.py` (hypothesis-jsonschema, labelled by
//!    Python's `jsonschema`, in a virtual environment this command makes under `target/`),
//!    unless `--payloads FILE` names payloads drawn before.
//! 4. Adds the payloads Illumio documents (the `users/login` response of seed 001, which
//!    reaches the bundle's `UsersLoginGet` typed, no value kept as it came, only through the
//!    `login_product_version` repair),
//!    and with `--recorded DIR` the bodies real PCEs sent (`../shared/pce-real-responses`),
//!    each to the response type of its operation.
//! 5. Builds a checker program around the module and runs every payload through its file's
//!    root type: a valid payload must decode and encode back to equal JSON, a type-level
//!    violation must be refused, except where the types read leniently (a response's, or
//!    what a newer PCE adds), where it must decode and encode back to equal JSON too; so must
//!    every PCE-style variant of a response (a property `null`, a required one absent, one of
//!    another type) and every recorded body. The summary counts each kind apart, and the
//!    recorded values that did not fit their field's type (kept as they came), by file.
//! 6. When it drew them, judges every payload against the bundle's published schema with
//!    `pce validate`'s validator and with Python's `jsonschema` (`tests/roundtrip/verdicts.py`),
//!    and fails where the two verdicts differ.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};

use crate::compile::build_program;
use crate::recorded;
use crate::verdicts;
use crate::{project_root, Failure};

/// The Python packages the drawing and the reference verdicts need, pinned: with the three
/// packages `jsonschema` checks `date-time`, `hostname` and `uri` with (the draft-04 formats
/// PCE schemas use), not its whole `format-nongpl` extra, whose `rfc3987-syntax` takes a
/// second to import in each of the hundreds of processes that draw.
const REQUIREMENTS: &[&str] = &[
    "hypothesis==6.98.0",
    "hypothesis-jsonschema==0.23.1",
    "fqdn==1.6.0",
    "jsonschema==4.26.0",
    "rfc3339-validator==0.1.4",
    "rfc3986-validator==0.1.1",
];

/// Payloads Illumio documents (seed 001), checked with the drawn ones: (schema, JSON file
/// in the project).
const DOCUMENTED: &[(&str, &str)] = &[
    ("users_login_get", "sdk/tests/data/users_login_get.json"),
    (
        "optional_features_put",
        "tests/roundtrip/documented/optional_features_put.json",
    ),
];

/// Options of one run.
pub(crate) struct Options {
    /// The bundle folder (holding `v2/` and `common/`).
    pub bundle: PathBuf,
    /// Payloads drawn before, instead of drawing anew.
    pub payloads: Option<PathBuf>,
    /// How many payloads to draw per schema.
    pub examples: u32,
    /// The folder of bodies real PCEs sent, with its `INDEX.tsv`.
    pub recorded: Option<PathBuf>,
}

/// Runs the round trip; fails when a payload is not handled as its schema says.
pub(crate) fn run(options: &Options) -> Result<String, Failure> {
    // One folder per bundle (its schemas, payloads and checks); the Python environment shared.
    let shared = project_root().join("target/xtask/roundtrip");
    let name = options
        .bundle
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".to_owned());
    let work = shared.join(name);
    std::fs::create_dir_all(&work).map_err(|e| Failure(format!("{}: {e}", work.display())))?;
    let v2 = options.bundle.join("v2");
    let settings = illumio_pce_codegen::Settings::new()
        .command("`cargo xtask roundtrip`")
        .allow_missing_refs(true);
    let module =
        illumio_pce_codegen::generate(&v2, &settings).map_err(|e| Failure(e.to_string()))?;
    let (payloads, python) = match &options.payloads {
        Some(file) => (file.clone(), None),
        None => {
            let schemas = work.join("schemas");
            write_schemas(&v2, &settings, &module, &schemas)?;
            let python = python(&shared)?;
            let drawn = timed("drawn", || draw(&python, &work, &schemas, options.examples))?;
            (drawn, Some(python))
        }
    };
    let checked = work.join("checked.jsonl");
    let recorded = match &options.recorded {
        Some(dir) => {
            let files: BTreeSet<PathBuf> = module.files.iter().cloned().collect();
            let operations = illumio_pce_codegen::openapi::read(&options.bundle, &files)
                .map_err(|e| Failure(e.to_string()))?;
            Some(recorded::payloads(
                dir,
                &options.bundle,
                &operations,
                &module.roots,
            )?)
        }
        None => None,
    };
    let recorded_lines = recorded
        .as_ref()
        .map(|r| r.lines.as_slice())
        .unwrap_or_default();
    with_documented(&payloads, recorded_lines, &checked)?;
    let main = checker_main(&module.roots);
    let program = timed("checker built", || {
        build_program("roundtrip-check", &module.source, &main)
    })?;
    let output = Command::new(&program)
        .arg(&checked)
        .output()
        .map_err(|e| Failure(format!("cannot run {}: {e}", program.display())))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    // On success the checker prints the recorded values that did not fit, then its summary.
    let mut summary = stdout.trim_end().to_owned();
    for skipped in recorded.iter().flat_map(|r| &r.skipped) {
        summary.push_str(&format!("\nrecorded body not checked: {skipped}"));
    }
    if !output.status.success() {
        let failures: Vec<&str> = stdout.lines().take(20).collect();
        return Err(Failure(format!(
            "payloads not handled as their schemas say:\n{}\n{summary}",
            failures.join("\n")
        )));
    }
    if let Some(python) = python {
        let compared = timed("verdicts compared", || {
            let theirs = work.join("verdicts.jsonl");
            run_step(
                Command::new(&python)
                    .arg(project_root().join("tests/roundtrip/verdicts.py"))
                    .arg(&options.bundle)
                    .arg(&checked)
                    .arg(&theirs),
            )?;
            verdicts::compare(&options.bundle, &checked, &theirs, &work)
        })?;
        summary.push('\n');
        summary.push_str(&compared);
    }
    Ok(summary)
}

/// Runs the step `f`, then says on standard error how long it took (`roundtrip: drawn in
/// 85s`), so that a slow run shows which step to look at.
fn timed<T>(step: &str, f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    let started = Instant::now();
    let outcome = f()?;
    eprintln!("roundtrip: {step} in {:.0?}", started.elapsed());
    Ok(outcome)
}

/// The Python of the virtual environment under `shared`, made (or remade, when the pinned
/// requirements changed) with [`REQUIREMENTS`].
fn python(shared: &Path) -> Result<PathBuf, Failure> {
    let venv = shared.join("venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.txt");
    let wanted = REQUIREMENTS.join("\n");
    let current = std::fs::read_to_string(&stamp).ok();
    if !python.is_file() || current.as_deref() != Some(wanted.as_str()) {
        run_step(
            Command::new("python3")
                .args(["-m", "venv", "--clear"])
                .arg(&venv),
        )?;
        run_step(
            Command::new(&python)
                .args(["-m", "pip", "install", "--quiet"])
                .args(REQUIREMENTS),
        )?;
        std::fs::write(&stamp, wanted).map_err(|e| Failure(format!("{}: {e}", stamp.display())))?;
    }
    Ok(python)
}

/// Writes the payloads of `drawn`, the documented ones and the `recorded` lines to `out`.
fn with_documented(drawn: &Path, recorded: &[Value], out: &Path) -> Result<(), Failure> {
    let mut text =
        std::fs::read_to_string(drawn).map_err(|e| Failure(format!("{}: {e}", drawn.display())))?;
    for (schema, file) in DOCUMENTED {
        let path = project_root().join(file);
        let payload: Value = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .ok_or_else(|| Failure(format!("{}: not a readable JSON file", path.display())))?;
        let line = json!({"schema": schema, "payload": payload, "expect": "valid", "kind": "documented", "at": ""});
        let _ = writeln!(text, "{line}");
    }
    for line in recorded {
        let _ = writeln!(text, "{line}");
    }
    std::fs::write(out, text).map_err(|e| Failure(format!("{}: {e}", out.display())))
}

/// Writes each v2 schema of `dir`, resolved and marked where `module` reads leniently, as
/// `<stem>.json` under `out`.
fn write_schemas(
    dir: &Path,
    settings: &illumio_pce_codegen::Settings,
    module: &illumio_pce_codegen::Module,
    out: &Path,
) -> Result<(), Failure> {
    let resolved =
        illumio_pce_codegen::resolve(dir, settings).map_err(|e| Failure(e.to_string()))?;
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
    let missing: BTreeSet<&str> = resolved.missing.iter().map(|m| m.target.as_str()).collect();
    for (file, schema) in &resolved.schemas {
        let mut schema = schema.clone();
        let inlined = resolved.inlined.get(file);
        let reading = Reading {
            lenient: &|pointer| {
                resolved
                    .type_name(file, pointer)
                    .and_then(|name| module.directions.get(name))
                    .map(|direction| direction.lenient())
            },
            inlined: &|pointer| inlined.is_some_and(|at| at.contains_key(pointer)),
        };
        mark_lenient(&mut schema, "", false, Site::Own, &reading);
        cut_refs(&mut schema, &missing);
        let stem = stem(file);
        let path = out.join(format!("{stem}.json"));
        std::fs::write(&path, schema.to_string())
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// Where the types read leniently, for marking a resolved schema.
struct Reading<'a> {
    /// Whether the type the generator gives the schema at a pointer reads leniently, when it
    /// gives that schema a type of its own.
    lenient: &'a dyn Fn(&str) -> Option<bool>,
    /// Whether a `$ref` was inlined at a pointer (the schema there keeps its own type, even
    /// inside an `allOf` part).
    inlined: &'a dyn Fn(&str) -> bool,
}

/// Where a schema is, for [`mark_lenient`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Site {
    /// Anywhere its own type is the one the generator names for it.
    Own,
    /// An `allOf` part: merged into the type of the schema that holds the `allOf`.
    Part,
    /// Written inline in an `allOf` part: merged too, but for an open object, which the
    /// generator makes one type with the same object written elsewhere (an enum or a closed
    /// object is a type of each direction).
    InPart,
}

/// Marks `"x-lenient": true` on every object, union and enum schema (at `pointer` and below)
/// whose type reads leniently: as `reading.lenient` says for a schema with a type of its own,
/// as the schema around it (`inherited`) for one without and for what a [`Site`] merges.
fn mark_lenient(
    schema: &mut Value,
    pointer: &str,
    inherited: bool,
    site: Site,
    reading: &Reading<'_>,
) {
    let Value::Object(map) = schema else { return };
    let object = map.contains_key("properties") || map.get("type") == Some(&json!("object"));
    let open = object && map.get("additionalProperties") != Some(&Value::Bool(false));
    let here = match site {
        Site::Part => inherited,
        Site::InPart if !open => inherited,
        Site::Own | Site::InPart => (reading.lenient)(pointer).unwrap_or(inherited),
    };
    let union = map.contains_key("oneOf") || map.contains_key("anyOf");
    if (object || union || map.contains_key("enum")) && here {
        map.insert("x-lenient".to_owned(), Value::Bool(true));
    }
    // A `$ref` inlined in a part keeps its own type.
    let below = |at: &str| match site {
        Site::Own => Site::Own,
        Site::Part | Site::InPart if (reading.inlined)(at) => Site::Own,
        Site::Part | Site::InPart => Site::InPart,
    };
    for (key, value) in map.iter_mut() {
        let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
        match (key.as_str(), value) {
            ("properties" | "patternProperties" | "definitions", Value::Object(named)) => {
                for (name, sub) in named.iter_mut() {
                    let at = format!("{child}/{}", name.replace('~', "~0").replace('/', "~1"));
                    mark_lenient(sub, &at, here, below(&at), reading);
                }
            }
            ("items" | "allOf" | "anyOf" | "oneOf", Value::Array(list)) => {
                for (index, sub) in list.iter_mut().enumerate() {
                    let at = format!("{child}/{index}");
                    let site = if key == "allOf" {
                        Site::Part
                    } else {
                        below(&at)
                    };
                    mark_lenient(sub, &at, here, site, reading);
                }
            }
            ("items" | "additionalProperties" | "additionalItems" | "not", sub) => {
                mark_lenient(sub, &child, here, below(&child), reading);
            }
            _ => {}
        }
    }
}

/// Replaces the `$ref`s a resolved schema keeps: a `missing` target by `{}` (any value, as
/// the generated type reads it), recursion by `{"not": {}}` (nothing: draft-04 has no
/// boolean schemas).
fn cut_refs(schema: &mut Value, missing: &BTreeSet<&str>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                *schema = if missing.contains(reference.as_str()) {
                    json!({})
                } else {
                    json!({"not": {}})
                };
                return;
            }
            map.values_mut().for_each(|v| cut_refs(v, missing));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| cut_refs(v, missing)),
        _ => {}
    }
}

/// `v2/labels_get.schema.json` → `labels_get`.
pub(crate) fn stem(file: &Path) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.trim_end_matches(".json")
        .trim_end_matches(".schema")
        .to_owned()
}

/// Draws payloads into `work/payloads.jsonl` with `python`.
fn draw(python: &Path, work: &Path, schemas: &Path, examples: u32) -> Result<PathBuf, Failure> {
    let out = work.join("payloads.jsonl");
    let script = project_root().join("tests/roundtrip/draw.py");
    let output = run_step(
        Command::new(python)
            .current_dir(work)
            .arg(script)
            .arg("--schemas")
            .arg(schemas)
            .arg("--out")
            .arg(&out)
            .arg("--examples")
            .arg(examples.to_string()),
    )?;
    eprintln!("drawn: {}", output.trim());
    Ok(out)
}

/// Runs a command, failing with its error output when it fails; returns its output.
fn run_step(command: &mut Command) -> Result<String, Failure> {
    let output = command
        .output()
        .map_err(|e| Failure(format!("cannot run {command:?}: {e}")))?;
    if !output.status.success() {
        return Err(Failure(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    for line in String::from_utf8_lossy(&output.stderr).lines() {
        eprintln!("{line}");
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The checker program: one arm per schema file, decoding into its root type.
fn checker_main(roots: &[illumio_pce_codegen::RootType]) -> String {
    let mut arms = String::new();
    for root in roots.iter().filter(|r| r.file.starts_with("v2")) {
        let ty = if root.nullable {
            format!("Option<module::{}>", root.name)
        } else {
            format!("module::{}", root.name)
        };
        let _ = writeln!(
            arms,
            "        {:?} => round_trip::<{ty}>(text),",
            stem(&root.file)
        );
        if let Some(item) = &root.items {
            let _ = writeln!(
                arms,
                "        \"{}[]\" => round_trip::<module::{item}>(text),",
                stem(&root.file)
            );
        }
    }
    CHECKER.replace("        // ARMS\n", &arms)
}

/// The checker's source; `// ARMS` becomes the arms of `check`.
const CHECKER: &str = r#"//! Round-trip checker written by `cargo xtask roundtrip`: reads payload lines, decodes each
//! into its schema's root type and encodes it back, and reports every payload not handled as
//! its schema says (on standard output, one line each), then a summary line.

#[allow(dead_code, clippy::all)]
#[rustfmt::skip]
mod module;

use std::collections::BTreeMap;

use serde_json::Value;

/// The payload's text decoded as a `T`, encoded back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<Value, String> {
    let decoded: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_value(&decoded).map_err(|e| e.to_string())
}

fn check(schema: &str, text: &str) -> Option<Result<Value, String>> {
    Some(match schema {
        // ARMS
        _ => return None,
    })
}

fn main() {
    let path = std::env::args().nth(1).expect("the payload file");
    let lines = std::fs::read_to_string(&path).expect("readable payloads");
    // Per expectation: payloads, and those handled as expected.
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut unknown = 0;
    // The recorded values that did not fit their field, by file.
    let mut unfit: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut failed = false;
    for line in lines.lines() {
        let entry: Value = serde_json::from_str(line).expect("a JSON line");
        let schema = entry["schema"].as_str().unwrap_or_default();
        let payload = &entry["payload"];
        let text = payload.to_string();
        let (outcome, kept) = illumio_pce_lenient::audit(|| check(schema, &text));
        let Some(outcome) = outcome else {
            unknown += 1;
            continue;
        };
        // Everything must decode and encode back equal, but a violation where the types are
        // strict ("reject"), which must be refused.
        let expect = entry["expect"].as_str().unwrap_or_default();
        let kind = entry["kind"].as_str().unwrap_or_default();
        let group = match (expect, kind) {
            ("valid", "documented") => "documented".to_owned(),
            ("pce", kind) => kind.to_owned(),
            (expect, _) => expect.to_owned(),
        };
        let must_decode = expect != "reject";
        // What Illumio documents a PCE sends reads typed: a value kept as it came there is a
        // repair missing.
        let typed = kind != "documented" || kept.is_empty();
        let ok = if must_decode {
            matches!(&outcome, Ok(back) if back == payload) && typed
        } else {
            outcome.is_err()
        };
        if expect == "recorded" {
            let at = entry["at"].as_str().unwrap_or_default();
            let file = at.split('#').next().unwrap_or_default().to_owned();
            unfit.entry(file).or_default().extend(kept.iter().cloned());
        }
        let count = counts.entry(group).or_default();
        count.0 += 1;
        if ok {
            count.1 += 1;
            continue;
        }
        failed = true;
        let what = match &outcome {
            Ok(back) if must_decode && back == payload => {
                format!("values kept as they came, not typed: {}", kept.join(", "))
            }
            Ok(back) if must_decode => format!("re-encoded as {back}"),
            Ok(_) => "accepted".to_owned(),
            Err(error) => format!("refused: {error}"),
        };
        println!("{schema} {kind} at {:?}: {what}; payload {text}", entry["at"]);
    }
    for (file, names) in &unfit {
        if !names.is_empty() {
            let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
            for name in names {
                *by_name.entry(name).or_default() += 1;
            }
            let counts: Vec<String> = by_name.iter().map(|(name, n)| format!("`{name}` {n}")).collect();
            println!("recorded values that did not fit their type in {file}: {}", counts.join(", "));
        }
    }
    let kept: usize = unfit.values().map(Vec::len).sum();
    let parts: Vec<String> = counts
        .iter()
        .map(|(group, (all, handled))| format!("{group} {handled}/{all}"))
        .collect();
    println!(
        "handled as expected: {}; recorded values kept as they came: {kept}; payloads of schemas without a root type: {unknown}",
        parts.join(", ")
    );
    std::process::exit(i32::from(failed));
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recursion_is_cut_and_missing_targets_read_as_any_value() {
        let mut schema = json!({"properties": {
            "child": {"$ref": "v2/tree.schema.json#"},
            "gone": {"$ref": "../../agent/x.schema.json"}
        }});
        cut_refs(&mut schema, &["../../agent/x.schema.json"].into());
        assert_eq!(
            schema,
            json!({"properties": {"child": {"not": {}}, "gone": {}}})
        );
    }

    #[test]
    fn lenient_objects_and_enums_are_marked_where_they_are() {
        let mut schema = json!({"type": "object", "properties": {
            "state": {"type": "string", "enum": ["a"]},
            "items": {"type": "array", "items": {"properties": {"x": {"enum": [1]}}}},
            "strict": {"type": "object", "properties": {"inner": {"enum": ["b"]}}}
        }});
        let lenient = |pointer: &str| match pointer {
            "" => Some(true),
            "/properties/strict" => Some(false),
            _ => None,
        };
        let reading = Reading {
            lenient: &lenient,
            inlined: &|_| false,
        };
        mark_lenient(&mut schema, "", false, Site::Own, &reading);
        assert_eq!(schema["x-lenient"], true);
        assert_eq!(schema["properties"]["state"]["x-lenient"], true);
        assert_eq!(schema["properties"]["items"]["items"]["x-lenient"], true);
        assert_eq!(
            schema["properties"]["items"]["items"]["properties"]["x"]["x-lenient"],
            true
        );
        assert!(
            schema["properties"]["items"].get("x-lenient").is_none(),
            "an array"
        );
        assert!(schema["properties"]["strict"].get("x-lenient").is_none());
        assert!(
            schema["properties"]["strict"]["properties"]["inner"]
                .get("x-lenient")
                .is_none(),
            "inside a strict type, without a type of its own"
        );
        // An `allOf` part, and an enum or a closed object inline in it, is merged into its
        // holder's type, whatever type it names itself; an open object or a `$ref` inlined in
        // it keeps its own.
        let mut merged = json!({"allOf": [{"type": "object", "properties": {
            "kind": {"enum": ["a"]},
            "owner": {"$ref": "x"},
            "shared": {"type": "object", "properties": {"href": {"type": "string"}}},
            "closed": {"type": "object", "additionalProperties": false}
        }}]});
        let names_lenient_types = |pointer: &str| match pointer {
            "" => Some(false),
            _ => Some(true),
        };
        let reading = Reading {
            lenient: &names_lenient_types,
            inlined: &|pointer| pointer == "/allOf/0" || pointer == "/allOf/0/properties/owner",
        };
        mark_lenient(&mut merged, "", false, Site::Own, &reading);
        let part = &merged["allOf"][0];
        assert!(part.get("x-lenient").is_none(), "{merged}");
        assert!(
            part["properties"]["kind"].get("x-lenient").is_none(),
            "{merged}"
        );
        assert!(
            part["properties"]["closed"].get("x-lenient").is_none(),
            "{merged}"
        );
        assert_eq!(part["properties"]["shared"]["x-lenient"], true, "{merged}");
    }

    #[test]
    fn the_checker_decodes_each_file_into_its_root_type() {
        let roots = [
            illumio_pce_codegen::RootType {
                file: "v2/labels_get.schema.json".into(),
                name: "LabelsGet".into(),
                nullable: false,
                items: None,
            },
            illumio_pce_codegen::RootType {
                file: "v2/login_post.schema.json".into(),
                name: "LoginPost".into(),
                nullable: true,
                items: None,
            },
            illumio_pce_codegen::RootType {
                file: "common/href_object.schema.json".into(),
                name: "HrefObject".into(),
                nullable: false,
                items: None,
            },
        ];
        let main = checker_main(&roots);
        assert!(main.contains("        \"labels_get\" => round_trip::<module::LabelsGet>(text),\n"));
        assert!(main.contains(
            "        \"login_post\" => round_trip::<Option<module::LoginPost>>(text),\n"
        ));
        assert!(!main.contains("HrefObject"));
    }
}
