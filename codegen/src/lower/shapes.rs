//! The shapes lowering makes: the distinct types of a module, where each is used, and how a
//! use refers to one (`{"$ref": "@<id>"}`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Value};

use crate::direction::Direction;
use crate::error::MissingRef;
use crate::location::Location;
use crate::variants::VariantName;

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
    pub(super) alias: HashMap<ShapeId, ShapeId>,
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
