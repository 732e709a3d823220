//! A bundle's `openapi.json` read into the operations the mock serves: method, path template,
//! request and response schemas, success status, and what kind of resource the path is.
//!
//! The mock reads the index itself rather than through the generator, so that the two are
//! checked against each other rather than agreeing by construction.

use std::collections::BTreeMap;

use hyper::{Method, StatusCode};
use serde_json::Value;

use super::schemas::Schemas;

/// A segment of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Matches itself only.
    Literal(String),
    /// `{name}`: matches any one non-empty segment.
    Param {
        /// The parameter's name.
        name: String,
        /// Whether its schema type is `integer` (the ids the mock hands out are then numbers).
        integer: bool,
    },
}

/// What a path is, which decides what the store does with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resource {
    /// A collection: it has an instance path (`…/{id}`) below it. GET lists, POST creates.
    Collection {
        /// Whether the ids of its instances are integers.
        integer_ids: bool,
    },
    /// An instance: the path ends in a parameter. It exists only once created or inserted.
    Instance,
    /// Anything else (settings, reports, actions): it always exists.
    Singleton,
}

/// One operation of the index.
#[derive(Clone, Debug)]
pub(crate) struct Operation {
    /// The HTTP method.
    pub(crate) method: Method,
    /// The path below `/api/v2`, as the index writes it (`/orgs/{org_id}/labels`).
    pub(crate) template: String,
    /// Its segments.
    pub(crate) segments: Vec<Segment>,
    /// The request body's schema file, if it has one.
    pub(crate) request: Option<String>,
    /// The schema file of the response body: the index's, or for a POST the request schema's
    /// `…_response` sibling when the bundle has one.
    pub(crate) response: Option<String>,
    /// The status of success.
    pub(crate) status: StatusCode,
    /// What the path is.
    pub(crate) resource: Resource,
}

impl Operation {
    /// The parameter values of `segments` (a request path split at `/`), if it matches.
    pub(crate) fn matches(&self, segments: &[&str]) -> Option<Vec<(String, String)>> {
        if segments.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        for (template, actual) in self.segments.iter().zip(segments) {
            match template {
                Segment::Literal(literal) if literal == actual => {}
                Segment::Param { name, .. } if !actual.is_empty() => {
                    params.push((name.clone(), (*actual).to_owned()));
                }
                _ => return None,
            }
        }
        Some(params)
    }

    /// How many literal segments it has: the more, the better a match.
    pub(crate) fn literals(&self) -> usize {
        self.segments
            .iter()
            .filter(|segment| matches!(segment, Segment::Literal(_)))
            .count()
    }
}

/// The operations of `index` (the parsed `openapi.json`), in index order. An operation whose
/// method or status the mock cannot serve is left out.
pub(crate) fn operations(index: &Value, schemas: &Schemas) -> Vec<Operation> {
    let Some(paths) = index["paths"].as_object() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (template, methods) in paths {
        let Some(methods) = methods.as_object() else {
            continue;
        };
        for (method, operation) in methods {
            let Ok(method) = method.to_ascii_uppercase().parse::<Method>() else {
                continue;
            };
            found.push((template.clone(), method, operation));
        }
    }
    // Collection template → whether the parameter of its instance path is an integer, read
    // from the instance path's own segments.
    let collections: BTreeMap<&str, bool> = paths
        .iter()
        .filter_map(|(template, methods)| {
            let (parent, _) = template.rsplit_once('/')?;
            match segments(template, Some(methods)).last()? {
                Segment::Param { integer, .. } => Some((parent, *integer)),
                Segment::Literal(_) => None,
            }
        })
        .collect();
    found
        .iter()
        .filter_map(|(template, method, operation)| {
            let segments = segments(template, paths.get(template.as_str()));
            let (status, response) = success(operation)?;
            let request = schema_ref(&operation["requestBody"]["content"]["application/json"]);
            let response = response.or_else(|| {
                let sibling = request.as_deref()?.strip_suffix(".schema.json")?;
                let sibling = format!("{sibling}_response.schema.json");
                schemas.has(&sibling).then_some(sibling)
            });
            let resource = if let Some(&integer_ids) = collections.get(template.as_str()) {
                Resource::Collection { integer_ids }
            } else if template.rsplit('/').next().is_some_and(is_param) {
                Resource::Instance
            } else {
                Resource::Singleton
            };
            Some(Operation {
                method: method.clone(),
                template: template.clone(),
                segments,
                request,
                response,
                status,
                resource,
            })
        })
        .collect()
}

/// Whether a template segment is `{name}`.
fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// The `$ref` of a media type's schema, relative to the bundle (`v2/x.schema.json`).
fn schema_ref(media: &Value) -> Option<String> {
    media["schema"]["$ref"]
        .as_str()
        .map(|reference| reference.trim_start_matches("./").to_owned())
}

/// The first 2xx status of an operation, with its response schema.
fn success(operation: &Value) -> Option<(StatusCode, Option<String>)> {
    let responses = operation["responses"].as_object()?;
    responses.iter().find_map(|(status, response)| {
        let status = status.parse::<u16>().ok()?;
        let status = StatusCode::from_u16(status).ok()?;
        status
            .is_success()
            .then(|| (status, schema_ref(&response["content"]["application/json"])))
    })
}

/// A template's segments, a parameter typed by the first operation of the path that lists it.
fn segments(template: &str, methods: Option<&Value>) -> Vec<Segment> {
    template
        .trim_start_matches('/')
        .split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Param {
                    name: name.to_owned(),
                    integer: param_type(methods, name).as_deref() == Some("integer"),
                },
                None => Segment::Literal(segment.to_owned()),
            },
        )
        .collect()
}

/// The schema type of path parameter `name` in any operation of a path.
fn param_type(methods: Option<&Value>, name: &str) -> Option<String> {
    methods?.as_object()?.values().find_map(|operation| {
        operation["parameters"]
            .as_array()?
            .iter()
            .find_map(|parameter| {
                (parameter["name"] == name && parameter["in"] == "path")
                    .then(|| parameter["schema"]["type"].as_str().map(str::to_owned))
                    .flatten()
            })
    })
}
