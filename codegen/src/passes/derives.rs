//! Changing the derives of a generated item.

use syn::parse_quote;

/// Removes `names` from a `#[derive(...)]`, then adds `added`.
pub(crate) fn replace_derives(attr: &mut syn::Attribute, names: &[&str], added: &[&str]) {
    drop_derives(attr, names);
    let Ok(mut paths) = attr.parse_args_with(
        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
    ) else {
        return;
    };
    for name in added {
        paths.push(syn::Ident::new(name, proc_macro2::Span::call_site()).into());
    }
    *attr = parse_quote!(#[derive(#paths)]);
}

/// Removes `names` from a `#[derive(...)]`.
pub(crate) fn drop_derives(attr: &mut syn::Attribute, names: &[&str]) {
    let Ok(paths) = attr.parse_args_with(
        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
    ) else {
        return;
    };
    let kept: Vec<&syn::Path> = paths
        .iter()
        .filter(|p| {
            let last = p
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            !names.contains(&last.as_str())
        })
        .collect();
    *attr = parse_quote!(#[derive(#(#kept),*)]);
}
