//! `pce validate` against the embedded schemas: text and JSON reports, standard input,
//! releases, and the exit codes 0, 1 and 2.

use serde_json::Value;

use crate::{assert_error, pce, run, scratch, write, INVALID_PUT, VALID_PUT};

#[test]
fn a_valid_file_is_reported_valid_and_exits_0() {
    let dir = scratch("valid");
    let file = write(&dir, "put.json", VALID_PUT);
    let run = run(pce(["validate", "--schema", "optional_features_put"]).arg(&file));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{}: valid\n", file.display()));
    assert_eq!(run.stderr, "");
}

#[test]
fn an_invalid_file_lists_its_violations_and_exits_1() {
    let dir = scratch("invalid");
    let good = write(&dir, "good.json", VALID_PUT);
    let bad = write(&dir, "bad.json", INVALID_PUT);
    let run = run(pce(["validate", "--schema", "optional_features_put"])
        .arg(&good)
        .arg(&bad));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], format!("{}: valid", good.display()));
    assert_eq!(lines[1], format!("{}: invalid", bad.display()));
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[2].starts_with("  /0: ") && lines[2].ends_with(" [oneOf]"));
    assert!(lines[2].contains(r#"`enabled`: "yes" is not of type "boolean""#));
    assert!(lines[3].starts_with("  /1: ") && lines[3].contains(r#""bogus""#));
}

#[test]
fn a_violation_below_the_root_names_its_pointer_and_keyword() {
    let run = run(pce(["validate", "--schema", "optional_feature", "-"])
        .write_stdin(r#"{"name": 7, "enabled": true}"#));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "-: invalid");
    assert!(
        lines[1].starts_with("  /name: ") && lines[1].ends_with(" [type]"),
        "{}",
        lines[1]
    );
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let valid =
        run(pce(["validate", "--schema", "optional_features_put", "-"]).write_stdin(VALID_PUT));
    assert_eq!((valid.code, valid.stdout.as_str()), (0, "-: valid\n"));
    let invalid =
        run(pce(["validate", "--schema", "optional_features_put", "-"]).write_stdin(INVALID_PUT));
    assert_eq!(invalid.code, 1);
    assert!(invalid.stdout.starts_with("-: invalid\n  /0: "));
}

#[test]
fn the_release_chooses_the_schema() {
    let latest =
        run(pce(["validate", "--schema", "optional_features_put", "-"]).write_stdin(VALID_PUT));
    assert_eq!(latest.code, 0);
    // per_rule_flow_log_setting came after 23.3.
    let old = run(pce([
        "validate",
        "--schema",
        "optional_features_put",
        "--release",
        "23.3",
        "-",
    ])
    .write_stdin(VALID_PUT));
    assert_eq!(old.code, 1, "{}", old.stdout);
}

#[test]
fn the_json_report_has_every_file_with_its_violations_or_error() {
    let dir = scratch("json");
    let good = write(&dir, "good.json", VALID_PUT);
    let bad = write(&dir, "bad.json", INVALID_PUT);
    let broken = write(&dir, "broken.json", "{not json");
    let run = run(pce([
        "validate",
        "--schema",
        "optional_features_put",
        "--format",
        "json",
    ])
    .arg(&good)
    .arg(&bad)
    .arg(&broken));
    assert_eq!(run.code, 2, "an unparsable file wins: {}", run.stderr);
    assert_eq!(run.stderr, "");
    let report: Value = serde_json::from_str(&run.stdout).expect("the report is JSON");
    assert_eq!(report["schema"], "optional_features_put");
    assert_eq!(report["release"], "25.2");
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 3);

    assert_eq!(files[0]["file"], good.display().to_string());
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[0]["violations"], serde_json::json!([]));
    assert_eq!(files[0]["error"], Value::Null);

    assert_eq!(files[1]["valid"], false);
    assert_eq!(files[1]["error"], Value::Null);
    let violations = files[1]["violations"].as_array().expect("violations");
    assert_eq!(violations.len(), 2);
    assert_eq!(violations[0]["pointer"], "/0");
    assert_eq!(violations[0]["keyword"], "oneOf");
    assert!(violations[0]["message"]
        .as_str()
        .expect("message")
        .contains("matches none of the 2 allowed shapes"));
    assert_eq!(violations[1]["pointer"], "/1");

    assert_eq!(files[2]["valid"], false);
    assert_eq!(files[2]["violations"], serde_json::json!([]));
    assert!(files[2]["error"]
        .as_str()
        .expect("error")
        .starts_with("not JSON: "));
}

#[test]
fn the_json_report_of_valid_input_exits_0() {
    let run = run(pce([
        "validate",
        "--schema",
        "optional_features_put",
        "--release",
        "24.1",
        "--format",
        "json",
        "-",
    ])
    .write_stdin(r#"[{"name": "ui_analytics", "enabled": false}]"#));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["release"], "24.1");
    assert_eq!(report["files"][0]["file"], "-");
    assert_eq!(report["files"][0]["valid"], true);
}

#[test]
fn an_unknown_schema_exits_2_listing_the_known_ones() {
    let run = run(pce(["validate", "--schema", "no_such_schema", "-"]).write_stdin(VALID_PUT));
    assert_error(&run, 2, "no_such_schema");
    assert!(
        run.stderr.contains("optional_features_put"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_release_exits_2_listing_the_known_ones() {
    let run = run(pce([
        "validate",
        "--schema",
        "optional_features_put",
        "--release",
        "9.9",
        "-",
    ])
    .write_stdin(VALID_PUT));
    assert_error(&run, 2, "unknown PCE release 9.9; known: 23.3, 24.1, 25.2");
}

#[test]
fn an_unreadable_file_exits_2_and_the_other_files_are_still_checked() {
    let dir = scratch("unreadable");
    let good = write(&dir, "good.json", VALID_PUT);
    let missing = dir.join("missing.json");
    let run = run(pce(["validate", "--schema", "optional_features_put"])
        .arg(&missing)
        .arg(&good));
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with(&format!("{}: error: cannot read: ", missing.display())),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], format!("{}: valid", good.display()));
}

#[test]
fn a_file_that_is_not_json_exits_2_even_beside_an_invalid_one() {
    let dir = scratch("not_json");
    let bad = write(&dir, "bad.json", INVALID_PUT);
    let text = write(&dir, "notes.txt", "enable ui_analytics\n");
    let run = run(pce(["validate", "--schema", "optional_features_put"])
        .arg(&bad)
        .arg(&text));
    assert_eq!(run.code, 2);
    assert!(run
        .stdout
        .starts_with(&format!("{}: invalid\n", bad.display())));
    assert!(
        run.stdout.contains(&format!(
            "{}: error: not JSON: expected value at line 1 column 1\n",
            text.display()
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_usage_exits_2_with_one_line() {
    assert_error(
        &run(&mut pce(["validate", "-"])),
        2,
        "the following required arguments were not provided: --schema",
    );
    assert_error(
        &run(&mut pce(["validate", "--schema", "optional_features_put"])),
        2,
        "<FILE>",
    );
    assert_error(
        &run(&mut pce([
            "validate",
            "--schema",
            "optional_features_put",
            "--format",
            "xml",
            "-",
        ])),
        2,
        "invalid value 'xml' for '--format <FORMAT>'",
    );
    assert_error(
        &run(&mut pce(["valdate"])),
        2,
        "unrecognized subcommand 'valdate'",
    );
}
