//! The operations of an OpenAPI document, as Illumio writes them: `paths` → method →
//! `parameters`, `requestBody.content."application/json".schema.$ref`, `responses` → status
//! → `content."application/json".schema.$ref`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Answer, Operation, Param, ParamType};

/// The methods that are operations.
const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Every operation of `document`, in path then method order (names left empty); or the JSON
/// pointer and reason of what cannot be read.
pub(super) fn operations(
    document: &Value,
    schema_files: &BTreeSet<PathBuf>,
) -> Result<Vec<Operation>, (String, String)> {
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| ("/paths".to_owned(), "no `paths` object".to_owned()))?;
    let all_paths: BTreeSet<&str> = paths.keys().map(String::as_str).collect();
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let at = format!("/paths/{}/{method}", escape(path));
            operations.push(operation(path, method, op, &at, &all_paths, schema_files)?);
        }
    }
    operations.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    type_creates(&mut operations);
    Ok(operations)
}

/// Gives each POST to a collection that names no response schema the collection GET's.
fn type_creates(operations: &mut [Operation]) {
    let lists: BTreeMap<String, PathBuf> = operations
        .iter()
        .filter(|op| op.answer == Answer::List)
        .filter_map(|op| Some((op.path.clone(), op.response.clone()?)))
        .collect();
    for op in operations.iter_mut() {
        if op.method != "POST" || op.answer != Answer::Json {
            continue;
        }
        if let Some(list) = lists.get(&op.path) {
            op.response = Some(list.clone());
            op.answer = Answer::Created;
        }
    }
}

fn operation(
    path: &str,
    method: &str,
    op: &Value,
    at: &str,
    all_paths: &BTreeSet<&str>,
    schema_files: &BTreeSet<PathBuf>,
) -> Result<Operation, (String, String)> {
    let mut path_params = Vec::new();
    let mut query = Vec::new();
    for (index, parameter) in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let at = format!("{at}/parameters/{index}");
        let param =
            param(parameter).ok_or_else(|| (at, "a parameter without a name".to_owned()))?;
        match parameter.get("in").and_then(Value::as_str) {
            Some("path") if param.name == "org_id" => {}
            Some("path") => path_params.push(param),
            Some("query") => query.push(param),
            _ => {}
        }
    }
    path_params.sort_by_key(|p| path.find(&format!("{{{}}}", p.name)));
    let request = op
        .pointer("/requestBody/content/application~1json/schema/$ref")
        .and_then(Value::as_str)
        .map(PathBuf::from);
    let responses = op.get("responses").and_then(Value::as_object);
    let (status, named) = responses
        .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
        .map(|(code, response)| {
            (
                code.parse::<u16>().unwrap_or(200),
                response
                    .pointer("/content/application~1json/schema/$ref")
                    .and_then(Value::as_str)
                    .map(PathBuf::from),
            )
        })
        .ok_or_else(|| (format!("{at}/responses"), "no success response".to_owned()))?;
    let response = named.or_else(|| {
        let sibling = response_sibling(request.as_deref()?)?;
        schema_files.contains(&sibling).then_some(sibling)
    });
    let answer = match (method, &response) {
        (_, None) if status == 204 => Answer::Empty,
        ("get", None) => Answer::Bytes,
        (_, None) => Answer::Json,
        ("get", Some(_)) if is_collection(path, all_paths) => Answer::List,
        _ => Answer::One,
    };
    Ok(Operation {
        name: String::new(),
        method: method.to_uppercase(),
        path: path.to_owned(),
        description: text(op.get("description")),
        path_params,
        query,
        request,
        response,
        status,
        answer,
    })
}

/// A collection path: one with an instance path below it (its last segment a parameter),
/// whatever the instance's methods (`/orgs/{org_id}/api_keys/{api_key_id}` has only DELETE).
fn is_collection(path: &str, all_paths: &BTreeSet<&str>) -> bool {
    all_paths.iter().any(|other| {
        other
            .strip_prefix(path)
            .and_then(|rest| rest.strip_prefix("/{"))
            .is_some_and(|rest| rest.ends_with('}') && !rest.contains('/'))
    })
}

/// `v2/x_post.schema.json` → `v2/x_post_response.schema.json`.
fn response_sibling(request: &Path) -> Option<PathBuf> {
    let name = request.file_name()?.to_str()?;
    let stem = name.strip_suffix(".schema.json")?;
    Some(request.with_file_name(format!("{stem}_response.schema.json")))
}

fn param(parameter: &Value) -> Option<Param> {
    let name = parameter.get("name")?.as_str()?.to_owned();
    let schema = parameter.get("schema");
    let ty = match schema.and_then(|s| s.get("type")).and_then(Value::as_str) {
        Some("integer") => ParamType::Integer,
        Some("number") => ParamType::Number,
        Some("boolean") => ParamType::Boolean,
        _ => ParamType::String,
    };
    let values = schema
        .and_then(|s| s.get("enum"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect();
    Some(Param {
        name,
        ty,
        required: parameter.get("required").and_then(Value::as_bool) == Some(true),
        description: text(parameter.get("description")),
        values,
    })
}

fn text(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// `path` as one JSON-pointer token.
fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_has_an_instance_path_below_it() {
        let paths: BTreeSet<&str> = [
            "/orgs/{org_id}/labels",
            "/orgs/{org_id}/labels/{label_id}",
            "/orgs/{org_id}/settings",
            "/orgs/{org_id}/api_keys",
            "/orgs/{org_id}/api_keys/{api_key_id}",
        ]
        .into_iter()
        .collect();
        assert!(is_collection("/orgs/{org_id}/labels", &paths));
        assert!(is_collection("/orgs/{org_id}/api_keys", &paths));
        assert!(!is_collection("/orgs/{org_id}/settings", &paths));
        assert!(!is_collection("/orgs/{org_id}/labels/{label_id}", &paths));
    }
}
