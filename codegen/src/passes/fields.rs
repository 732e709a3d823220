//! What the post-passes read off a generated field: its JSON name, the `T` of an
//! `Option<T>`, and whether it is the `extra` map.

use proc_macro2::TokenTree;
use quote::ToTokens;
use syn::{Field, Type};

/// The JSON name of a field: its `serde(rename)` or its identifier.
pub(crate) fn json_name(field: &Field) -> String {
    serde_rename(field).unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned())
            .unwrap_or_default()
    })
}

/// The `rename = "…"` of a field's `#[serde(...)]`.
pub(crate) fn serde_rename(field: &Field) -> Option<String> {
    rename_in(&field.attrs)
}

/// The `rename = "…"` of the `#[serde(...)]` among `attrs`, read off its tokens (parsing every
/// attribute of every field with `syn` cost more than the rest of the pass).
pub(crate) fn rename_in(attrs: &[syn::Attribute]) -> Option<String> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let mut tokens = list.tokens.clone().into_iter();
        while let Some(token) = tokens.next() {
            let TokenTree::Ident(ident) = &token else {
                continue;
            };
            if ident != "rename" {
                continue;
            }
            let (Some(TokenTree::Punct(eq)), Some(TokenTree::Literal(lit))) =
                (tokens.next(), tokens.next())
            else {
                continue;
            };
            if eq.as_char() == '=' {
                if let syn::Lit::Str(text) = syn::Lit::new(lit) {
                    return Some(text.value());
                }
            }
        }
    }
    None
}

/// `T` of `Option<T>` (however the path is spelt).
pub(crate) fn option_inner(ty: &Type) -> Option<&Type> {
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

/// Whether `field` is the flattened `extra` map that keeps the properties a type does not
/// name.
pub(crate) fn is_extra(field: &Field) -> bool {
    field.ident.as_ref().is_some_and(|i| i == "extra")
        && field.attrs.iter().any(|a| {
            a.path().is_ident("serde") && a.to_token_stream().to_string().contains("flatten")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn the_json_name_is_the_rename_or_the_identifier() {
        let renamed: syn::FieldsNamed = parse_quote!({
            #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
            pub type_: Option<String>,
            #[serde(default)]
            pub r#match: String,
            pub plain: i64,
        });
        let names: Vec<String> = renamed.named.iter().map(json_name).collect();
        assert_eq!(names, ["type", "match", "plain"]);
    }
}
