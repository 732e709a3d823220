//! Post-pass: read, modify, write. Each object a collection answers (`Workload`) gets
//! `to_update()`, the body of the `PUT` that updates it (`WorkloadUpdate`) with the properties
//! that body's schema has, at every depth, as they were read. What to keep is written here,
//! from the update type's schema, as an `illumio_pce_lenient::Keep`; the runtime projects and
//! decodes.
//!
//! Expects of typify's output only that the object is a `pub struct` of that name (an `impl`
//! block is added beside it; nothing typify wrote is changed).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use syn::{parse_quote, File, Item};

use crate::lower::Kind;
use crate::model::{Model, TypeDef};

/// Adds `to_update()` to each object of `model.updates` that reads leniently.
pub(crate) fn to_update(file: &mut File, model: &Model) {
    for (object, update) in &model.updates {
        let (Some(object_def), Some(update_def)) =
            (model.types.get(object), model.types.get(update))
        else {
            continue;
        };
        if object_def.kind != Kind::Struct || !object_def.direction.lenient() {
            continue;
        }
        let keep = Kept::of(&update_def.schema, &model.types, &mut BTreeSet::new()).tokens();
        let object_ident = format_ident!("{object}");
        let update_ident = format_ident!("{update}");
        let summary = format!(" The body of the `PUT` that updates this object: a [`{update}`]");
        let errors = format!(" When what was read does not make a valid [`{update}`] (a property");
        // `#[inline]`: compiled in the program that calls it, not in the crate for every type.
        let item: Item = parse_quote! {
            impl #object_ident {
                #[doc = #summary]
                /// with the properties its schema has, at every depth, as they were read.
                /// Change what you need, then send it.
                ///
                /// # Errors
                ///
                #[doc = #errors]
                /// its schema requires that the PCE left out, a value it refuses).
                #[inline]
                pub fn to_update(&self) -> ::std::result::Result<#update_ident, ::serde_json::Error> {
                    const KEEP: ::illumio_pce_lenient::Keep = #keep;
                    ::illumio_pce_lenient::update_body(self, &KEEP)
                }
            }
        };
        file.items.push(item);
    }
}

/// What of a value a `PUT` body keeps, as the runtime's `Keep` reads it.
#[derive(Debug, PartialEq)]
enum Kept {
    All,
    Object(Vec<(String, Kept)>),
    Items(Box<Kept>),
    OneOf(Vec<Kept>),
}

impl Kept {
    /// What the value `schema` describes keeps.
    fn of(schema: &Value, types: &BTreeMap<String, TypeDef>, seen: &mut BTreeSet<String>) -> Self {
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/definitions/"))
        {
            let Some(def) = types.get(name) else {
                return Kept::All;
            };
            if !seen.insert(name.to_owned()) {
                return Kept::All;
            }
            let kept = Kept::of(&def.schema, types, seen);
            seen.remove(name);
            return kept;
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            let kept = properties
                .iter()
                .map(|(name, property)| (name.clone(), Kept::of(property, types, seen)))
                .collect();
            return Kept::Object(kept);
        }
        if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
            return match Kept::of(items, types, seen) {
                Kept::All => Kept::All,
                kept => Kept::Items(Box::new(kept)),
            };
        }
        let branches = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| schema.get(*k).and_then(Value::as_array));
        if let Some(branches) = branches {
            let kept: Vec<Kept> = branches.iter().map(|b| Kept::of(b, types, seen)).collect();
            if kept.iter().all(|k| *k == Kept::All) {
                return Kept::All;
            }
            return Kept::OneOf(kept);
        }
        Kept::All
    }

    /// The `illumio_pce_lenient::Keep` expression.
    fn tokens(&self) -> TokenStream {
        match self {
            Kept::All => quote!(::illumio_pce_lenient::Keep::All),
            Kept::Object(properties) => {
                let entries = properties.iter().map(|(name, kept)| {
                    let kept = kept.tokens();
                    quote!((#name, #kept))
                });
                quote!(::illumio_pce_lenient::Keep::Object(&[#(#entries),*]))
            }
            Kept::Items(kept) => {
                let kept = kept.tokens();
                quote!(::illumio_pce_lenient::Keep::Items(&#kept))
            }
            Kept::OneOf(branches) => {
                let branches = branches.iter().map(Kept::tokens);
                quote!(::illumio_pce_lenient::Keep::OneOf(&[#(#branches),*]))
            }
        }
    }
}
