//! Post-pass: requests' structs read and write through the runtime's `request!` instead of
//! serde's derives, which wrote most of a generated crate's code (a field enum and its visitor,
//! a sequence visitor and a wrapper per `deserialize_with` field, for every struct; a call per
//! field to write it).
//!
//! Reading and writing are what the derives did with typify's attributes: a property without
//! `#[serde(default)]` is required, an optional one reads `Some` when present (even `null`, for
//! an `Option<Option<T>>`) and is written only when `Some`, a struct with a flattened `extra`
//! keeps what it does not name and any other refuses it. The derives and every `serde`
//! attribute go.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{parse_quote, Field, Fields, File, Item, ItemStruct, LitStr, Meta, Token};

use super::derives::{derives, drop_derives};
use super::fields::{is_extra, json_name, option_inner};
use super::lenient::is_lenient;
use crate::model::Model;

/// Gives every request struct of the model that derives `Deserialize` its `request!`.
pub(crate) fn read_and_write(file: &mut File, model: &Model) {
    let mut invocations: Vec<Item> = Vec::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let name = item.ident.to_string();
        if is_lenient(model, &name)
            || !model.types.contains_key(&name)
            || !derives(&item.attrs, "Deserialize")
        {
            continue;
        }
        if let Some(invocation) = request(item) {
            invocations.push(invocation);
        }
    }
    file.items.extend(invocations);
}

/// Rewrites a struct for `request!` (its serde derives and attributes off); returns the
/// invocation (`None` for a tuple or unit struct, or one with a default value
/// other than its type's, left to its derive).
fn request(item: &mut ItemStruct) -> Option<Item> {
    let Fields::Named(fields) = &mut item.fields else {
        return None;
    };
    if fields.named.iter().any(has_default_value) {
        return None;
    }
    let mut entries: Vec<TokenStream> = Vec::new();
    let mut extra = None;
    for field in fields.named.iter_mut() {
        if is_extra(field) {
            extra = field.ident.clone();
            field.attrs.retain(|a| !a.path().is_ident("serde"));
            continue;
        }
        let optional = is_optional(field);
        let presence = match (optional, option_inner(&field.ty)) {
            (false, _) => "required",
            (true, Some(_)) => "optional",
            (true, None) => "defaulted",
        };
        let presence = Ident::new(presence, Span::call_site());
        let index = proc_macro2::Literal::usize_unsuffixed(entries.len());
        let ident = field.ident.as_ref()?;
        let json = LitStr::new(&json_name(field), Span::call_site());
        entries.push(quote!(#index #ident: #json #presence));
        field.attrs.retain(|a| !a.path().is_ident("serde"));
    }
    item.attrs.retain(|a| !a.path().is_ident("serde"));
    drop_derives(&mut item.attrs, &["Deserialize", "Serialize"]);
    let name = &item.ident;
    Some(parse_quote!(::illumio_pce_lenient::request!(#name { #(#entries),* } #extra);))
}

/// Whether `field` reads a default value of its own when absent (`#[serde(default = "…")]`).
fn has_default_value(field: &Field) -> bool {
    serde_args(field).any(|args| {
        args.iter()
            .any(|meta| matches!(meta, Meta::NameValue(nv) if nv.path.is_ident("default")))
    })
}

/// Whether `field` may be absent: its `#[serde(...)]` has `default`.
fn is_optional(field: &Field) -> bool {
    serde_args(field).any(|args| args.iter().any(|meta| meta.path().is_ident("default")))
}

/// The arguments of each `#[serde(...)]` of `field`.
fn serde_args(field: &Field) -> impl Iterator<Item = Punctuated<Meta, Token![,]>> + '_ {
    field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_follows_the_serde_attributes_which_go_with_the_derives() {
        let mut item: ItemStruct = parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone)]
            #[serde(deny_unknown_fields)]
            pub struct LabelPut {
                pub key: ::std::string::String,
                #[serde(rename = "type", default, skip_serializing_if = "::std::option::Option::is_none")]
                pub type_: ::std::option::Option<::std::option::Option<::std::string::String>>,
                #[serde(deserialize_with = "::std::option::Option::deserialize")]
                pub owner: ::std::option::Option<::std::string::String>,
                #[serde(default)]
                pub tags: ::std::vec::Vec<::std::string::String>,
            }
        };
        let invocation = request(&mut item).expect("a named struct");
        let expected: Item = parse_quote! {
            ::illumio_pce_lenient::request!(LabelPut {
                0 key: "key" required,
                1 type_: "type" optional,
                2 owner: "owner" required,
                3 tags: "tags" defaulted
            });
        };
        assert_eq!(
            quote!(#invocation).to_string(),
            quote!(#expected).to_string()
        );
        let rewritten: ItemStruct = parse_quote! {
            #[derive(Clone)]
            pub struct LabelPut {
                pub key: ::std::string::String,
                pub type_: ::std::option::Option<::std::option::Option<::std::string::String>>,
                pub owner: ::std::option::Option<::std::string::String>,
                pub tags: ::std::vec::Vec<::std::string::String>,
            }
        };
        assert_eq!(quote!(#item).to_string(), quote!(#rewritten).to_string());
    }

    #[test]
    fn a_flattened_extra_keeps_what_the_struct_does_not_name() {
        let mut item: ItemStruct = parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize)]
            pub struct Settings {
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                pub enabled: ::std::option::Option<bool>,
                #[serde(flatten)]
                pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            }
        };
        let invocation = request(&mut item).expect("a named struct");
        let expected: Item = parse_quote! {
            ::illumio_pce_lenient::request!(Settings { 0 enabled: "enabled" optional } extra);
        };
        assert_eq!(
            quote!(#invocation).to_string(),
            quote!(#expected).to_string()
        );
    }

    #[test]
    fn a_default_value_of_its_own_leaves_the_struct_to_its_derive() {
        let mut item: ItemStruct = parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize)]
            pub struct Paging {
                #[serde(default = "defaults::page_size")]
                pub size: i64,
            }
        };
        let before = quote!(#item).to_string();
        assert!(request(&mut item).is_none());
        assert_eq!(quote!(#item).to_string(), before);
    }
}
