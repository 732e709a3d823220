//! Which way each named schema travels: the [`Direction`] of every file root and `$ref`
//! target, found by following `$ref`s from the files whose names tell their direction.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use pce_schema_repairs::walk::for_each_subschema;
use serde_json::Value;

use crate::direction::Direction;
use crate::load::{Loaded, RefTarget};
use crate::location::Location;

/// The direction of every named location reached from a file root (unreached ones travel
/// both ways).
pub(crate) fn directions(loaded: &Loaded) -> BTreeMap<Location, Direction> {
    let mut reached: BTreeMap<Location, (bool, bool)> = BTreeMap::new();
    for file in loaded.files.keys() {
        let Some(direction) = Direction::named(file) else {
            continue;
        };
        let mut queue = VecDeque::from([Location::root(file.clone())]);
        let mut seen = BTreeSet::new();
        while let Some(location) = queue.pop_front() {
            if !seen.insert(location.clone()) {
                continue;
            }
            let mark = reached.entry(location.clone()).or_default();
            match direction {
                Direction::Request => mark.0 = true,
                Direction::Response => mark.1 = true,
                Direction::Both => *mark = (true, true),
            }
            queue.extend(refs_of(loaded, &location));
        }
    }
    reached
        .into_iter()
        .map(|(location, marks)| {
            let direction = match marks {
                (true, false) => Direction::Request,
                (false, true) => Direction::Response,
                _ => Direction::Both,
            };
            (location, direction)
        })
        .collect()
}

/// The locations the `$ref`s written in the schema at `location` name (not those of its
/// `definitions`, which are schemas of their own).
fn refs_of(loaded: &Loaded, location: &Location) -> Vec<Location> {
    let Some(value) = loaded
        .files
        .get(&location.file)
        .and_then(|v| v.pointer(&location.pointer))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect(&location.file, value, &mut out);
    out
}

fn collect(file: &std::path::Path, schema: &Value, out: &mut Vec<Location>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(Value::String(reference)) = map.get("$ref") {
        let target = RefTarget::resolve(file, reference);
        if let Some(target_file) = target.file {
            out.push(Location {
                file: target_file,
                pointer: target.pointer,
            });
        }
    }
    let _ = for_each_subschema::<()>(map, |tokens, sub| {
        if tokens[0] != "definitions" {
            collect(file, sub, out);
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn loaded(files: &[(&str, Value)]) -> Loaded {
        Loaded {
            files: files
                .iter()
                .map(|(f, v)| (std::path::PathBuf::from(f), v.clone()))
                .collect(),
            roots: Vec::new(),
            missing: Vec::new(),
            repairs: Vec::new(),
            routes: Vec::new(),
        }
    }

    #[test]
    fn a_schema_travels_the_ways_of_the_files_that_reach_it() {
        let files = loaded(&[
            (
                "v2/labels_get.schema.json",
                json!({"items": {"$ref": "label.schema.json"}}),
            ),
            (
                "v2/labels_put.schema.json",
                json!({"properties": {"l": {"$ref": "../common/href.schema.json"}}}),
            ),
            (
                "v2/label.schema.json",
                json!({"properties": {"href": {"$ref": "../common/href.schema.json"}, "kind": {"$ref": "#/definitions/kind"}}, "definitions": {"kind": {}, "unused": {"$ref": "other.schema.json"}}}),
            ),
            ("common/href.schema.json", json!({"type": "string"})),
            ("v2/other.schema.json", json!({})),
        ]);
        let found = directions(&files);
        let at = |file: &str, pointer: &str| {
            found
                .get(&Location {
                    file: file.into(),
                    pointer: pointer.into(),
                })
                .copied()
        };
        assert_eq!(at("v2/label.schema.json", ""), Some(Direction::Response));
        assert_eq!(
            at("v2/label.schema.json", "/definitions/kind"),
            Some(Direction::Response)
        );
        assert_eq!(at("common/href.schema.json", ""), Some(Direction::Both));
        assert_eq!(
            at("v2/labels_put.schema.json", ""),
            Some(Direction::Request)
        );
        assert_eq!(at("v2/other.schema.json", ""), None);
    }
}
