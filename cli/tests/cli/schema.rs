//! `pce schema list` and `pce schema show`.

use serde_json::Value;

use crate::{assert_error, pce, run};

#[test]
fn list_prints_the_latest_releases_names_one_per_line() {
    let run = run(&mut pce(["schema", "list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "login_users_authenticate_post_response\noptional_feature\noptional_features_get\n\
         optional_features_put\nusers_login_get\n"
    );
}

#[test]
fn list_takes_a_release() {
    let run = run(&mut pce(["schema", "list", "--release", "23.3"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .lines()
        .any(|name| name == "optional_features_put"));
    assert_error(
        &run_of(["schema", "list", "--release", "1.0"]),
        2,
        "unknown PCE release 1.0",
    );
}

#[test]
fn show_prints_the_schema_as_published() {
    let run = run(&mut pce(["schema", "show", "optional_features_put"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let published: Value = serde_json::from_str(include_str!(
        "../../../schemas/25.2/v2/optional_features_put.schema.json"
    ))
    .expect("JSON");
    assert_eq!(shown, published);

    let old = run_of([
        "schema",
        "show",
        "optional_features_put",
        "--release",
        "23.3",
    ]);
    let published_old: Value = serde_json::from_str(include_str!(
        "../../../schemas/23.3/v2/optional_features_put.schema.json"
    ))
    .expect("JSON");
    assert_eq!(
        serde_json::from_str::<Value>(&old.stdout).expect("JSON"),
        published_old
    );
}

#[test]
fn show_of_an_unknown_schema_exits_2() {
    assert_error(
        &run_of(["schema", "show", "rule_sets_put"]),
        2,
        "release 25.2 has no schema rule_sets_put",
    );
    assert_error(&run_of(["schema", "show"]), 2, "<NAME>");
}

fn run_of<const N: usize>(args: [&str; N]) -> crate::Run {
    run(&mut pce(args))
}
