//! Post-processing of typify's output so that decoding then encoding a payload gives back
//! the same JSON.
//!
//! typify skips an optional array when it is empty, turns an optional `null` into an absent
//! property and accepts `null` for an optional property whose schema forbids it; the PCE
//! reads `"x": []`, `"x": null` and no `x` differently in a PUT (clear, clear, leave
//! unchanged). Here every optional property becomes `Option<T>` (absent = `None`) where `T`
//! takes `null` only if the schema does; one that may be `null` becomes `Option<Option<T>>`
//! (`null` = `Some(None)`). The builders typify generates are patched to match.

use std::collections::{BTreeMap, BTreeSet};

use quote::{quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Field, Fields, File, Item, ItemMod, Type};

use crate::bundle::Presence;

/// Name of typify's field for the unknown properties of an open object.
const EXTRA: &str = "extra";

/// Name of the helper function the patched fields deserialize with.
const PRESENT: &str = "deserialize_present";

/// Rewrites the optional fields of the structs named in `objects`; adds the helper function
/// when a field needs it.
pub(crate) fn make_lossless(
    file: &mut File,
    objects: &BTreeMap<String, BTreeMap<String, Presence>>,
) {
    let mut changes: BTreeMap<String, Vec<(String, Type)>> = BTreeMap::new();
    let mut needs_helper = false;
    let mut open = BTreeSet::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        if item.fields.iter().any(is_flattened_extra) {
            open.insert(item.ident.to_string());
        }
        let Some(properties) = objects.get(&item.ident.to_string()) else {
            continue;
        };
        let Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        for field in &mut fields.named {
            let Some(presence) = properties.get(&json_name(field)) else {
                continue;
            };
            if let Some(wrapped) = patch_field(field, *presence) {
                needs_helper = true;
                let Some(old) = wrapped else { continue };
                let name = field
                    .ident
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                changes
                    .entry(item.ident.to_string())
                    .or_default()
                    .push((name, old));
            }
        }
    }
    if let Some(builders) = file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => Some(m),
        _ => None,
    }) {
        patch_builders(builders, &changes, &open);
    }
    if needs_helper {
        file.items.push(parse_quote! {
            /// Deserializes a property that is present, even as `null`, into `Some`; with
            /// `#[serde(default)]` an absent property stays `None`, so absent and `null` differ.
            fn deserialize_present<'de, T, D>(
                deserializer: D,
            ) -> ::std::result::Result<::std::option::Option<T>, D::Error>
            where
                T: ::serde::Deserialize<'de>,
                D: ::serde::Deserializer<'de>,
            {
                T::deserialize(deserializer).map(::std::option::Option::Some)
            }
        });
    }
}

/// Whether the field is typify's flattened map of unknown properties.
fn is_flattened_extra(field: &Field) -> bool {
    field.ident.as_ref().is_some_and(|i| i == EXTRA) && serde_options(field).contains_key("flatten")
}

/// The JSON name of a field: its `serde(rename)` or its identifier.
fn json_name(field: &Field) -> String {
    let rename = serde_options(field).remove("rename").flatten();
    rename.unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned())
            .unwrap_or_default()
    })
}

/// The options of a field's `#[serde(...)]`, with their string value if they have one.
fn serde_options(field: &Field) -> BTreeMap<String, Option<String>> {
    let mut options = BTreeMap::new();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            let name = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let value = if meta.input.peek(syn::Token![=]) {
                match meta.value()?.parse::<syn::Expr>()? {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }) => Some(text.value()),
                    _ => None,
                }
            } else {
                None
            };
            options.insert(name, value);
            Ok(())
        });
    }
    options
}

/// Makes one optional field an `Option` over a type that takes `null` only if the schema
/// does, deserialized with the helper; returns the field's type before, when it had to be
/// wrapped in one more `Option`.
fn patch_field(field: &mut Field, presence: Presence) -> Option<Option<Type>> {
    let old = field.ty.clone();
    let wrap = match (presence, option_inner(&old)) {
        (Presence::Required, _) => return None,
        (Presence::Optional, Some(_)) => false,
        (Presence::Optional | Presence::OptionalOrNull, _) => true,
    };
    let rename = serde_options(field)
        .remove("rename")
        .flatten()
        .map(|r| quote!(rename = #r,));
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    field.attrs.push(parse_quote! {
        #[serde(
            #rename default,
            skip_serializing_if = "::std::option::Option::is_none",
            deserialize_with = #PRESENT
        )]
    });
    if !wrap {
        return Some(None);
    }
    field.ty = parse_quote!(::std::option::Option<#old>);
    Some(Some(old))
}

/// `T` of `Option<T>` (however the path is spelt).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

/// Gives the builder of each changed struct the same field types (the builders spell the
/// struct's types with `super::`, so types are compared without it), and lets the builders
/// of open structs start with no unknown properties instead of demanding them.
fn patch_builders(
    builders: &mut ItemMod,
    changes: &BTreeMap<String, Vec<(String, Type)>>,
    open: &BTreeSet<String>,
) {
    let Some((_, items)) = &mut builders.content else {
        return;
    };
    for item in items {
        let (owner, fields): (String, Vec<&mut Field>) = match item {
            Item::Struct(s) => match &mut s.fields {
                Fields::Named(named) => (s.ident.to_string(), named.named.iter_mut().collect()),
                _ => continue,
            },
            Item::Impl(imp) if imp.trait_.is_some() => {
                let owner = imp.self_ty.to_token_stream().to_string();
                if open.contains(&owner)
                    && imp.trait_.as_ref().is_some_and(|(_, path, _)| {
                        path.segments.last().is_some_and(|s| s.ident == "Default")
                    })
                {
                    ExtraStartsEmpty.visit_item_impl_mut(imp);
                }
                continue;
            }
            Item::Impl(imp) => {
                let owner = imp.self_ty.to_token_stream().to_string();
                let Some(changed) = changes.get(&owner) else {
                    continue;
                };
                for member in &mut imp.items {
                    let syn::ImplItem::Fn(method) = member else {
                        continue;
                    };
                    if let Some((_, old)) = changed.iter().find(|(f, _)| method.sig.ident == f) {
                        WrapInOption::new(old).visit_generics_mut(&mut method.sig.generics);
                    }
                }
                continue;
            }
            _ => continue,
        };
        let Some(changed) = changes.get(&owner) else {
            continue;
        };
        for field in fields {
            if let Some((_, old)) = changed
                .iter()
                .find(|(f, _)| field.ident.as_ref().is_some_and(|i| i == f))
            {
                WrapInOption::new(old).visit_type_mut(&mut field.ty);
            }
        }
    }
}

/// Sets the builder's initial `extra` (the flattened unknown properties) to an empty map.
struct ExtraStartsEmpty;

impl VisitMut for ExtraStartsEmpty {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        if matches!(&field.member, syn::Member::Named(name) if name == EXTRA) {
            field.expr = parse_quote!(Ok(Default::default()));
        }
    }
}

/// Wraps every occurrence of one type in `Option`.
struct WrapInOption {
    old: String,
}

impl WrapInOption {
    fn new(old: &Type) -> Self {
        Self {
            old: without_super(old),
        }
    }
}

fn without_super(ty: &Type) -> String {
    ty.to_token_stream().to_string().replace("super :: ", "")
}

impl VisitMut for WrapInOption {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        if without_super(ty) == self.old {
            *ty = parse_quote!(::std::option::Option<#ty>);
        } else {
            syn::visit_mut::visit_type_mut(self, ty);
        }
    }
}
