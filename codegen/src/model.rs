//! The model of one module: every type with its name, its schema for typify, its docs and
//! what the post-passes need to know, built from the loaded files by
//! [lowering](crate::lower) and [naming](crate::naming).

use std::collections::{BTreeMap, BTreeSet};

use pce_schema_repairs::walk::for_each_subschema_mut;
use serde_json::{json, Value};

use crate::direction::Direction;
use crate::error::{Error, Result};
use crate::keywords::{admits_null, is_object, strings};
use crate::load::Loaded;
use crate::location::Location;
use crate::lower::{self, Kind};
use crate::naming::{self, Alias, Fallback};
use crate::settings::Settings;

/// How a property of an object type may appear in a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Always present.
    Required,
    /// Always present, and may be `null`.
    RequiredOrNull,
    /// May be absent; `null` is not allowed.
    Optional,
    /// May be absent or `null`, which mean different things to the PCE.
    OptionalOrNull,
}

/// The type of a schema file's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootType {
    /// The file, relative to the bundle folder.
    pub file: std::path::PathBuf,
    /// The type's name.
    pub name: String,
    /// Whether the schema also admits `null`, which the type does not hold: a payload of
    /// the file decodes as `Option<name>`.
    pub nullable: bool,
    /// The type of its items, when the root is an array of a named type.
    pub items: Option<String>,
}

/// What tells the branches of a union apart, for a `Deserialize` that reads the object once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Discriminator {
    /// A property every branch requires, whose string `enum`s are disjoint: each branch's
    /// values, in branch order.
    Value {
        /// The JSON property.
        property: String,
        /// The values that pick each branch.
        values: Vec<Vec<String>>,
    },
    /// A property each branch requires and no other branch requires, in branch order: the
    /// first of them the object has picks its branch.
    Key {
        /// The JSON property of each branch.
        properties: Vec<String>,
    },
}

/// One generated type.
#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    /// What it becomes.
    pub kind: Kind,
    /// Which way its payloads travel.
    pub direction: Direction,
    /// Its schema for typify, `$ref`s as `#/definitions/<Name>`.
    pub schema: Value,
    /// Where its schema is written.
    pub origin: Location,
    /// Its doc text from the schema.
    pub doc: Option<String>,
    /// A struct's JSON property → doc text.
    pub fields: BTreeMap<String, String>,
    /// A union's branch names, in order.
    pub variants: Vec<String>,
    /// What tells a union's branches apart, when a property does.
    pub discriminator: Option<Discriminator>,
}

/// Everything the renderer needs.
#[derive(Debug, Default)]
pub(crate) struct Model {
    /// Type name → its definition.
    pub types: BTreeMap<String, TypeDef>,
    /// Struct name → JSON property name → presence.
    pub objects: BTreeMap<String, BTreeMap<String, Presence>>,
    /// Named schemas that are another type by another name.
    pub aliases: Vec<Alias>,
    /// The type name at each named location and anonymous use.
    pub by_location: BTreeMap<Location, String>,
    /// The root type of each schema file.
    pub roots: Vec<RootType>,
    /// Names that fell back to a position.
    pub fallbacks: Vec<Fallback>,
    /// Each object read from a collection → the type of the body that updates it (types,
    /// not aliases).
    pub updates: BTreeMap<String, String>,
    /// Things the caller should know: repairs applied, `$ref`s generated as values.
    pub warnings: Vec<String>,
    /// What earlier releases lacked, for the "since" docs.
    pub history: crate::History,
}

/// Builds the model of `loaded`.
pub(crate) fn build(loaded: &Loaded, settings: &Settings) -> Result<Model> {
    let table: Vec<Location> = settings
        .names
        .keys()
        .map(|(file, pointer)| Location {
            file: file.clone(),
            pointer: pointer.clone(),
        })
        .collect();
    let shapes = lower::lower(loaded, &table)?;
    if !shapes.missing.is_empty() && !settings.allow_missing_refs {
        return Err(Error::MissingRefs {
            missing: shapes.missing.clone(),
        });
    }
    let naming = naming::assign(&shapes, loaded, settings)?;
    let name_of = |id: usize| {
        naming
            .names
            .get(&shapes.resolve(id))
            .cloned()
            .unwrap_or_default()
    };
    let mut types = BTreeMap::new();
    for (id, shape) in shapes.emitted() {
        let mut schema = shape.schema.clone();
        rename_refs(&mut schema, &name_of);
        mark_formats(&mut schema, shape.direction.lenient());
        let def = TypeDef {
            kind: shape.kind,
            direction: shape.direction,
            schema,
            origin: shape.origin.clone(),
            doc: shape.doc.clone(),
            fields: shape.fields.clone(),
            variants: naming.variants.get(&id).cloned().unwrap_or_default(),
            discriminator: None,
        };
        types.insert(name_of(id), def);
    }
    for twin in &naming.twins {
        let Some(def) = types.get(&name_of(twin.shape)).cloned() else {
            continue;
        };
        let def = TypeDef {
            origin: twin.origin.clone(),
            doc: shapes.docs.get(&twin.origin).cloned(),
            ..def
        };
        types.insert(twin.name.clone(), def);
    }
    let mut warnings: Vec<String> = repair_warnings(loaded);
    warnings.extend(
        shapes
            .missing
            .iter()
            .map(|m| format!("{m}: generated as serde_json::Value")),
    );
    let discriminators: Vec<(String, Discriminator)> = types
        .iter()
        .filter(|(_, def)| def.kind == Kind::Union)
        .filter_map(|(name, def)| Some((name.clone(), discriminator(&def.schema, &types)?)))
        .collect();
    for (name, found) in discriminators {
        if let Some(def) = types.get_mut(&name) {
            def.discriminator = Some(found);
        }
    }
    let objects = objects(&types);
    let roots = loaded
        .files
        .keys()
        .filter_map(|file| {
            let root = Location::root(file.clone());
            let name = naming.by_location.get(&root)?.clone();
            Some(RootType {
                file: file.clone(),
                items: array_items(&name, &types, &naming.aliases),
                name,
                nullable: shapes.nullable.contains(&root),
            })
        })
        .collect();
    let updates = naming
        .updates
        .iter()
        .filter_map(|(item, update)| {
            let item = naming.by_location.get(item)?;
            let update = naming.by_location.get(update)?;
            let (item, update) = (
                alias_target(item, &naming.aliases),
                alias_target(update, &naming.aliases),
            );
            Some((item.to_owned(), update.to_owned()))
        })
        .collect();
    Ok(Model {
        types,
        objects,
        updates,
        aliases: naming.aliases,
        by_location: naming.by_location,
        roots,
        fallbacks: naming.fallbacks,
        warnings,
        history: settings.history.clone(),
    })
}

/// The type the alias `name` stands for, or `name` when it is no alias.
fn alias_target<'a>(name: &'a str, aliases: &'a [Alias]) -> &'a str {
    aliases
        .iter()
        .find(|alias| alias.name == name)
        .map_or(name, |alias| alias.target.as_str())
}

/// The named type of the items of `name`, when it is (an alias of) an array of one.
fn array_items(name: &str, types: &BTreeMap<String, TypeDef>, aliases: &[Alias]) -> Option<String> {
    let schema = &types.get(alias_target(name, aliases))?.schema;
    if schema.get("type")? != "array" {
        return None;
    }
    let reference = schema.get("items")?.get("$ref")?.as_str()?;
    reference.strip_prefix("#/definitions/").map(str::to_owned)
}

/// One line per repair: its name, how often it was applied and where first.
fn repair_warnings(loaded: &Loaded) -> Vec<String> {
    let mut by_repair: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (file, applied) in &loaded.repairs {
        let at = Location {
            file: file.clone(),
            pointer: applied.pointer.clone(),
        };
        by_repair
            .entry(applied.repair)
            .or_default()
            .push(at.to_string());
    }
    by_repair
        .into_iter()
        .map(|(repair, places)| {
            let shown: Vec<&str> = places.iter().take(3).map(String::as_str).collect();
            let more = places.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "repair `{repair}` applied {} time(s): {}{more}",
                places.len(),
                shown.join(", ")
            )
        })
        .collect()
}

/// Rewrites every `{"$ref": "@<id>"}` in `schema` to `#/definitions/<name>`.
/// The `format` an object's `href` property is given, which typify converts to
/// `illumio_pce_lenient::Href` (see [`typify_run`](crate::typify_run)).
pub(crate) const HREF_FORMAT: &str = "pce-href";

/// The `format` a response's `date-time` strings are given, which typify converts to
/// `illumio_pce_lenient::Timestamp`.
pub(crate) const TIMESTAMP_FORMAT: &str = "pce-date-time";

/// The formats typify converts, in `schema` and every subschema of it:
/// - an `href` property that is a plain string gets [`HREF_FORMAT`] (every object the PCE
///   answers has its href there, and every reference between objects is one);
/// - a `date-time` string of a type read leniently gets [`TIMESTAMP_FORMAT`] (its value a
///   `Timestamp`; one that does not parse is kept in `extra`, as any value that does not
///   fit), of a request loses its format (a plain string).
fn mark_formats(schema: &mut Value, lenient: bool) {
    let Value::Object(map) = schema else {
        return;
    };
    if let Some(Value::Object(href)) = map.get_mut("properties").and_then(|p| p.get_mut("href")) {
        let plain = href.get("type") == Some(&json!("string"))
            && href
                .keys()
                .all(|k| matches!(k.as_str(), "type" | "description" | "title"));
        if plain {
            href.insert("format".to_owned(), json!(HREF_FORMAT));
        }
    }
    if map.get("format") == Some(&json!("date-time")) {
        if lenient {
            map.insert("format".to_owned(), json!(TIMESTAMP_FORMAT));
        } else {
            map.remove("format");
        }
    }
    for_each_subschema_mut(map, |_, sub| mark_formats(sub, lenient));
}

fn rename_refs(schema: &mut Value, name_of: &dyn Fn(usize) -> String) {
    match schema {
        Value::Object(map) => {
            let id = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('@'))
                .and_then(|id| id.parse::<usize>().ok());
            if let Some(id) = id {
                map.insert(
                    "$ref".to_owned(),
                    json!(format!("#/definitions/{}", name_of(id))),
                );
            }
            for value in map.values_mut() {
                rename_refs(value, name_of);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, name_of)),
        _ => {}
    }
}

/// What tells the branches of the union `schema` apart, when each branch is a struct and a
/// property does.
fn discriminator(schema: &Value, types: &BTreeMap<String, TypeDef>) -> Option<Discriminator> {
    let target = |reference: &Value| {
        reference
            .get("$ref")?
            .as_str()?
            .strip_prefix("#/definitions/")
            .and_then(|name| types.get(name))
    };
    let branches: Vec<&TypeDef> = schema
        .get("oneOf")?
        .as_array()?
        .iter()
        .map(target)
        .collect::<Option<_>>()?;
    if branches.len() < 2 || branches.iter().any(|b| b.kind != Kind::Struct) {
        return None;
    }
    let required = |def: &TypeDef| strings(&def.schema, "required");
    let enum_values = |def: &TypeDef, property: &str| -> Option<Vec<String>> {
        let values = target(def.schema.get("properties")?.get(property)?)
            .filter(|t| matches!(t.kind, Kind::Enum | Kind::OpenEnum))
            .filter(|t| t.schema.get("type").is_none_or(|t| t == "string"))?
            .schema
            .get("enum")?
            .as_array()?;
        let values: Option<Vec<String>> = values
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect();
        values.filter(|v| !v.is_empty())
    };
    let first = branches[0];
    for property in required(first) {
        let Some(values) = branches
            .iter()
            .map(|b| {
                required(b)
                    .contains(&property)
                    .then(|| enum_values(b, &property))
                    .flatten()
            })
            .collect::<Option<Vec<Vec<String>>>>()
        else {
            continue;
        };
        let all: Vec<&String> = values.iter().flatten().collect();
        let distinct: BTreeSet<&String> = all.iter().copied().collect();
        if distinct.len() == all.len() {
            return Some(Discriminator::Value { property, values });
        }
    }
    let keys: Option<Vec<String>> = branches
        .iter()
        .enumerate()
        .map(|(index, branch)| {
            required(branch).into_iter().find(|property| {
                branches
                    .iter()
                    .enumerate()
                    .all(|(other, o)| other == index || !required(o).contains(property))
            })
        })
        .collect();
    keys.map(|properties| Discriminator::Key { properties })
}

/// The presence of each property of each struct.
fn objects(types: &BTreeMap<String, TypeDef>) -> BTreeMap<String, BTreeMap<String, Presence>> {
    let resolve = |reference: &str| {
        reference
            .strip_prefix("#/definitions/")
            .and_then(|name| types.get(name).map(|t| &t.schema))
    };
    let mut objects = BTreeMap::new();
    for (name, def) in types {
        let Some(map) = def.schema.as_object().filter(|m| is_object(m)) else {
            continue;
        };
        let required: BTreeSet<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(properties) = map.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let presence = properties
            .iter()
            .map(|(property, schema)| {
                let nullable = admits_null(schema, &resolve, 0);
                let presence = if required.contains(property.as_str()) {
                    if nullable {
                        Presence::RequiredOrNull
                    } else {
                        Presence::Required
                    }
                } else if nullable {
                    Presence::OptionalOrNull
                } else {
                    Presence::Optional
                };
                (property.clone(), presence)
            })
            .collect();
        objects.insert(name.clone(), presence);
    }
    objects
}
