//! The PCE's objects, as a bundle's `openapi.json` shows them: the item of each collection
//! (`GET /orgs/{org_id}/workloads` answers workloads), the body that creates one (`POST` to
//! the collection) and the body that updates one (`PUT` to an instance path under it). The
//! [naming](crate::naming) rule 2 names their schemas after the collection's noun.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::load::RefTarget;
use crate::location::Location;
use crate::openapi::{Answer, Operation};
use crate::words::{pascal, singular};

/// A schema location that is one of the PCE's objects (or a body for one), and its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ObjectName {
    /// The schema.
    pub location: Location,
    /// The name it takes when free: `Workload`, `NewWorkload`, `WorkloadUpdate`.
    pub name: String,
    /// The name when that one is taken: the parent collection's noun first
    /// (`RuleSetSecRule`), when the collection has a parent.
    pub qualified: Option<String>,
}

/// One collection's object and the bodies that create and update one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Collection {
    /// Its item: what a `GET` of the collection answers (one of).
    pub item: Option<ObjectName>,
    /// The body of a `POST` to the collection.
    pub create: Option<ObjectName>,
    /// The body of a `PUT` to one of its instances.
    pub update: Option<ObjectName>,
}

impl Collection {
    /// Its names, in the order they claim them.
    pub fn names(&self) -> impl Iterator<Item = &ObjectName> {
        [&self.item, &self.create, &self.update]
            .into_iter()
            .flatten()
    }
}

/// The collections of `routes`, in the order they claim their names: the shorter path first
/// (after `/orgs/{org_id}`), then by path.
pub(crate) fn collections(
    routes: &[Operation],
    files: &BTreeMap<PathBuf, Value>,
) -> Vec<Collection> {
    let mut collections: Vec<&Operation> = routes
        .iter()
        .filter(|op| op.answer == Answer::List && op.response.is_some())
        .collect();
    collections.sort_by_key(|op| {
        let within = op.path.strip_prefix("/orgs/{org_id}").unwrap_or(&op.path);
        (within.matches('/').count(), within.to_owned())
    });
    let mut out = Vec::new();
    for list in collections {
        let literals: Vec<&str> = list
            .path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
            .collect();
        let Some((last, before)) = literals.split_last() else {
            continue;
        };
        let noun = pascal(&singular(last));
        let parent = before
            .last()
            .filter(|p| **p != "orgs" && **p != "sec_policy")
            .map(|p| pascal(&singular(p)));
        let named = |location: Option<Location>, name: String| {
            let qualified = parent.as_ref().map(|p| format!("{p}{name}"));
            location.map(|location| ObjectName {
                location,
                name,
                qualified,
            })
        };
        let item = list
            .response
            .as_deref()
            .and_then(|file| item_of(file, files));
        let body = |method: &str, instance: bool| {
            routes
                .iter()
                .filter(|op| op.method == method)
                .filter(|op| match op.path.strip_prefix(list.path.as_str()) {
                    Some("") => !instance,
                    Some(rest) => instance && is_one_parameter(rest),
                    None => false,
                })
                .find_map(|op| op.request.as_deref().and_then(|f| object_root(f, files)))
        };
        out.push(Collection {
            item: named(item, noun.clone()),
            create: named(body("POST", false), format!("New{noun}")),
            update: named(body("PUT", true), format!("{noun}Update")),
        });
    }
    out
}

/// `/{param}`: one path parameter.
fn is_one_parameter(rest: &str) -> bool {
    rest.strip_prefix("/{")
        .and_then(|r| r.strip_suffix('}'))
        .is_some_and(|name| !name.contains('/'))
}

/// The location of one item of the collection `file` answers: the file's root when it
/// describes one object (as Illumio's index mostly does), its items when it describes the
/// list.
fn item_of(file: &Path, files: &BTreeMap<PathBuf, Value>) -> Option<Location> {
    let root = defined(Location::root(file.to_path_buf()), files)?;
    let schema = files.get(&root.file)?.pointer(&root.pointer)?;
    if schema.get("items").is_some() {
        defined(root.child(&["items"]), files)
    } else {
        Some(root)
    }
}

/// The root of `file` when it describes an object (not a list).
fn object_root(file: &Path, files: &BTreeMap<PathBuf, Value>) -> Option<Location> {
    let root = defined(Location::root(file.to_path_buf()), files)?;
    let schema = files.get(&root.file)?.pointer(&root.pointer)?;
    let is_list = schema.get("type").and_then(Value::as_str) == Some("array");
    (!is_list).then_some(root)
}

/// Where the schema at `location` is defined: `location`, or the file its `$ref` names, and
/// so on (a file that only refers to another file names the other's type: releases move a
/// definition into a file of its own and leave such a reference behind). A reference into a
/// file's `definitions` stays where it is: the file is the object.
fn defined(mut location: Location, files: &BTreeMap<PathBuf, Value>) -> Option<Location> {
    for _ in 0..8 {
        let schema = files.get(&location.file)?.pointer(&location.pointer)?;
        let target = match reference_of(schema) {
            Some(reference) => RefTarget::resolve(&location.file, reference),
            None => return Some(location),
        };
        match target.file {
            Some(file) if target.pointer.is_empty() && files.contains_key(&file) => {
                location = Location::root(file);
            }
            _ => return Some(location),
        }
    }
    Some(location)
}

/// The `$ref` a schema is: `{"$ref"}`, or `{"oneOf": [{"$ref"}, {"type": "null"}]}` (or
/// `anyOf`), which reads the same leniently.
fn reference_of(schema: &Value) -> Option<&str> {
    if let Some(reference) = schema.get("$ref") {
        return reference.as_str();
    }
    let branches = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| schema.get(*k))?
        .as_array()?;
    let mut references = branches
        .iter()
        .filter(|b| b.get("type") != Some(&"null".into()));
    match (references.next(), references.next()) {
        (Some(only), None) => only.get("$ref")?.as_str(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(method: &str, path: &str, request: Option<&str>, response: Option<&str>) -> Operation {
        let answer = match (method, path.ends_with('}')) {
            ("GET", false) => Answer::List,
            ("GET", true) => Answer::One,
            _ => Answer::Empty,
        };
        Operation {
            name: String::new(),
            method: method.to_owned(),
            path: path.to_owned(),
            description: String::new(),
            path_params: Vec::new(),
            query: Vec::new(),
            request: request.map(PathBuf::from),
            response: response.map(PathBuf::from),
            status: 200,
            answer,
        }
    }

    #[test]
    fn collections_name_their_item_and_the_bodies_that_create_and_update_one() {
        let files: BTreeMap<PathBuf, Value> = [
            ("v2/workloads_get.schema.json", json!({"type": "object"})),
            ("v2/workloads_post.schema.json", json!({"type": "object"})),
            ("v2/workloads_put.schema.json", json!({"type": "object"})),
            (
                "v2/rules_get.schema.json",
                json!({"type": "array", "items": {"type": "object"}}),
            ),
        ]
        .into_iter()
        .map(|(f, v)| (PathBuf::from(f), v))
        .collect();
        let routes = [
            op(
                "GET",
                "/orgs/{org_id}/sec_policy/{pversion}/rule_sets/{id}/sec_rules",
                None,
                Some("v2/rules_get.schema.json"),
            ),
            op(
                "GET",
                "/orgs/{org_id}/workloads",
                None,
                Some("v2/workloads_get.schema.json"),
            ),
            op(
                "POST",
                "/orgs/{org_id}/workloads",
                Some("v2/workloads_post.schema.json"),
                None,
            ),
            op(
                "PUT",
                "/orgs/{org_id}/workloads/{workload_id}",
                Some("v2/workloads_put.schema.json"),
                None,
            ),
        ];
        let names: Vec<(String, String, Option<String>)> = collections(&routes, &files)
            .iter()
            .flat_map(Collection::names)
            .map(|o| {
                let at = format!("{}#{}", o.location.file.display(), o.location.pointer);
                (at, o.name.clone(), o.qualified.clone())
            })
            .collect();
        assert_eq!(
            names,
            [
                (
                    "v2/workloads_get.schema.json#".into(),
                    "Workload".into(),
                    None
                ),
                (
                    "v2/workloads_post.schema.json#".into(),
                    "NewWorkload".into(),
                    None
                ),
                (
                    "v2/workloads_put.schema.json#".into(),
                    "WorkloadUpdate".into(),
                    None
                ),
                (
                    "v2/rules_get.schema.json#/items".into(),
                    "SecRule".into(),
                    Some("RuleSetSecRule".into())
                ),
            ]
        );
    }
}
