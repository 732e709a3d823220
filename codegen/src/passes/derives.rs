//! Reading and changing the derives of a generated item.

use syn::punctuated::Punctuated;
use syn::{parse_quote, Attribute, Path, Token};

/// Whether a `#[derive(...)]` among `attrs` names `name` (however the path is spelt).
pub(crate) fn derives(attrs: &[Attribute], name: &str) -> bool {
    attrs
        .iter()
        .filter_map(derived)
        .any(|paths| paths.iter().any(|p| last_name(p) == name))
}

/// Removes `names` from each `#[derive(...)]` among `attrs`, then adds `added`.
pub(crate) fn replace_derives(attrs: &mut [Attribute], names: &[&str], added: &[&str]) {
    for attr in attrs.iter_mut() {
        let Some(paths) = derived(attr) else { continue };
        let kept = paths
            .into_iter()
            .filter(|p| !names.contains(&last_name(p).as_str()));
        let added = added
            .iter()
            .map(|name| Path::from(syn::Ident::new(name, proc_macro2::Span::call_site())));
        let paths: Vec<Path> = kept.chain(added).collect();
        *attr = parse_quote!(#[derive(#(#paths),*)]);
    }
}

/// Removes `names` from each `#[derive(...)]` among `attrs`.
pub(crate) fn drop_derives(attrs: &mut [Attribute], names: &[&str]) {
    replace_derives(attrs, names, &[]);
}

/// The paths a `#[derive(...)]` names (`None` for another attribute).
fn derived(attr: &Attribute) -> Option<Punctuated<Path, Token![,]>> {
    if !attr.path().is_ident("derive") {
        return None;
    }
    attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
        .ok()
}

/// The last segment of a path (`Deserialize` of `::serde::Deserialize`).
fn last_name(path: &Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}
