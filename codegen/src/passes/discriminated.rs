//! Post-pass: a union whose branches a property tells apart is decoded by that property.
//!
//! typify decodes a `oneOf` through `#[serde(untagged)]`: serde buffers the whole object,
//! tries the first branch, builds its error, tries the next. When a property tells the
//! branches apart (the [`Discriminator`] of the model: disjoint `enum`s of one property, or
//! a property only one branch requires), the generated `Deserialize` reads the object once
//! into a private struct with every branch's properties, picks the branch by that property
//! and builds it, with an error naming the property and its allowed values when none fits.
//! Encoding is unchanged. This is for requests' unions of strict branches: a union that reads
//! leniently, or has a branch that does, is read by the `lenient` pass.
//!
//! Expects of typify's output (test `expectations::variants`): a `oneOf` of objects is an enum
//! of one-field tuple variants, one per branch in order.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};
use syn::{parse_quote, Fields, File, Item, ItemStruct, Type};

use super::derives::drop_derives;
use super::fields::{is_extra, json_name, option_inner};
use super::helpers::{ensure, Helper};
use crate::model::{Discriminator, Model, Presence};

/// What the pass knows of one branch: its variant, its struct.
struct Branch<'a> {
    variant: Ident,
    ty: &'a ItemStruct,
    /// JSON name → (field, whether required).
    fields: BTreeMap<String, (&'a syn::Field, bool)>,
}

/// One property of the private struct every branch is read from.
struct WireField {
    json: String,
    ident: Ident,
    /// The type every branch gives it (required, or the inside of an optional one), when they
    /// agree; otherwise it is read as a `serde_json::Value`.
    shared: Option<Type>,
}

/// Writes a `Deserialize` for every union of `model` with a discriminator.
pub(crate) fn decode_by_discriminator(file: &mut File, model: &Model) {
    let decoders: BTreeMap<String, (Item, Vec<Helper>)> = {
        let structs: BTreeMap<String, &ItemStruct> = file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Struct(s) => Some((s.ident.to_string(), s)),
                _ => None,
            })
            .collect();
        file.items
            .iter()
            .filter_map(|item| {
                let Item::Enum(union) = item else { return None };
                let name = union.ident.to_string();
                let def = model.types.get(&name)?;
                let discriminator = def.discriminator.as_ref()?;
                if def.direction.lenient() {
                    return None;
                }
                let branches = branches(union, &structs, model)?;
                let decode = deserialize(&union.ident, &branches, discriminator)?;
                Some((name, decode))
            })
            .collect()
    };
    for item in &mut file.items {
        let Item::Enum(union) = item else { continue };
        if !decoders.contains_key(&union.ident.to_string()) {
            continue;
        }
        drop_derives(&mut union.attrs, &["Deserialize"]);
        union.attrs.retain(|a| !a.path().is_ident("serde"));
        union.attrs.push(parse_quote!(#[serde(untagged)]));
    }
    for (decoder, helpers) in decoders.into_values() {
        file.items.push(decoder);
        for helper in helpers {
            ensure(file, helper);
        }
    }
}

/// The branches of `union`, each a struct of the file.
fn branches<'a>(
    union: &syn::ItemEnum,
    structs: &BTreeMap<String, &'a ItemStruct>,
    model: &Model,
) -> Option<Vec<Branch<'a>>> {
    union
        .variants
        .iter()
        .map(|variant| {
            let Fields::Unnamed(inner) = &variant.fields else {
                return None;
            };
            let [field] = inner.unnamed.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            let ty_name = field.ty.to_token_stream().to_string();
            let ty: &'a ItemStruct = structs.get(ty_name.trim())?;
            let Fields::Named(named) = &ty.fields else {
                return None;
            };
            let presence = model.objects.get(&ty_name)?;
            let mut fields: BTreeMap<String, (&syn::Field, bool)> = BTreeMap::new();
            for f in &named.named {
                if is_extra(f) {
                    // An open branch reads leniently: the `lenient` pass's.
                    return None;
                }
                let json = json_name(f);
                let required = matches!(
                    presence.get(&json),
                    Some(Presence::Required | Presence::RequiredOrNull)
                );
                fields.insert(json, (f, required));
            }
            Some(Branch {
                variant: variant.ident.clone(),
                ty,
                fields,
            })
        })
        .collect()
}

/// The type a branch's field holds when present: the field's own type when it is required,
/// the inside of its `Option` when it is optional.
fn present_type(field: &syn::Field, required: bool) -> Type {
    if required {
        field.ty.clone()
    } else {
        option_inner(&field.ty)
            .cloned()
            .unwrap_or_else(|| field.ty.clone())
    }
}

/// The `impl Deserialize` of the union `name`, and the helpers it calls.
fn deserialize(
    name: &Ident,
    branches: &[Branch<'_>],
    discriminator: &Discriminator,
) -> Option<(Item, Vec<Helper>)> {
    let mut wire: BTreeMap<String, WireField> = BTreeMap::new();
    for branch in branches {
        for (json, (field, required)) in &branch.fields {
            let ty = present_type(field, *required);
            let ident = field.ident.clone()?;
            wire.entry(json.clone())
                .and_modify(|w| {
                    if w.shared.as_ref().map(|t| t.to_token_stream().to_string())
                        != Some(ty.to_token_stream().to_string())
                    {
                        w.shared = None;
                    }
                })
                .or_insert(WireField {
                    json: json.clone(),
                    ident,
                    shared: Some(ty),
                });
        }
    }
    let tag = match discriminator {
        Discriminator::Value { property, .. } => Some(property.clone()),
        Discriminator::Key { .. } => None,
    };
    let wire_fields = wire.values().map(|w| {
        let (ident, json) = (&w.ident, &w.json);
        if tag.as_deref() == Some(json.as_str()) {
            return quote! { #[serde(rename = #json, borrow)] #ident: ::std::borrow::Cow<'a, str>, };
        }
        let ty = match &w.shared {
            Some(ty) => quote!(#ty),
            None => quote!(::serde_json::Value),
        };
        let present = Helper::Present.name();
        quote! {
            #[serde(rename = #json, default, deserialize_with = #present)]
            #ident: Option<#ty>,
        }
    });
    let builders: Vec<TokenStream> = branches
        .iter()
        .enumerate()
        .map(|(index, branch)| build_branch(name, index, branch, &wire, tag.as_deref()))
        .collect();
    let methods = wire_methods(&wire, tag.as_deref());
    let mut helpers = Vec::new();
    if wire
        .values()
        .any(|w| tag.as_deref() != Some(w.json.as_str()))
    {
        helpers.push(Helper::Present);
    }
    if wire
        .values()
        .any(|w| w.shared.is_none() && tag.as_deref() != Some(w.json.as_str()))
    {
        helpers.push(Helper::ValueAs);
    }
    let builder_names: Vec<Ident> = (0..branches.len())
        .map(|i| Ident::new(&format!("branch_{i}"), Span::call_site()))
        .collect();
    let choose = match discriminator {
        Discriminator::Value { property, values } => {
            let tag_ident = &wire.get(property)?.ident;
            let picks = values.iter().enumerate().map(|(index, values)| {
                quote! { #(#values)|* => Some(#index), }
            });
            let calls = builder_names.iter().enumerate().map(|(index, builder)| {
                quote! { Some(#index) => #builder(wire), }
            });
            let allowed = values
                .iter()
                .flatten()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
                .replace('{', "{{")
                .replace('}', "}}");
            let message =
                format!("`{property}`: {{:?}} is not one of the allowed values: {allowed}");
            quote! {
                let chosen: Option<usize> = match wire.#tag_ident.as_ref() {
                    #(#picks)*
                    _ => ::std::option::Option::None,
                };
                match chosen {
                    #(#calls)*
                    _ => {
                        let value = wire.#tag_ident.to_string();
                        Err(D::Error::custom(format!(#message, value)))
                    }
                }
            }
        }
        Discriminator::Key { properties } => {
            let idents: Vec<&Ident> = properties
                .iter()
                .map(|p| wire.get(p).map(|w| &w.ident))
                .collect::<Option<_>>()?;
            let checks = idents.iter().zip(&builder_names).map(|(ident, builder)| {
                quote! { if wire.#ident.is_some() { return #builder(wire); } }
            });
            let list = properties
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message =
                format!("none of the properties that tell the branches apart is present: {list}");
            quote! {
                #(#checks)*
                Err(D::Error::custom(#message))
            }
        }
    };
    let lifetime = if tag.is_some() {
        quote!(<'a>)
    } else {
        TokenStream::new()
    };
    let wire_ty = if tag.is_some() {
        quote!(Wire<'de>)
    } else {
        quote!(Wire)
    };
    syn::parse2(quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use ::std::option::Option::{self, Some};
                use ::std::result::Result::{self, Err, Ok};
                use ::serde::de::Error as _;
                #[derive(::serde::Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Wire #lifetime {
                    #(#wire_fields)*
                }
                #methods
                #(#builders)*
                let wire: #wire_ty = ::serde::Deserialize::deserialize(deserializer)?;
                #choose
            }
        }
    })
    .ok()
    .map(|item| (item, helpers))
}

/// `fn branch_<index><'a, E>(wire) -> Result<Union, E>`: the branch built from the wire.
/// The properties of other branches are refused through the wire's own `first_unknown`, so
/// each branch costs only its own properties.
fn build_branch(
    union: &Ident,
    index: usize,
    branch: &Branch<'_>,
    wire: &BTreeMap<String, WireField>,
    tag: Option<&str>,
) -> TokenStream {
    let builder = Ident::new(&format!("branch_{index}"), Span::call_site());
    let ty = &branch.ty.ident;
    let variant = &branch.variant;
    let mut inits = Vec::new();
    for w in wire.values() {
        let Some((field, required)) = branch.fields.get(&w.json) else {
            continue;
        };
        let (wire_ident, json, field_ident) = (&w.ident, &w.json, &field.ident);
        let present = present_type(field, *required);
        let init = if tag == Some(json.as_str()) {
            let value = quote! {
                <#present as ::serde::Deserialize>::deserialize(
                    ::serde::de::IntoDeserializer::<E>::into_deserializer(wire.#wire_ident.as_ref()),
                )?
            };
            if *required {
                value
            } else {
                quote!(Some(#value))
            }
        } else {
            let value = if w.shared.is_some() {
                quote!(wire.#wire_ident.take())
            } else {
                quote!(value_as::<#present, E>(wire.#wire_ident.take())?)
            };
            if *required {
                quote! { #value.ok_or_else(|| E::missing_field(#json))? }
            } else {
                value
            }
        };
        inits.push(quote! { #field_ident: #init, });
    }
    let allowed: Vec<&String> = branch.fields.keys().collect();
    let start = quote! {
        if let Some(name) = wire.first_unknown(&[#(#allowed),*]) {
            return Err(E::unknown_field(name, &[#(#allowed),*]));
        }
    };
    let generics = if tag.is_some() {
        quote!(<'a, E: ::serde::de::Error>)
    } else {
        quote!(<E: ::serde::de::Error>)
    };
    let wire_ty = if tag.is_some() {
        quote!(Wire<'a>)
    } else {
        quote!(Wire)
    };
    quote! {
        fn #builder #generics(mut wire: #wire_ty) -> Result<#union, E> {
            #start
            Ok(#union::#variant(#ty { #(#inits)* }))
        }
    }
}

/// `impl Wire { fn first_unknown }`: the properties present that a branch does not have,
/// refused.
fn wire_methods(wire: &BTreeMap<String, WireField>, tag: Option<&str>) -> TokenStream {
    let fields: Vec<&WireField> = wire
        .values()
        .filter(|w| tag != Some(w.json.as_str()))
        .collect();
    let present = fields.iter().map(|w| {
        let (ident, json) = (&w.ident, &w.json);
        quote!((#json, self.#ident.is_some()))
    });
    let count = fields.len();
    let impl_generics = if tag.is_some() {
        quote!(<'a>)
    } else {
        TokenStream::new()
    };
    let wire_ty = if tag.is_some() {
        quote!(Wire<'a>)
    } else {
        quote!(Wire)
    };
    quote! {
        #[allow(dead_code)]
        impl #impl_generics #wire_ty {
            fn first_unknown(&self, allowed: &[&str]) -> Option<&'static str> {
                let present: [(&'static str, bool); #count] = [#(#present),*];
                present
                    .into_iter()
                    .find(|(name, set)| *set && !allowed.contains(name))
                    .map(|(name, _)| name)
            }
        }
    }
}
