//! Post-pass: responses read what PCEs send.
//!
//! A PCE sends `null` where a schema says string, leaves out properties the schema requires
//! and sends other JSON types than declared. Every type that reads leniently (a response's, or
//! one used both ways) therefore reads through the `illumio-pce-lenient` runtime:
//!
//! - a struct's every property is an `Option<T>` (absent and `null` read `None`; no
//!   `Option<Option<T>>`), and its `extra` (an `Extra`: the `null`s in one word, and a map
//!   through `Deref`, allocated once something does not fit) keeps the properties the schema does not name, the values that do not
//!   fit their field and which properties were `null`, so that encoding gives back the JSON
//!   received ([`object!`]);
//! - a union picks its branch by what the schema says tells them apart and reads it
//!   leniently ([`union!`]); a newtype reads through its inner type ([`newtype!`]);
//! - a request's type, which a schema used both ways may hold, reads whole or is kept as it
//!   came ([`strict!`]).
//!
//! [`optional_fields`] runs first (the constructors and boxing see the final field types);
//! [`read_the_pce_way`] runs after the docs, when the fields' JSON names are no longer needed
//! in their `serde` attributes.
//!
//! [`object!`]: https://docs.rs/illumio-pce-lenient
//! [`union!`]: https://docs.rs/illumio-pce-lenient
//! [`newtype!`]: https://docs.rs/illumio-pce-lenient
//! [`strict!`]: https://docs.rs/illumio-pce-lenient
//!
//! Expects of typify's output (test `expectations::numbers_and_hrefs`): a struct's fields are
//! its properties, a required one as `T` (an href as the converted `Href`), an optional one as
//! `Option<T>`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::{parse_quote, Fields, File, Item, ItemEnum, ItemStruct, LitStr, Type};

use super::derives::{drop_derives, replace_derives};
use super::fields::{is_extra, json_name, option_inner};
use crate::lower::Kind;
use crate::model::{Discriminator, Model, Presence};

/// The runtime's path in generated code.
fn runtime() -> syn::Path {
    parse_quote!(::illumio_pce_lenient)
}

/// Whether the type `name` reads leniently.
pub(crate) fn is_lenient(model: &Model, name: &str) -> bool {
    model
        .types
        .get(name)
        .is_some_and(|def| def.direction.lenient())
}

/// Makes every property of a lenient struct an `Option<T>`: a required one wrapped, an
/// optional one that may be `null` unwrapped once.
pub(crate) fn optional_fields(file: &mut File, model: &Model) {
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        if !is_lenient(model, &item.ident.to_string()) {
            continue;
        }
        let Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        for field in fields.named.iter_mut().filter(|f| !is_extra(f)) {
            let inner = match option_inner(&field.ty) {
                Some(inner) => option_inner(inner).unwrap_or(inner).clone(),
                None => field.ty.clone(),
            };
            field.ty = parse_quote!(::std::option::Option<#inner>);
        }
    }
}

/// Gives every lenient struct, union and newtype its reading and writing through the runtime,
/// and every other type of the model (a request's) its lenient reading as a whole.
pub(crate) fn read_the_pce_way(file: &mut File, model: &Model) {
    let kinds = json_kinds(file, model);
    let open: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) if s.fields.iter().any(is_extra) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let runtime = runtime();
    let mut invocations: Vec<Item> = Vec::new();
    for item in &mut file.items {
        let (ident, invocation) = match item {
            Item::Struct(s) if is_lenient(model, &s.ident.to_string()) => {
                (s.ident.clone(), object(s))
            }
            Item::Enum(e) if needs_union(model, e, &open) => {
                (e.ident.clone(), union(e, model, &kinds))
            }
            Item::Struct(ItemStruct { ident, .. }) | Item::Enum(ItemEnum { ident, .. })
                if model
                    .types
                    .get(&ident.to_string())
                    .is_some_and(|def| def.kind != Kind::OpenEnum) =>
            {
                (ident.clone(), None)
            }
            _ => continue,
        };
        invocations.push(invocation.unwrap_or_else(|| parse_quote!(#runtime::strict!(#ident);)));
    }
    file.items.extend(invocations);
}

/// Rewrites a lenient struct for `object!` (its serde derives and attributes off, `Default`
/// on, its `extra` an `Extra`); returns the invocation, or for a newtype `newtype!`'s (`None`
/// for a unit struct, read as a request's).
fn object(item: &mut ItemStruct) -> Option<Item> {
    let name = item.ident.clone();
    let runtime = runtime();
    let fields = match &mut item.fields {
        Fields::Named(fields) => fields,
        Fields::Unnamed(_) => return Some(parse_quote!(#runtime::newtype!(#name);)),
        Fields::Unit => return None,
    };
    let mut entries: Vec<TokenStream> = Vec::new();
    for field in fields.named.iter_mut() {
        if is_extra(field) {
            field.ty = parse_quote!(#runtime::Extra);
        } else if let Some(ident) = &field.ident {
            let index = proc_macro2::Literal::usize_unsuffixed(entries.len());
            let json = LitStr::new(&json_name(field), Span::call_site());
            entries.push(quote!(#index #ident: #json));
        }
        field.attrs.retain(|a| !a.path().is_ident("serde"));
    }
    item.attrs.retain(|a| !a.path().is_ident("serde"));
    replace_derives(
        &mut item.attrs,
        &["Deserialize", "Serialize", "Default"],
        &["Default"],
    );
    Some(parse_quote!(#runtime::object!(#name { #(#entries),* });))
}

/// Whether the enum `item` is a union read by `union!`: one that reads leniently, or one any
/// of whose branches does or is `open` (such a branch accepts any object, so trying the
/// branches in turn would always take the first).
fn needs_union(model: &Model, item: &ItemEnum, open: &BTreeSet<String>) -> bool {
    let Some(def) = model.types.get(&item.ident.to_string()) else {
        return false;
    };
    if def.kind != Kind::Union {
        return false;
    }
    def.direction.lenient()
        || item.variants.iter().any(|v| {
            branch_type(v)
                .and_then(last_ident)
                .is_some_and(|name| is_lenient(model, &name) || open.contains(&name))
        })
}

/// The type of a branch: its variant's one field.
fn branch_type(variant: &syn::Variant) -> Option<&Type> {
    match &variant.fields {
        Fields::Unnamed(f) if f.unnamed.len() == 1 => f.unnamed.first().map(|f| &f.ty),
        _ => None,
    }
}

/// The last identifier of a type's path (`String` of `::std::string::String`).
fn last_ident(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    path.path.segments.last().map(|s| s.ident.to_string())
}

/// Rewrites a union for `union!` (its derived `Deserialize` off; encoding stays untagged);
/// returns the invocation with each branch's kind, required properties and tag (`None`, the
/// union untouched, when a branch is not one type).
fn union(
    item: &mut ItemEnum,
    model: &Model,
    kinds: &BTreeMap<String, &'static str>,
) -> Option<Item> {
    let def = model.types.get(&item.ident.to_string())?;
    let mut branches = Vec::new();
    let mut variants = Vec::new();
    for (index, variant) in item.variants.iter().enumerate() {
        let ty = branch_type(variant)?;
        let kind = Ident::new(kind_of(ty, kinds), Span::call_site());
        let type_name = last_ident(ty).unwrap_or_default();
        let required: Vec<String> = model
            .objects
            .get(&type_name)
            .map(|props| {
                props
                    .iter()
                    .filter(|(_, p)| matches!(p, Presence::Required | Presence::RequiredOrNull))
                    .map(|(json, _)| json.clone())
                    .collect()
            })
            .unwrap_or_default();
        let tag = match &def.discriminator {
            Some(Discriminator::Value { property, values }) => {
                let values = values.get(index)?;
                quote!(::std::option::Option::Some((#property, &[#(#values),*])))
            }
            _ => quote!(::std::option::Option::None),
        };
        let runtime = runtime();
        branches.push(quote! {
            #runtime::Branch { kind: #runtime::Kind::#kind, required: &[#(#required),*], tag: #tag }
        });
        let literal = proc_macro2::Literal::usize_unsuffixed(index);
        let ident = &variant.ident;
        variants.push(quote!(#literal #ident));
    }
    drop_derives(&mut item.attrs, &["Deserialize"]);
    let name = &item.ident;
    let runtime = runtime();
    Some(parse_quote!(#runtime::union!(#name [#(#branches),*] { #(#variants),* });))
}

/// The JSON kind (a `illumio_pce_lenient::Kind` variant) of each struct, newtype and enum of
/// `file`: what a union branch of that type holds.
fn json_kinds(file: &File, model: &Model) -> BTreeMap<String, &'static str> {
    let mut kinds = BTreeMap::new();
    let mut newtypes: Vec<(String, Type)> = Vec::new();
    for item in &file.items {
        match item {
            Item::Struct(s) => match &s.fields {
                Fields::Named(_) => {
                    kinds.insert(s.ident.to_string(), "Object");
                }
                Fields::Unnamed(f) => {
                    if let Some(field) = f.unnamed.first() {
                        newtypes.push((s.ident.to_string(), field.ty.clone()));
                    }
                }
                Fields::Unit => {}
            },
            Item::Enum(e) => {
                let name = e.ident.to_string();
                let kind = match model.types.get(&name).map(|d| d.kind) {
                    Some(Kind::OpenEnum | Kind::Enum) => "String",
                    _ => "Any",
                };
                kinds.insert(name, kind);
            }
            _ => {}
        }
    }
    for (name, ty) in newtypes {
        let kind = kind_of(&ty, &kinds);
        kinds.insert(name, kind);
    }
    kinds
}

/// The JSON kind a value of type `ty` holds.
fn kind_of(ty: &Type, kinds: &BTreeMap<String, &'static str>) -> &'static str {
    let Type::Path(path) = ty else { return "Any" };
    let Some(last) = path.path.segments.last() else {
        return "Any";
    };
    match last.ident.to_string().as_str() {
        "String" => "String",
        "bool" => "Boolean",
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "NonZeroU64" => "Integer",
        "Number" => "Number",
        "Vec" => "Array",
        "Map" => "Object",
        "Box" => match &last.arguments {
            syn::PathArguments::AngleBracketed(args) => match args.args.first() {
                Some(syn::GenericArgument::Type(inner)) => kind_of(inner, kinds),
                _ => "Any",
            },
            _ => "Any",
        },
        other => kinds.get(other).copied().unwrap_or("Any"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_type() {
        let kinds = BTreeMap::from([("Label".to_owned(), "Object")]);
        let kind = |ty: &str| kind_of(&syn::parse_str(ty).expect("a type"), &kinds);
        assert_eq!(kind("::std::string::String"), "String");
        assert_eq!(kind("::std::num::NonZeroU64"), "Integer");
        assert_eq!(kind("::std::vec::Vec<Label>"), "Array");
        assert_eq!(kind("::std::boxed::Box<Label>"), "Object");
        assert_eq!(kind("::serde_json::Value"), "Any");
        assert_eq!(kind("Unknown"), "Any");
    }
}
