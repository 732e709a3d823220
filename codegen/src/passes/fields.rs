//! What the post-passes read off a generated field: its JSON name and serde options, and the
//! `T` of an `Option<T>`.

use std::collections::BTreeMap;

use syn::{Field, Type};

/// The JSON name of a field: its `serde(rename)` or its identifier.
pub(crate) fn json_name(field: &Field) -> String {
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
pub(crate) fn serde_options(field: &Field) -> BTreeMap<String, Option<String>> {
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
