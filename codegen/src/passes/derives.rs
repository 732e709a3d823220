//! Changing the derives of a generated item.

use syn::parse_quote;

/// Removes `names` from each `#[derive(...)]` among `attrs`, then adds `added`.
pub(crate) fn replace_derives(attrs: &mut [syn::Attribute], names: &[&str], added: &[&str]) {
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        replace_in(attr, names, added);
    }
}

/// Removes `names` from each `#[derive(...)]` among `attrs`.
pub(crate) fn drop_derives(attrs: &mut [syn::Attribute], names: &[&str]) {
    replace_derives(attrs, names, &[]);
}

/// Removes `names` from the `#[derive(...)]` `attr`, then adds `added`.
fn replace_in(attr: &mut syn::Attribute, names: &[&str], added: &[&str]) {
    drop_in(attr, names);
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

/// Removes `names` from the `#[derive(...)]` `attr`.
fn drop_in(attr: &mut syn::Attribute, names: &[&str]) {
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
