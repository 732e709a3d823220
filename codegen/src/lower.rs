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
//! - what a type does not enforce (descriptions, `format`, string lengths and patterns,
//!   array sizes) is left to the documentation and to validation.
//!
//! Identical shapes are one shape (hash-consing on their structure): a `{"href"}` object
//! written 70 times is one type. Where each shape is used, and what its branches are called,
//! is recorded for [`naming`](crate::naming).

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
use crate::variants::{variant_names, VariantName};

/// Index of a shape in [`Shapes::shapes`].
pub(crate) type ShapeId = usize;

/// What kind of Rust type a shape becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// A struct (an object with properties, or a closed object).
    Struct,
    /// An enum of values (a request's: exactly those).
    Enum,
    /// An enum of values that also keeps a value it does not know (a response's).
    OpenEnum,
    /// An untagged enum of branches.
    Union,
    /// The root of a file or a `$ref` target that is an array, a map or a primitive.
    Other,
    /// A named location while it is being lowered, then an alias of its shape.
    Pending,
}

/// One step from a type to a schema inside it, for positional names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// The value of a property.
    Property(String),
    /// The items of an array.
    Items,
    /// The values of a map.
    Values,
    /// A branch of a union.
    Variant(VariantName),
}

/// A place where an anonymous shape is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Use {
    /// Where it is written.
    pub at: Location,
    /// The type it is written in: where that type's schema is written.
    pub owner: Location,
    /// The steps from the owner to it.
    pub path: Vec<Step>,
}

/// One distinct type.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// What it becomes.
    pub kind: Kind,
    /// Its structure for typify; shapes it refers to are `{"$ref": "@<id>"}`.
    pub schema: Value,
    /// Where it is written anonymously, in the order met.
    pub uses: Vec<Use>,
    /// The named locations (file roots, `$ref` targets) whose schema it is.
    pub named: Vec<Location>,
    /// The names of a union's branches, in order.
    pub variants: Vec<VariantName>,
    /// Where a union's branches are written, in order.
    pub branches: Vec<Location>,
    /// The location whose text documents it: its first named location or use.
    pub origin: Location,
    /// Which way its payloads travel: the join of the named schemas it is lowered in.
    pub direction: Direction,
    /// Its doc text, from the first schema of it that has one.
    pub doc: Option<String>,
    /// A struct's property → its doc text.
    pub fields: BTreeMap<String, String>,
}

/// The result of lowering.
#[derive(Debug, Default)]
pub(crate) struct Shapes {
    /// Every shape; `Pending` ones are aliases, see [`Shapes::resolve`].
    pub shapes: Vec<Shape>,
    /// Every named location → its (possibly pending) shape.
    pub named: BTreeMap<Location, ShapeId>,
    /// Named locations whose schema also admits `null`.
    pub nullable: BTreeSet<Location>,
    /// Named locations that are only a `$ref` to another named location → that location.
    pub aliases: BTreeMap<Location, Location>,
    /// Each named location's own doc text.
    pub docs: BTreeMap<Location, String>,
    /// Every hoisted location → its shape.
    pub located: HashMap<Location, ShapeId>,
    /// `$ref`s whose target does not exist.
    pub missing: Vec<MissingRef>,
    /// Alias of each pending shape.
    alias: HashMap<ShapeId, ShapeId>,
}

impl Shapes {
    /// The shape `id` stands for, following aliases.
    pub fn resolve(&self, mut id: ShapeId) -> ShapeId {
        for _ in 0..self.shapes.len() {
            match self.alias.get(&id) {
                Some(next) => id = *next,
                None => break,
            }
        }
        id
    }

    /// The shapes that become types, in id order.
    pub fn emitted(&self) -> impl Iterator<Item = (ShapeId, &Shape)> {
        self.shapes
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind != Kind::Pending)
    }
}

/// What a schema lowers to where it is used.
#[derive(Debug, Clone)]
struct Lowered {
    /// The inline schema: a `$ref` to a shape, or an array, map or primitive.
    schema: Value,
    /// Whether `null` is also allowed there.
    nullable: bool,
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

    /// An enum: a shape of its values; `null` among them makes the use nullable.
    fn enumeration(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        values: &[Value],
        types: &BTreeSet<String>,
        owner: &Location,
        path: &[Step],
    ) -> Lowered {
        let nullable =
            values.contains(&Value::Null) && (types.is_empty() || types.contains("null"));
        let mut distinct: Vec<Value> = Vec::with_capacity(values.len());
        for value in values.iter().filter(|v| !v.is_null()) {
            if !distinct.contains(value) {
                distinct.push(value.clone());
            }
        }
        let values = distinct;
        let strings = values.iter().all(Value::is_string);
        let schema = if strings {
            json!({"type": "string", "enum": values})
        } else {
            let mut schema = json!({"enum": values});
            let named: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
            if let [one] = named.as_slice() {
                schema["type"] = json!(one);
            }
            schema
        };
        let kind = if strings && self.direction.lenient() {
            Kind::OpenEnum
        } else {
            Kind::Enum
        };
        let id = self.hoist(kind, schema, at, owner, path, describe(map));
        Lowered {
            schema: shape_schema(id),
            nullable,
        }
    }

    /// The structure of an object with properties, and the doc text of each property; a
    /// required name with no schema of its own (`service_bindings_get`'s
    /// `container_workload`) is a property that takes any value.
    fn object(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
    ) -> Result<(Value, BTreeMap<String, String>)> {
        let mut properties = Map::new();
        let mut fields = BTreeMap::new();
        if let Some(props) = map.get("properties").and_then(Value::as_object) {
            for (name, schema) in props {
                if let Some(doc) = schema.as_object().and_then(describe) {
                    fields.insert(name.clone(), doc);
                }
                let lowered = self.lower(
                    &at.child(&["properties", name]),
                    schema,
                    at,
                    &[Step::Property(name.clone())],
                )?;
                properties.insert(name.clone(), with_null(lowered));
            }
        }
        let required: Vec<Value> = map
            .get("required")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for name in required.iter().filter_map(Value::as_str) {
            properties
                .entry(name.to_owned())
                .or_insert_with(|| json!({}));
        }
        let additional = match map.get("additionalProperties") {
            Some(Value::Bool(false))
                if !map.contains_key("patternProperties") && !self.direction.lenient() =>
            {
                json!(false)
            }
            Some(schema @ Value::Object(_)) => {
                let lowered = self.lower(
                    &at.child(&["additionalProperties"]),
                    schema,
                    at,
                    &[Step::Values],
                )?;
                with_null(lowered)
            }
            _ => json!({}),
        };
        let schema = json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": additional
        });
        Ok((schema, fields))
    }

    /// A `oneOf`/`anyOf`: one branch when the others add nothing, else a union shape.
    fn union(
        &mut self,
        at: &Location,
        map: &Map<String, Value>,
        keyword: &str,
        owner: &Location,
        path: &[Step],
    ) -> Result<Lowered> {
        let branches = merge::branches(at, map, keyword, self);
        let mut nullable = branches.iter().any(|b| b.null);
        let mut kept: Vec<merge::Branch> = Vec::new();
        for branch in branches.into_iter().filter(|b| !b.null) {
            if !kept.iter().any(|k| subsumes(&k.schema, &branch.schema)) {
                kept.retain(|k| !subsumes(&branch.schema, &k.schema));
                kept.push(branch);
            }
        }
        if let [only] = kept.as_slice() {
            let lowered = self.lower(&only.at, &only.schema, owner, path)?;
            return Ok(Lowered {
                schema: lowered.schema,
                nullable: nullable || lowered.nullable,
            });
        }
        let names = variant_names(&kept, self);
        let mut lowered_branches: Vec<(Value, VariantName, Location)> = Vec::new();
        for (branch, name) in kept.iter().zip(names) {
            let step = Step::Variant(name.clone());
            let lowered = self.lower(&branch.at, &branch.schema, at, &[step])?;
            nullable |= lowered.nullable && lowered.schema != json!({});
            if !lowered_branches
                .iter()
                .any(|(s, _, _)| *s == lowered.schema)
            {
                lowered_branches.push((lowered.schema, name, branch.at.clone()));
            }
        }
        if let [(only, _, _)] = lowered_branches.as_slice() {
            return Ok(Lowered {
                schema: only.clone(),
                nullable,
            });
        }
        let schemas: Vec<Value> = lowered_branches.iter().map(|(s, _, _)| s.clone()).collect();
        let id = self.hoist(
            Kind::Union,
            json!({"oneOf": schemas}),
            at,
            owner,
            path,
            describe(map),
        );
        let shape = &mut self.out.shapes[id];
        if shape.variants.is_empty() {
            for (_, name, branch_at) in lowered_branches {
                shape.variants.push(name);
                shape.branches.push(branch_at);
            }
        }
        Ok(Lowered {
            schema: shape_schema(id),
            nullable,
        })
    }

    /// The shape of `schema`, recording its use at `at` (unless it is the schema of a named
    /// location itself).
    fn hoist(
        &mut self,
        kind: Kind,
        schema: Value,
        at: &Location,
        owner: &Location,
        path: &[Step],
        doc: Option<String>,
    ) -> ShapeId {
        let uses = if path.is_empty() {
            Vec::new()
        } else {
            vec![Use {
                at: at.clone(),
                owner: owner.clone(),
                path: path.to_vec(),
            }]
        };
        let id = self.intern(kind, schema, uses, at.clone());
        self.out.located.entry(at.clone()).or_insert(id);
        let shape = &mut self.out.shapes[id];
        if shape.doc.is_none() {
            shape.doc = doc;
        }
        id
    }

    /// The shape with this structure, made if new; `uses` are added to it.
    fn intern(&mut self, kind: Kind, schema: Value, uses: Vec<Use>, origin: Location) -> ShapeId {
        let key = format!("{kind:?}:{}", canonical(&schema));
        let id = match self.interned.get(&key) {
            Some(id) => *id,
            None => {
                let id = self.push(kind, schema, origin);
                self.interned.insert(key, id);
                id
            }
        };
        let shape = &mut self.out.shapes[id];
        shape.direction = shape.direction.join(self.direction);
        for new in uses {
            if self.recorded.insert((id, new.at.clone())) {
                self.out.shapes[id].uses.push(new);
            }
        }
        id
    }

    fn push(&mut self, kind: Kind, schema: Value, origin: Location) -> ShapeId {
        self.out.shapes.push(Shape {
            kind,
            schema,
            uses: Vec::new(),
            named: Vec::new(),
            variants: Vec::new(),
            branches: Vec::new(),
            direction: self.direction,
            origin,
            doc: None,
            fields: BTreeMap::new(),
        });
        self.out.shapes.len() - 1
    }
}

/// The `$ref` a schema is nothing but: `{"$ref": …}`, or an `allOf` of one `$ref` with at
/// most a `type` and metadata beside it.
fn bare_reference(value: &Value) -> Option<&str> {
    let map = value.as_object()?;
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        return Some(reference);
    }
    let [only] = map.get("allOf")?.as_array()?.as_slice() else {
        return None;
    };
    let alone = map.keys().all(|k| {
        matches!(
            k.as_str(),
            "allOf" | "type" | "description" | "title" | "$schema" | "id"
        )
    });
    only.get("$ref")
        .and_then(Value::as_str)
        .filter(|_| alone && only.as_object().is_some_and(|o| o.len() == 1))
}

/// Whether every value `b` admits is admitted by `a` as well, for the cases that occur: the
/// same schema once documented differently, or a type beside an enum of that type.
fn subsumes(a: &Value, b: &Value) -> bool {
    const DOCS: [&str; 4] = ["description", "title", "format", "default"];
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return a == b;
    };
    fn constraints(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
        map.iter()
            .filter(|(k, _)| !DOCS.contains(&k.as_str()))
            .collect()
    }
    let (a, b) = (constraints(a), constraints(b));
    if a == b {
        return true;
    }
    let plain_type = matches!(a.as_slice(), [(k, _)] if *k == "type");
    let typed_enum = b.len() == 2
        && b.iter().any(|(k, _)| *k == "enum")
        && b.iter().find(|(k, _)| *k == "type").map(|(_, v)| *v) == a.first().map(|(_, v)| *v);
    plain_type && typed_enum
}

/// The JSON type of a value, integers counted as numbers.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The JSON types a schema names, `null` included (empty: any).
fn types(map: &Map<String, Value>) -> BTreeSet<String> {
    match map.get("type") {
        Some(Value::String(t)) => [t.clone()].into(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// A primitive type, with the integer bounds typify picks an integer type by (only with a
/// minimum: typify 0.8 reads a lone maximum of 65535 as `u16`, refusing negative numbers).
fn primitive(map: &Map<String, Value>, types: &BTreeSet<String>) -> Lowered {
    let named: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    let nullable = types.is_empty() || types.contains("null");
    let mut schema = Map::new();
    match named.as_slice() {
        [] => return any_or(types.contains("null")),
        [one] => {
            schema.insert("type".to_owned(), json!(one));
        }
        many => {
            schema.insert("type".to_owned(), json!(many));
        }
    }
    let has_minimum = map.get("minimum").is_some_and(Value::is_number);
    if named.iter().all(|t| *t == "integer") && has_minimum {
        for bound in ["minimum", "maximum"] {
            if let Some(value) = map.get(bound).filter(|v| v.is_number()) {
                schema.insert(bound.to_owned(), value.clone());
            }
        }
        for (flag, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if map.get(flag) == Some(&Value::Bool(true)) {
                if let Some(value) = schema.remove(bound) {
                    schema.insert(flag.to_owned(), value);
                }
            }
        }
    }
    Lowered {
        schema: Value::Object(schema),
        nullable: nullable && !named.is_empty(),
    }
}

/// Any value (`serde_json::Value`).
fn any() -> Lowered {
    Lowered {
        schema: json!({}),
        nullable: true,
    }
}

/// Any value, or only `null`.
fn any_or(only_null: bool) -> Lowered {
    if only_null {
        Lowered {
            schema: json!({"type": "null"}),
            nullable: false,
        }
    } else {
        any()
    }
}

/// The inline schema of a use, `null` added where it is allowed.
fn with_null(lowered: Lowered) -> Value {
    if !lowered.nullable || lowered.schema == json!({}) {
        return lowered.schema;
    }
    let mut schema = lowered.schema;
    match schema.get_mut("type") {
        Some(Value::String(t)) => {
            let t = t.clone();
            schema["type"] = json!([t, "null"]);
            schema
        }
        Some(Value::Array(ts)) => {
            ts.push(json!("null"));
            schema
        }
        _ => json!({"oneOf": [schema, {"type": "null"}]}),
    }
}

/// `{"$ref": "@<id>"}`.
pub(crate) fn shape_schema(id: ShapeId) -> Value {
    json!({ "$ref": format!("@{id}") })
}

/// The shape a `{"$ref": "@<id>"}` names.
pub(crate) fn shape_ref(schema: &Value) -> Option<ShapeId> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('@'))
        .and_then(|id| id.parse().ok())
}

/// A JSON text of `value` with object keys sorted, whatever the map's order.
fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (index, (key, value)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_beside_an_enum_of_that_type_takes_it_in() {
        assert!(subsumes(
            &json!({"type": "string"}),
            &json!({"type": "string", "enum": [""]})
        ));
        assert!(subsumes(
            &json!({"format": "ipv4", "pattern": "x"}),
            &json!({"format": "ipv6", "pattern": "x"})
        ));
        assert!(!subsumes(
            &json!({"type": "string", "enum": [""]}),
            &json!({"type": "string"})
        ));
        assert!(!subsumes(
            &json!({"type": "integer"}),
            &json!({"type": "string"})
        ));
    }

    #[test]
    fn canonical_text_ignores_key_order() {
        let a: Value =
            serde_json::from_str(r#"{"b": 1, "a": [{"d": 2, "c": 3}]}"#).unwrap_or_default();
        assert_eq!(canonical(&a), r#"{"a":[{"c":3,"d":2}],"b":1}"#);
    }
}
