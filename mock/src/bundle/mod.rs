//! `mock-pce --bundle DIR`: every operation of a release bundle's `openapi.json`, served from a
//! generic in-memory store of objects keyed by `href`.
//!
//! - A collection (a path with an instance path `…/{id}` below it): `GET` lists the objects
//!   directly below it with `X-Total-Count`; `POST` stores the body with a new `href` (the
//!   next integer, or a UUID where the instance parameter is a string) and answers 201 with
//!   the new object.
//! - An instance (a path ending in a parameter): `GET`, `PUT` (merges the body's properties)
//!   and `DELETE` work on the stored object, 404 when there is none (tests insert objects with
//!   [`MockPce::insert`](crate::MockPce::insert)).
//! - Anything else (settings, reports, actions) always exists: `PUT` stores its body there.
//!
//! Request bodies are validated against the operation's request schema (406 with the PCE's
//! `input_validation_error` when invalid). Every JSON answer is the stored object seen
//! through the response schema and is validated against it before it is sent; an answer the
//! mock cannot make valid is a 500 naming the schema (a bug of the mock, which tests catch).
//! The 4 downloads without a schema answer the stored object's JSON as
//! `application/octet-stream`.

mod example;
mod index;
mod render;
mod schemas;

use std::io;
use std::path::Path;

use hyper::Method;
use serde_json::Value;

pub(crate) use index::{Operation, Resource};
pub(crate) use render::{answer, render};
pub(crate) use schemas::{Place, Schemas};

/// A loaded bundle: its schemas and the operations of its index.
#[derive(Debug)]
pub(crate) struct Bundle {
    /// The schema files, repaired.
    pub(crate) schemas: Schemas,
    /// The operations, in index order.
    pub(crate) operations: Vec<Operation>,
    /// The release, from the index's `info.version` (`25.2.20-2` is `25.2.20`).
    pub(crate) release: Option<String>,
}

/// What a request path is in the bundle's index.
#[derive(Debug)]
pub(crate) enum Found<'a> {
    /// The operation of this method on the best-matching path.
    Operation(&'a Operation, Vec<(String, String)>),
    /// The path is known but not with this method: the methods it takes.
    OtherMethods(Vec<&'a Method>),
}

impl Bundle {
    /// Reads `dir/openapi.json` and the schemas of `dir/v2` and `dir/common`.
    pub(crate) fn load(dir: &Path) -> io::Result<Self> {
        let index_path = dir.join("openapi.json");
        let index: Value = serde_json::from_slice(&std::fs::read(&index_path)?)
            .map_err(|e| io::Error::other(format!("{}: {e}", index_path.display())))?;
        let schemas = Schemas::load(dir)?;
        let operations = index::operations(&index, &schemas);
        let release = index
            .pointer("/info/version")
            .and_then(Value::as_str)
            .map(|version| version.split('-').next().unwrap_or(version).to_owned());
        Ok(Self {
            schemas,
            operations,
            release,
        })
    }

    /// The operation for `method` on `path` (below `/api/v2`, e.g. `/orgs/1/labels`): of the
    /// templates that match, the one with the most literal segments (`labels/usage` over
    /// `labels/{id}`).
    pub(crate) fn find(&self, method: &Method, path: &str) -> Option<Found<'_>> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut matching: Vec<(&Operation, Vec<(String, String)>)> = self
            .operations
            .iter()
            .filter_map(|op| Some((op, op.matches(&segments)?)))
            .collect();
        let best = matching.iter().map(|(op, _)| op.literals()).max()?;
        matching.retain(|(op, _)| op.literals() == best);
        if let Some(index) = matching.iter().position(|(op, _)| op.method == *method) {
            let (op, params) = matching.swap_remove(index);
            return Some(Found::Operation(op, params));
        }
        Some(Found::OtherMethods(
            matching.iter().map(|(op, _)| &op.method).collect(),
        ))
    }

    /// The `GET` of `template`, if the index has one.
    pub(crate) fn get_of(&self, template: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|op| op.method == Method::GET && op.template == template)
    }

    /// The schema of one item of the collection `template`: its `GET`'s schema when that
    /// describes one object, the schema's `items` when it describes the array.
    pub(crate) fn item_place(&self, template: &str) -> Option<Place> {
        let file = self.get_of(template)?.response.as_deref()?;
        Some(self.one_of_array(file))
    }

    /// `file`, or its `items` when it describes an array.
    pub(crate) fn one_of_array(&self, file: &str) -> Place {
        let place = Place::file(file);
        match self.schemas.get(&place) {
            Some(schema) if schema["type"] == "array" => place.child(&["items"]),
            _ => place,
        }
    }

    /// The schema a `GET` of one instance answers with: its schema, or one item of it when
    /// the collection above names the same array schema.
    pub(crate) fn instance_place(&self, operation: &Operation) -> Option<Place> {
        let file = operation.response.as_deref()?;
        let parent = operation
            .template
            .rsplit_once('/')
            .map(|(parent, _)| parent);
        let shared_with_collection = parent
            .and_then(|p| self.get_of(p))
            .and_then(|g| g.response.as_deref())
            == Some(file);
        Some(if shared_with_collection {
            self.one_of_array(file)
        } else {
            Place::file(file)
        })
    }
}
