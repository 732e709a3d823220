//! Post-pass: gives the branches of each union the names [`variants`](crate::variants)
//! chose, in place of typify's (which are the branch types' names, or `Variant0`, …).
//!
//! Expects of typify's output (test `expectations::variants`): a union's variants are one-field
//! tuple variants, in branch order.

use std::collections::BTreeMap;

use syn::visit_mut::VisitMut;
use syn::{File, Item};

/// Renames, in each enum of `unions` (type name → branch names in order), its variants and
/// every `Self::Old`/`Type::Old` path in the impls of that type.
pub(crate) fn rename_variants(file: &mut File, unions: &BTreeMap<&str, &[String]>) {
    let mut renames: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for item in &mut file.items {
        let Item::Enum(item) = item else { continue };
        let name = item.ident.to_string();
        let Some(new_names) = unions.get(name.as_str()) else {
            continue;
        };
        if item.variants.len() != new_names.len() {
            continue;
        }
        let mut map = BTreeMap::new();
        for (variant, new) in item.variants.iter_mut().zip(new_names.iter()) {
            if variant.ident != new {
                map.insert(variant.ident.to_string(), new.clone());
                variant.ident = syn::Ident::new(new, variant.ident.span());
            }
        }
        if !map.is_empty() {
            renames.insert(name, map);
        }
    }
    if renames.is_empty() {
        return;
    }
    for item in &mut file.items {
        let Item::Impl(imp) = item else { continue };
        let syn::Type::Path(self_ty) = imp.self_ty.as_ref() else {
            continue;
        };
        let Some(last) = self_ty.path.segments.last() else {
            continue;
        };
        let owner = last.ident.to_string();
        if let Some(map) = renames.get(&owner) {
            RenamePaths { owner: &owner, map }.visit_item_impl_mut(imp);
        }
    }
}

struct RenamePaths<'a> {
    owner: &'a str,
    map: &'a BTreeMap<String, String>,
}

impl VisitMut for RenamePaths<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let segments = &mut path.segments;
        if segments.len() == 2 {
            let first = segments[0].ident.to_string();
            if first == "Self" || first == self.owner {
                let old = segments[1].ident.to_string();
                if let Some(new) = self.map.get(&old) {
                    segments[1].ident = syn::Ident::new(new, segments[1].ident.span());
                }
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn variants_and_their_uses_in_impls_are_renamed() {
        let mut file: File = syn::parse_quote! {
            pub enum U { Variant0(i64), Variant1(String) }
            impl From<i64> for U { fn from(v: i64) -> Self { Self::Variant0(v) } }
            impl std::fmt::Display for U {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { U::Variant0(x) => x.fmt(f), Self::Variant1(x) => x.fmt(f) }
                }
            }
        };
        let names = ["Integer".to_owned(), "Text".to_owned()];
        rename_variants(&mut file, &[("U", &names[..])].into());
        let text = file.to_token_stream().to_string();
        assert!(!text.contains("Variant"), "{text}");
        assert!(text.contains("Self :: Integer (v)") && text.contains("U :: Integer (x)"));
        assert!(text.contains("Self :: Text (x)"));
    }
}
