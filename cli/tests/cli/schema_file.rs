//! `pce validate --schema PATH`: a schema bundle on disk whose `$ref`s cross files and
//! folders, resolved relative to the schema file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{assert_error, pce, run, scratch, write};

/// Writes a three-file bundle and returns the path of its top schema.
fn bundle(dir: &Path) -> PathBuf {
    write(
        dir,
        "common/action.schema.json",
        r#"{"type": "string", "enum": ["allow", "deny"]}"#,
    );
    write(
        dir,
        "v2/rule.schema.json",
        r#"{"type": "object", "required": ["action"],
            "properties": {"action": {"$ref": "../common/action.schema.json"}}}"#,
    );
    write(
        dir,
        "v2/rule_sets_put.schema.json",
        r#"{"$schema": "http://json-schema.org/draft-04/schema#",
            "type": "object", "additionalProperties": false, "required": ["name", "rules"],
            "properties": {"name": {"type": "string"},
                           "rules": {"type": "array", "items": {"$ref": "rule.schema.json"}}}}"#,
    )
}

const VALID: &str = r#"{"name": "web", "rules": [{"action": "allow"}]}"#;
const INVALID: &str = r#"{"name": "web", "rules": [{"action": "allow"}, {"action": "maybe"}]}"#;

#[test]
fn refs_across_files_and_folders_are_resolved() {
    let dir = scratch("bundle");
    let schema = bundle(&dir);
    let valid = run(pce(["validate", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(VALID));
    assert_eq!(
        (valid.code, valid.stdout.as_str()),
        (0, "-: valid\n"),
        "{}",
        valid.stderr
    );
    let invalid = run(pce(["validate", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(INVALID));
    assert_eq!(invalid.code, 1, "{}", invalid.stderr);
    assert_eq!(
        invalid.stdout,
        "-: invalid\n  /rules/1/action: \"maybe\" is not one of the 2 allowed values: \"allow\", \"deny\" [enum]\n"
    );
}

#[test]
fn an_existing_file_without_a_separator_is_a_schema_file() {
    let dir = scratch("bundle_cwd");
    bundle(&dir);
    let run = run(
        pce(["validate", "--schema", "rule_sets_put.schema.json", "-"])
            .current_dir(dir.join("v2"))
            .write_stdin(INVALID),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("/rules/1/action"), "{}", run.stdout);
}

#[test]
fn the_json_report_names_the_schema_path_and_no_release() {
    let dir = scratch("bundle_json");
    let schema = bundle(&dir);
    let run = run(pce(["validate", "--format", "json", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(r#"{"name": "web", "rules": [], "extra": 1}"#));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["schema"], schema.display().to_string());
    assert_eq!(report["release"], Value::Null);
    let violation = &report["files"][0]["violations"][0];
    assert_eq!(violation["pointer"], "");
    assert_eq!(violation["keyword"], "additionalProperties");
    assert!(violation["message"]
        .as_str()
        .expect("message")
        .contains("`extra`"));
}

#[test]
fn a_release_with_a_schema_file_is_bad_usage() {
    let dir = scratch("bundle_release");
    let schema = bundle(&dir);
    let run = run(pce(["validate", "--release", "25.2", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(VALID));
    assert_error(&run, 2, "--release applies to embedded schemas");
}

#[test]
fn a_bad_schema_file_exits_2() {
    let dir = scratch("bad_schema");
    let not_json = write(&dir, "broken.schema.json", "{\"type\": ");
    let run_broken = run(pce(["validate", "--schema"])
        .arg(&not_json)
        .arg("-")
        .write_stdin(VALID));
    assert_error(&run_broken, 2, "not JSON");

    let missing = dir.join("missing.schema.json");
    let run_missing = run(pce(["validate", "--schema"])
        .arg(&missing)
        .arg("-")
        .write_stdin(VALID));
    assert_error(&run_missing, 2, "missing.schema.json");

    let dangling = write(
        &dir,
        "dangling.schema.json",
        r#"{"type": "array", "items": {"$ref": "nowhere.schema.json"}}"#,
    );
    let run_dangling = run(pce(["validate", "--schema"])
        .arg(&dangling)
        .arg("-")
        .write_stdin("[1]"));
    assert_error(&run_dangling, 2, "nowhere.schema.json");
}

#[test]
fn a_repaired_upstream_bug_is_a_warning_not_an_error() {
    let dir = scratch("repaired");
    write(
        &dir,
        "v2/health_definitions.schema.json",
        r##"{"definitions": {"cluster": {"type": "object", "required": ["fqdn"]}}}"##,
    );
    let schema = write(
        &dir,
        "v2/health_get.schema.json",
        r##"{"type": "array", "items": {"$ref": "health_definitions.schema.json#definitions/cluster"}}"##,
    );
    let valid = run(pce(["validate", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(r#"[{"fqdn": "pce.example.com"}]"#));
    assert_eq!(
        (valid.code, valid.stdout.as_str()),
        (0, "-: valid\n"),
        "{}",
        valid.stderr
    );
    assert_eq!(
        valid.stderr,
        "pce: warning: v2/health_get.schema.json#/items: repair `ref_fragment_slash`\n"
    );
    let invalid = run(pce(["validate", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin("[{}]"));
    assert_eq!(invalid.code, 1, "{}", invalid.stdout);
}

#[test]
fn a_schema_folder_not_named_v2_resolves_common_beside_it() {
    let dir = scratch("renamed");
    write(
        &dir,
        "common/action.schema.json",
        r#"{"type": "string", "enum": ["allow", "deny"]}"#,
    );
    let schema = write(
        &dir,
        "my-schemas/rule_put.schema.json",
        r#"{"type": "object", "properties": {"action": {"$ref": "../common/action.schema.json"}}}"#,
    );
    let invalid = run(pce(["validate", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(r#"{"action": "maybe"}"#));
    assert_eq!(invalid.code, 1, "{}", invalid.stderr);
    assert!(invalid.stdout.contains("/action"), "{}", invalid.stdout);
    assert_eq!(invalid.stderr, "", "nothing repaired, nothing left unread");
}

#[test]
fn response_judges_a_body_the_way_pces_answer() {
    let dir = scratch("response");
    let schema = bundle(&dir);
    let sent = r#"{"name": null, "rules": [{"action": "allow"}, {}]}"#;
    let published = run(pce(["validate", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(sent));
    assert_eq!(published.code, 1, "{}", published.stdout);
    let answer = run(pce(["validate", "--response", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(sent));
    assert_eq!(
        (answer.code, answer.stdout.as_str()),
        (0, "-: valid\n"),
        "{}",
        answer.stderr
    );
    let departs = run(pce(["validate", "--response", "--schema"])
        .arg(&schema)
        .arg("-")
        .write_stdin(r#"{"rules": [{"action": "maybe"}]}"#));
    assert_eq!(departs.code, 1, "{}", departs.stdout);
    assert!(
        departs.stdout.contains("/rules/0/action"),
        "{}",
        departs.stdout
    );
    let embedded = run(pce([
        "validate",
        "--response",
        "--schema",
        "optional_features_put",
        "-",
    ])
    .write_stdin("[]"));
    assert_error(&embedded, 2, "--response applies to a schema file");
}

#[test]
fn lines_checks_one_payload_a_line() {
    let dir = scratch("lines");
    let schema = bundle(&dir);
    let lines = write(
        &dir,
        "payloads.jsonl",
        &format!("{VALID}\n\n{INVALID}\nnot json\n"),
    );
    let output = run(pce(["validate", "--lines", "--format", "json", "--schema"])
        .arg(&schema)
        .arg(&lines));
    assert_eq!(
        output.code, 2,
        "a line that is not JSON is bad input: {}",
        output.stderr
    );
    let report: Value = serde_json::from_str(&output.stdout).expect("a JSON report");
    let files: Vec<(String, bool)> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let name = f["file"].as_str().unwrap_or_default();
            let line = name.rsplit(':').next().unwrap_or_default().to_owned();
            (line, f["valid"] == true)
        })
        .collect();
    assert_eq!(
        files,
        [
            ("1".to_owned(), true),
            ("3".to_owned(), false),
            ("4".to_owned(), false)
        ]
    );
    assert!(report["files"][2]["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("not JSON")));
}
