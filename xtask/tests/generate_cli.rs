//! `cargo xtask generate` end to end on a folder typify cannot convert: the error names the
//! schema file and pointer in the same run, no panic message or backtrace reaches the user
//! (even with `RUST_BACKTRACE=1`), and `--allow-unconvertible` generates the module anyway.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A bundle folder with one good schema and one typify 0.8 panics on (two enum values it
/// spells as one Rust variant, in a request: a response's enum is written by the generator).
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-generate-{}-{name}", std::process::id()));
    let v2 = dir.join("v2");
    std::fs::create_dir_all(&v2).expect("creates the folder");
    std::fs::write(
        v2.join("labels_get.schema.json"),
        r#"{"type": "object", "properties": {"href": {"type": "string"}}}"#,
    )
    .expect("writes");
    std::fs::write(
        v2.join("rules_put.schema.json"),
        r#"{"type": "object", "properties": {"state": {"type": "string", "enum": ["a-b", "a_b"]}}}"#,
    )
    .expect("writes");
    dir
}

fn generate(dir: &PathBuf, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--schemas"])
        .arg(dir)
        .args(extra)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("runs xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn a_schema_typify_refuses_is_named_without_a_backtrace() {
    let dir = folder("refused");
    let output = generate(&dir, &[]);
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.starts_with(
            "error: v2/rules_put.schema.json#/properties/state: typify cannot convert it: panicked: "
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        !stderr.contains("panicked at") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

#[test]
fn allowed_an_unconvertible_schema_is_a_value_with_a_warning() {
    let dir = folder("allowed");
    let out = dir.join("module.rs");
    let output = generate(
        &dir,
        &[
            "--allow-unconvertible",
            "--out",
            out.to_str().expect("UTF-8"),
        ],
    );
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.starts_with("warning: v2/rules_put.schema.json#/properties/state: typify cannot convert it (panicked: "),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked at"), "{stderr}");
    let module = std::fs::read_to_string(out).expect("the module");
    assert!(
        module.contains("pub struct RulesPutState(pub ::serde_json::Value);"),
        "{module}"
    );
    assert!(module.contains("pub struct LabelsGet {"), "{module}");
}

#[test]
fn a_schema_folder_not_named_v2_reads_the_common_folder_beside_it() {
    let dir = std::env::temp_dir().join(format!("xtask-generate-{}-renamed", std::process::id()));
    for (file, text) in [
        (
            "my-schemas/labels_get.schema.json",
            r#"{"type": "object", "properties": {"key": {"$ref": "../common/key.schema.json"}}}"#,
        ),
        (
            "common/key.schema.json",
            r#"{"type": "string", "enum": ["role", "env"]}"#,
        ),
    ] {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("creates");
        std::fs::write(path, text).expect("writes");
    }
    let out = dir.join("out.rs");
    let output = generate(
        &dir.join("my-schemas"),
        &["--out", out.to_str().expect("UTF-8")],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let module = std::fs::read_to_string(&out).expect("written");
    assert!(module.contains("pub enum Key {"), "{module}");
    assert!(module.contains("`common/key.schema.json`"), "{module}");
}
