//! Lowering: the loaded schema files become *shapes*, the distinct types of the module.
//!
//! Each schema is read once, from the roots and `$ref` targets down, and reduced to the
//! structure typify maps to Rust: an object with properties, an enum or a union becomes a
//! shape of its own (a struct, an enum, an untagged enum) and is referred to by
//! `{"$ref": "@<id>"}`; arrays, maps and primitives stay inline. On the way:
//! - `allOf` parts are merged and the keywords beside a `oneOf`/`anyOf` go into its branches
//!   ([`merge`](crate::merge)), so typify merges nothing;
//! - `null` is taken out of types, enums and unions and kept as a flag of the use, so a
//!   nullable object is the same shape as its non-null twin and the field is an `Option`;
//! - branches that cannot be told apart (`anyOf` of a string and the string `""`, `oneOf`
//!   of the `ipv4` and `ipv6` formats) collapse into one;
//! - what a type does not enforce (descriptions, `format` but `date-time`, string lengths and
//!   patterns, array sizes) is left to the documentation and to validation.
//!
//! Identical shapes are one shape (hash-consing on their structure): a `{"href"}` object
//! written 70 times is one type. Where each shape is used, and what its branches are called,
//! is recorded for [`naming`](crate::naming).

mod compound;
mod intern;
mod schema;
mod shapes;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{json, Map, Value};

use crate::direction::Direction;
use crate::docs::describe;
use crate::error::{Error, MissingRef, Result};
use crate::keywords::{check_shapes, is_object};
use crate::load::{Loaded, RefTarget};
use crate::location::Location;
use crate::merge::{self, Deref};
use crate::reach;

pub(crate) use shapes::{shape_ref, shape_schema, Kind, Shape, ShapeId, Shapes, Step, Use};

use schema::{any, bare_reference, json_kind, primitive, types, with_null};

/// What a schema lowers to where it is used.
#[derive(Debug, Clone)]
pub(super) struct Lowered {
    /// The inline schema: a `$ref` to a shape, or an array, map or primitive.
    pub(super) schema: Value,
    /// Whether `null` is also allowed there.
    pub(super) nullable: bool,
}

/// Lowers the root of every file of `loaded`, every `$ref` target they need and the naming
/// table's locations.
pub(crate) fn lower(loaded: &Loaded, extra_named: &[Location]) -> Result<Shapes> {
    let mut lowerer = Lowerer {
        loaded,
        directions: reach::directions(loaded),
        direction: Direction::Both,
        out: Shapes {
            missing: loaded.missing.clone(),
            ..Shapes::default()
        },
        interned: HashMap::new(),
        recorded: HashSet::new(),
        depth: 0,
    };
    for file in loaded.roots.iter().chain(loaded.files.keys()) {
        lowerer.named(&Location::root(file.clone()))?;
    }
    for location in extra_named {
        if lowerer.value_at(location).is_some() && !lowerer.out.located.contains_key(location) {
            lowerer.named(location)?;
        }
    }
    Ok(lowerer.out)
}

/// How deep lowering recurses before a schema is taken as "any value" (a cycle that no
/// `$ref` breaks cannot occur in parsed JSON, so this only bounds pathological input).
const MAX_DEPTH: usize = 200;

struct Lowerer<'a> {
    loaded: &'a Loaded,
    /// The direction of every named location reached from a file that names one.
    directions: BTreeMap<Location, Direction>,
    /// The direction of the named location being lowered.
    direction: Direction,
    out: Shapes,
    /// Canonical structure → shape.
    interned: HashMap<String, ShapeId>,
    /// The uses recorded so far, so that a location lowered twice is one use.
    recorded: HashSet<(ShapeId, Location)>,
    depth: usize,
}

impl Deref for Lowerer<'_> {
    fn target(&mut self, at: &Location, reference: &str) -> Option<(Location, Value)> {
        let target = self.target_of(at, reference)?;
        let value = self.value_at(&target)?.clone();
        Some((target, value))
    }
}

impl Lowerer<'_> {
    /// The schema written at `location`.
    fn value_at(&self, location: &Location) -> Option<&Value> {
        self.loaded
            .files
            .get(&location.file)?
            .pointer(&location.pointer)
    }

    /// Where `reference` (written at `at`) points, recording it as missing when it points
    /// nowhere.
    fn target_of(&mut self, at: &Location, reference: &str) -> Option<Location> {
        let target = RefTarget::resolve(&at.file, reference);
        let file = target.file?;
        let location = Location {
            file,
            pointer: target.pointer,
        };
        if self.value_at(&location).is_some() {
            return Some(location);
        }
        let resolved = if self.loaded.files.contains_key(&location.file) {
            format!("{location}").into()
        } else {
            location.file.clone()
        };
        let missing = MissingRef {
            file: at.file.clone(),
            pointer: at.pointer.clone(),
            target: reference.to_owned(),
            resolved,
        };
        let known = self
            .out
            .missing
            .iter()
            .any(|m| m.file == missing.file && m.target == missing.target);
        if !known {
            self.out.missing.push(missing);
        }
        None
    }

    /// The shape of the named location `location`, lowered on first use.
    fn named(&mut self, location: &Location) -> Result<ShapeId> {
        if let Some(id) = self.out.named.get(location) {
            return Ok(*id);
        }
        let id = self.push(Kind::Pending, Value::Null, location.clone());
        self.out.named.insert(location.clone(), id);
        let value = self
            .value_at(location)
            .cloned()
            .unwrap_or(Value::Bool(true));
        let outer = self.direction;
        self.direction = self
            .directions
            .get(location)
            .copied()
            .unwrap_or(Direction::Both);
        let result = self.lower_named(id, location, &value);
        self.direction = outer;
        result
    }

    /// Lowers the named location `location`, whose pending shape is `id`, in its direction.
    fn lower_named(&mut self, id: ShapeId, location: &Location, value: &Value) -> Result<ShapeId> {
        let lowered = self.lower(location, value, location, &[])?;
        if lowered.nullable {
            self.out.nullable.insert(location.clone());
        }
        let target = match shape_ref(&lowered.schema) {
            Some(target) => self.out.resolve(target),
            None => self.intern(Kind::Other, lowered.schema, Vec::new(), location.clone()),
        };
        if target != id {
            self.out.alias.insert(id, target);
        }
        let doc = value.as_object().and_then(describe);
        if let Some(doc) = &doc {
            self.out.docs.insert(location.clone(), doc.clone());
        }
        let aliased = bare_reference(value).and_then(|r| self.target_of(location, r));
        if let Some(aliased) = aliased.filter(|a| a != location) {
            self.out.aliases.insert(location.clone(), aliased);
            return Ok(id);
        }
        let shape = &mut self.out.shapes[target];
        if shape.doc.is_none() {
            shape.doc = doc;
        }
        if !shape.named.contains(location) {
            shape.named.push(location.clone());
            if shape.uses.is_empty() && shape.named.len() == 1 {
                shape.origin = location.clone();
            }
        }
        Ok(id)
    }

    /// Lowers the schema `value` written at `at`, which lies at `path` below the type whose
    /// schema is written at `owner`.
    fn lower(
        &mut self,
        at: &Location,
        value: &Value,
        owner: &Location,
        path: &[Step],
    ) -> Result<Lowered> {
        let Some(map) = value.as_object() else {
            return Ok(Lowered {
                schema: json!({}),
                nullable: value != &Value::Bool(false),
            });
        };
        if self.depth > MAX_DEPTH {
            return Ok(any());
        }
        check_shapes(map).map_err(|reason| Error::InvalidSchema {
            file: at.file.clone(),
            pointer: at.pointer.clone(),
            reason,
        })?;
        self.depth += 1;
        let lowered = self.lower_map(at, map, owner, path);
        self.depth -= 1;
        lowered
    }

    fn lower_map(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        owner: &Location,
        path: &[Step],
    ) -> Result<Lowered> {
        if let Some(Value::String(reference)) = map.get("$ref") {
            return self.reference(at, reference);
        }
        if map.contains_key("allOf") {
            let merged = merge::all_of(at, map, self);
            return self.lower_map(at, &merged, owner, path);
        }
        for keyword in ["oneOf", "anyOf"] {
            if map.contains_key(keyword) {
                return self.union(at, map, keyword, owner, path);
            }
        }
        let types = types(map);
        let nullable = types.contains("null");
        if let Some(values) = map.get("enum").and_then(Value::as_array) {
            let values: Vec<Value> = values
                .iter()
                .filter(|v| {
                    types.is_empty()
                        || types.contains(json_kind(v))
                        || (json_kind(v) == "number" && types.contains("integer"))
                })
                .cloned()
                .collect();
            let kinds: BTreeSet<&str> = values
                .iter()
                .filter(|v| !v.is_null())
                .map(json_kind)
                .collect();
            if kinds.len() > 1 {
                let branches: Vec<Value> = kinds
                    .iter()
                    .map(|kind| {
                        let of_kind: Vec<&Value> =
                            values.iter().filter(|v| json_kind(v) == *kind).collect();
                        json!({"type": kind, "enum": of_kind})
                    })
                    .chain(
                        values
                            .iter()
                            .any(Value::is_null)
                            .then(|| json!({"type": "null"})),
                    )
                    .collect();
                let mut union = map.clone();
                union.remove("enum");
                union.remove("type");
                union.insert("oneOf".to_owned(), Value::Array(branches));
                return self.union(at, &union, "oneOf", owner, path);
            }
            return Ok(self.enumeration(at, map, &values, &types, owner, path));
        }
        if is_object(map) {
            let properties = map.get("properties").and_then(Value::as_object);
            let closed = !self.direction.lenient()
                && map.get("additionalProperties") == Some(&Value::Bool(false))
                && !map.contains_key("patternProperties");
            if properties.is_some_and(|p| !p.is_empty()) || closed {
                let (schema, fields) = self.object(at, map)?;
                let id = self.hoist(Kind::Struct, schema, at, owner, path, describe(map));
                if self.out.shapes[id].fields.is_empty() {
                    self.out.shapes[id].fields = fields;
                }
                return Ok(Lowered {
                    schema: shape_schema(id),
                    nullable,
                });
            }
            let values = match map.get("additionalProperties") {
                Some(schema @ Value::Object(_)) => {
                    let lowered = self.lower(
                        &at.child(&["additionalProperties"]),
                        schema,
                        owner,
                        &[path, &[Step::Values]].concat(),
                    )?;
                    with_null(lowered)
                }
                _ => json!({}),
            };
            return Ok(Lowered {
                schema: json!({"type": "object", "additionalProperties": values}),
                nullable: types.contains("null"),
            });
        }
        if types.contains("array") {
            let items = match map.get("items") {
                Some(schema @ Value::Object(_)) => {
                    let lowered = self.lower(
                        &at.child(&["items"]),
                        schema,
                        owner,
                        &[path, &[Step::Items]].concat(),
                    )?;
                    with_null(lowered)
                }
                _ => json!({}),
            };
            return Ok(Lowered {
                schema: json!({"type": "array", "items": items}),
                nullable: types.contains("null"),
            });
        }
        Ok(primitive(map, &types))
    }

    /// A `$ref`: the shape of the named location it points to, or any value when it points
    /// nowhere (recorded as missing).
    fn reference(&mut self, at: &Location, reference: &str) -> Result<Lowered> {
        let Some(target) = self.target_of(at, reference) else {
            return Ok(any());
        };
        let id = self.named(&target)?;
        let id = self.out.resolve(id);
        Ok(Lowered {
            schema: shape_schema(id),
            nullable: self.out.nullable.contains(&target),
        })
    }
}
