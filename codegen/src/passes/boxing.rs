//! Post-pass: an absent object costs a pointer. A field that may be absent (`Option<T>`, or
//! `Option<Option<T>>` when it may also be `null`) and holds a generated struct of
//! [`BOXED_FROM`] fields or more is `Option<Box<T>>`, so that a large response type (a
//! 25.2.20 workload is some 3 KB inline) does not carry every optional object it seldom has:
//! 50,000 of them take some 15% less memory. Required objects stay inline.
//!
//! Nothing else changes for users: fields read through the box (`w.risk_summary.as_ref()
//! .map(|r| &r.ransomware)`), setters still take the object itself (`Box<T>: From<T>`), and
//! serde reads and writes a `Box<T>` as it does a `T`.

use std::collections::BTreeSet;

use syn::{parse_quote, Fields, File, Item, Type};

use super::fields::option_inner;

/// The number of fields from which an optional struct is boxed: four fields are about 100
/// bytes inline, against 8 for the box.
pub(crate) const BOXED_FROM: usize = 4;

/// Boxes the optional fields of every struct that hold a struct of `BOXED_FROM` fields or more.
pub(crate) fn box_large_optional_objects(file: &mut File) {
    let large: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) if matches!(&s.fields, Fields::Named(f) if f.named.len() >= BOXED_FROM) => {
                Some(s.ident.to_string())
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
            box_in_option(&mut field.ty, &large);
        }
    }
}

/// Rewrites `Option<T>` (and `Option<Option<T>>`) as `Option<Box<T>>` when `T` is one of
/// `large`.
fn box_in_option(ty: &mut Type, large: &BTreeSet<String>) {
    let Some(inner) = option_inner(ty) else {
        return;
    };
    if option_inner(inner).is_some() {
        if let Some(inner) = option_inner_mut(ty) {
            box_in_option(inner, large);
        }
        return;
    }
    let Type::Path(path) = inner else { return };
    let is_large = path.qself.is_none()
        && path.path.segments.len() == 1
        && large.contains(&path.path.segments[0].ident.to_string());
    if !is_large {
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
    fn optional_large_structs_are_boxed_small_and_required_ones_are_not() {
        let mut file: File = parse_quote! {
            pub struct Big { pub a: u8, pub b: u8, pub c: u8, pub d: u8 }
            pub struct Small { pub href: String }
            pub struct Holder {
                pub big: Option<Big>,
                pub nullable_big: Option<Option<Big>>,
                pub small: Option<Small>,
                pub required: Big,
                pub list: Vec<Big>,
            }
        };
        box_large_optional_objects(&mut file);
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
                "Option<Small>",
                "Big",
                "Vec<Big>",
            ]
        );
    }
}
