//! Lowering the schemas that become shapes of their own: enums, objects and unions, and
//! the inline schemas hoisted into one.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::schema::{subsumes, with_null};
use super::{shape_schema, Kind, Lowered, Lowerer, ShapeId, Step, Use};
use crate::docs::describe;
use crate::error::Result;
use crate::location::Location;
use crate::merge;
use crate::variants::{variant_names, VariantName};

impl Lowerer<'_> {
    /// An enum: a shape of its values; `null` among them makes the use nullable.
    pub(super) fn enumeration(
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
    pub(super) fn object(
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
    pub(super) fn union(
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
    pub(super) fn hoist(
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
}
