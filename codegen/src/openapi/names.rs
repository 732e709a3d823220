//! The method name of each operation, stable from one release to the next because it comes
//! from the path alone: the path's literal segments after `/orgs/{org_id}`, joined by `_`,
//! then a verb: `list` (a collection GET), `get` (any other GET), `create` (POST), `update`
//! (PUT), `delete`, `patch`. `GET /orgs/{org_id}/labels` is `labels_list`,
//! `GET /orgs/{org_id}/labels/{label_id}` `labels_get`, `PUT /orgs/{org_id}/sec_policy/{pversion}/rule_sets/{rule_set_id}`
//! `sec_policy_rule_sets_update`. Where two paths give one name, each one with parameters
//! adds `_by_` and its parameters' names (`workloads_update_by_workload_id`), and a name that
//! still repeats gets its place among them (`_2`, `_3`, in path order).

use std::collections::BTreeMap;

use heck::ToSnakeCase;

use super::{Answer, Operation};

/// Names every operation.
pub(super) fn assign(operations: &mut [Operation]) {
    for op in operations.iter_mut() {
        op.name = format!("{}_{}", base(&op.path), verb(op));
    }
    disambiguate(operations, |op| {
        if op.path_params.is_empty() {
            op.name.clone()
        } else {
            let params: Vec<String> = op
                .path_params
                .iter()
                .map(|p| p.name.to_snake_case())
                .collect();
            format!("{}_by_{}", op.name, params.join("_and_"))
        }
    });
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for op in operations.iter_mut() {
        let count = seen.entry(op.name.clone()).or_default();
        *count += 1;
        if *count > 1 {
            op.name = format!("{}_{count}", op.name);
        }
    }
}

/// Renames, with `rename`, every operation whose name another one has too.
fn disambiguate(operations: &mut [Operation], rename: impl Fn(&Operation) -> String) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for op in operations.iter() {
        *counts.entry(op.name.clone()).or_default() += 1;
    }
    for op in operations.iter_mut() {
        if counts[&op.name] > 1 {
            op.name = rename(op);
        }
    }
}

/// The literal segments of `path` after `/orgs/{org_id}`, snake case, joined by `_`.
fn base(path: &str) -> String {
    let rest = path.strip_prefix("/orgs/{org_id}").unwrap_or(path);
    let words: Vec<String> = rest
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .map(|segment| segment.to_snake_case())
        .collect();
    if words.is_empty() {
        "org".to_owned()
    } else {
        words.join("_")
    }
}

fn verb(op: &Operation) -> &'static str {
    match (op.method.as_str(), op.answer) {
        ("GET", Answer::List) => "list",
        ("GET", _) => "get",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("DELETE", _) => "delete",
        _ => "patch",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::Param;

    fn op(method: &str, path: &str, answer: Answer) -> Operation {
        let path_params = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .filter(|name| *name != "org_id")
            .map(|name| Param {
                name: name.to_owned(),
                ty: super::super::ParamType::String,
                required: true,
                description: String::new(),
                values: Vec::new(),
            })
            .collect();
        Operation {
            name: String::new(),
            method: method.to_owned(),
            path: path.to_owned(),
            description: String::new(),
            path_params,
            query: Vec::new(),
            request: None,
            response: None,
            status: 200,
            answer,
        }
    }

    #[test]
    fn names_come_from_the_path_and_the_verb() {
        let mut ops = vec![
            op("GET", "/orgs/{org_id}/labels", Answer::List),
            op("GET", "/orgs/{org_id}/labels/{label_id}", Answer::One),
            op("POST", "/orgs/{org_id}/labels", Answer::Json),
            op(
                "PUT",
                "/orgs/{org_id}/sec_policy/{pversion}/rule_sets/{rule_set_id}",
                Answer::Empty,
            ),
            op(
                "PUT",
                "/orgs/{org_id}/workloads/{workload_id}",
                Answer::Empty,
            ),
            op("PUT", "/orgs/{org_id}/workloads", Answer::Empty),
            op("GET", "/users/login", Answer::One),
        ];
        assign(&mut ops);
        let names: Vec<&str> = ops.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "labels_list",
                "labels_get",
                "labels_create",
                "sec_policy_rule_sets_update",
                "workloads_update_by_workload_id",
                "workloads_update",
                "users_login_get",
            ]
        );
    }
}
