//! `cargo xtask diff` end to end: the binary prints the fixture reports byte for byte, in
//! Markdown or JSON, with its summary on standard error, and fails with a message on bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/diff")
}

/// Runs `xtask diff <args>` from the fixture folder.
fn diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .current_dir(fixtures())
        .output()
        .expect("runs xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn snapshot(case: &str, file: &str) -> String {
    std::fs::read_to_string(fixtures().join(case).join(file)).expect("reads the snapshot")
}

#[test]
fn prints_the_markdown_report_and_a_summary_line() {
    let output = diff(&["shared_ref/old", "shared_ref/new"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), snapshot("shared_ref", "report.md"));
    assert_eq!(
        text(&output.stderr),
        "shared_ref/old → shared_ref/new: 3 properties added, 0 breaking\n"
    );
}

#[test]
fn prints_the_json_report_for_tools() {
    let output = diff(&["enum_values/old", "enum_values/new", "--format", "json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), snapshot("enum_values", "report.json"));
}

#[test]
fn fails_with_a_message_on_a_missing_folder_or_an_unknown_format() {
    let output = diff(&["no_such/old", "enum_values/new"]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).starts_with("error: cannot read no_such/old"),
        "{}",
        text(&output.stderr)
    );
    let output = diff(&["enum_values/old", "enum_values/new", "--format", "yaml"]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("invalid value 'yaml'"));
}
