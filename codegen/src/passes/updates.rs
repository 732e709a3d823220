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
        let object = resolve(object, model);
        let update = resolve(update, model);
        let (Some(object_def), Some(update_def)) =
            (model.types.get(object), model.types.get(update))
        else {
            continue;
        };
        if object_def.kind != Kind::Struct || !object_def.direction.lenient() {
            continue;
        }
        let keep = keep(&update_def.schema, &model.types, &mut BTreeSet::new());
        let object_ident = format_ident!("{object}");
        let update_ident = format_ident!("{update}");
        let summary = format!(" The body of the `PUT` that updates this object: a [`{update}`]");
        let errors = format!(" When what was read does not make a valid [`{update}`] (a property");
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
                pub fn to_update(&self) -> ::std::result::Result<#update_ident, ::serde_json::Error> {
                    const KEEP: ::illumio_pce_lenient::Keep = #keep;
                    ::illumio_pce_lenient::update_body(self, &KEEP)
                }
            }
        };
        file.items.push(item);
    }
}

/// The type an alias stands for, or `name`.
fn resolve<'a>(name: &'a str, model: &'a Model) -> &'a str {
    model
        .aliases
        .iter()
        .find(|a| a.name == name)
        .map_or(name, |a| a.target.as_str())
}

/// What of a value `schema` describes a `PUT` body keeps.
fn keep(
    schema: &Value,
    types: &BTreeMap<String, TypeDef>,
    seen: &mut BTreeSet<String>,
) -> TokenStream {
    let all = quote!(::illumio_pce_lenient::Keep::All);
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        let Some(def) = types.get(name) else {
            return all;
        };
        if !seen.insert(name.to_owned()) {
            return all;
        }
        let kept = keep(&def.schema, types, seen);
        seen.remove(name);
        return kept;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let entries = properties.iter().map(|(name, property)| {
            let kept = keep(property, types, seen);
            quote!((#name, #kept))
        });
        return quote!(::illumio_pce_lenient::Keep::Object(&[#(#entries),*]));
    }
    if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        let kept = keep(items, types, seen);
        if kept.to_string() == all.to_string() {
            return all;
        }
        return quote!(::illumio_pce_lenient::Keep::Items(&#kept));
    }
    let branches = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| schema.get(*k).and_then(Value::as_array));
    if let Some(branches) = branches {
        let kept: Vec<TokenStream> = branches.iter().map(|b| keep(b, types, seen)).collect();
        if kept.iter().all(|k| k.to_string() == all.to_string()) {
            return all;
        }
        return quote!(::illumio_pce_lenient::Keep::OneOf(&[#(#kept),*]));
    }
    all
}
