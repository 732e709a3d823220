//! Post-pass: JSON numbers as `serde_json::Number`, not `f64`.
//!
//! A `number` property holding `5` would come back as `5.0` through an `f64`; a
//! `serde_json::Number` keeps integers and floats as they were written. The derives `Number`
//! does not implement (`Copy`, `PartialOrd`, `Ord`, `Default`) come off the types that hold one.
//!
//! Expects of typify's output (test `expectations::numbers_and_hrefs`): a `number` is an `f64`.

use syn::visit_mut::VisitMut;
use syn::{parse_quote, File, Item};

use super::derives::drop_derives;

/// Replaces every `f64` in `file`.
pub(crate) fn numbers_as_json(file: &mut File) {
    for item in &mut file.items {
        let mut replace = ReplaceF64 { replaced: false };
        replace.visit_item_mut(item);
        if replace.replaced {
            let attrs = match item {
                Item::Struct(s) => &mut s.attrs,
                Item::Enum(e) => &mut e.attrs,
                _ => continue,
            };
            for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
                drop_derives(attr, &["Copy", "PartialOrd", "Ord", "Default"]);
            }
        }
    }
}

struct ReplaceF64 {
    replaced: bool,
}

impl VisitMut for ReplaceF64 {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(path) = ty {
            if path.qself.is_none() && path.path.is_ident("f64") {
                *ty = parse_quote!(::serde_json::Number);
                self.replaced = true;
                return;
            }
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn floats_become_json_numbers_and_lose_the_derives_numbers_lack() {
        let mut file: File = syn::parse_quote! {
            #[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
            pub struct Ratio(pub f64);
            #[derive(Clone, Copy)]
            pub struct Count(pub i64);
        };
        numbers_as_json(&mut file);
        let text = file.to_token_stream().to_string();
        assert!(text.contains("# [derive (Clone , Debug , PartialEq)] pub struct Ratio (pub :: serde_json :: Number)"), "{text}");
        assert!(
            text.contains("# [derive (Clone , Copy)] pub struct Count (pub i64)"),
            "{text}"
        );
    }
}
