//! Post-pass: an absent object costs a pointer. A field that may be absent (`Option<T>`, or
//! `Option<Option<T>>` when a request's property may also be `null`) and holds an object — a
//! generated struct with named fields, or a union of branches — is `Option<Box<T>>`, so that
//! a response type (a 25.2.20 workload holds some twenty objects) does not carry inline every
//! object it seldom has. The rule looks at what the field holds, never at how many properties
//! it has, so a release that adds one changes no field's type. Required objects stay inline.
//!
//! Nothing else changes for users: fields read through the box (`w.agent.as_deref()`),
//! setters still take the object itself (`Box<T>: From<T>`), and serde reads and writes a
//! `Box<T>` as it does a `T`.
//!
//! Expects of typify's output (test `expectations::lossless_boxing_and_constructors`): an
//! optional object property is a field `Option<T>`, `T` a generated type, not boxed.

use std::collections::BTreeSet;

use syn::{parse_quote, Fields, File, Item, Type};

use super::fields::option_inner;
use crate::lower::Kind;
use crate::model::Model;

/// Boxes the optional fields of every struct that hold a struct or a union.
pub(crate) fn box_optional_objects(file: &mut File, model: &Model) {
    let objects: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) if matches!(&s.fields, Fields::Named(_)) => Some(s.ident.to_string()),
            Item::Enum(e)
                if model
                    .types
                    .get(&e.ident.to_string())
                    .is_some_and(|def| def.kind == Kind::Union) =>
            {
                Some(e.ident.to_string())
            }
            _ => None,
        })
        .collect();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        for field in &mut fields.named {
            box_in_option(&mut field.ty, &objects);
        }
    }
}

/// Rewrites `Option<T>` (and `Option<Option<T>>`) as `Option<Box<T>>` when `T` is one of
/// `objects`.
fn box_in_option(ty: &mut Type, objects: &BTreeSet<String>) {
    let Some(inner) = option_inner(ty) else {
        return;
    };
    if option_inner(inner).is_some() {
        if let Some(inner) = option_inner_mut(ty) {
            box_in_option(inner, objects);
        }
        return;
    }
    let Type::Path(path) = inner else { return };
    let is_object = path.qself.is_none()
        && path.path.segments.len() == 1
        && objects.contains(&path.path.segments[0].ident.to_string());
    if !is_object {
        return;
    }
    let boxed: Type = parse_quote!(::std::boxed::Box<#inner>);
    if let Some(slot) = option_inner_mut(ty) {
        *slot = boxed;
    }
}

/// `T` of `Option<T>`, to change it.
fn option_inner_mut(ty: &mut Type) -> Option<&mut Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last_mut()?;
    if last.ident != "Option" {
        return None;
    }
    match &mut last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter_mut().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn optional_structs_are_boxed_whatever_their_size_required_ones_and_newtypes_are_not() {
        let mut file: File = parse_quote! {
            pub struct Big { pub a: u8, pub b: u8, pub c: u8, pub d: u8 }
            pub struct Small { pub href: String }
            pub struct Holder {
                pub big: Option<Big>,
                pub nullable_big: Option<Option<Big>>,
                pub small: Option<Small>,
                pub required: Big,
                pub list: Vec<Big>,
                pub names: Option<Names>,
            }
            pub struct Names(pub Vec<String>);
        };
        box_optional_objects(&mut file, &Model::default());
        let Item::Struct(holder) = &file.items[2] else {
            panic!("a struct")
        };
        let types: Vec<String> = holder
            .fields
            .iter()
            .map(|f| f.ty.to_token_stream().to_string().replace(' ', ""))
            .collect();
        assert_eq!(
            types,
            [
                "Option<::std::boxed::Box<Big>>",
                "Option<Option<::std::boxed::Box<Big>>>",
                "Option<::std::boxed::Box<Small>>",
                "Big",
                "Vec<Big>",
                "Option<Names>",
            ]
        );
    }
}
