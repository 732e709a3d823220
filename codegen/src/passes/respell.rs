//! Post-pass: gives the types typify re-cased their names back (`XYGet`, not `XyGet`).
//!
//! Expects of typify's output (test `expectations::respell`): each type is named as
//! `words::typify_spelling` spells it (`XYThing` as `XyThing`).

use std::collections::BTreeMap;

use syn::visit_mut::VisitMut;

use crate::words::typify_spelling;

/// Gives the types typify re-cased their names back, in every identifier that spells them
/// (or starts with them, as typify's names for nested enums do) and in typify's
/// one-word doc comments.
pub(crate) fn restore_names<'a>(file: &mut syn::File, names: impl Iterator<Item = &'a String>) {
    let respelt: BTreeMap<String, String> = names
        .filter_map(|name| {
            let typify = typify_spelling(name);
            (typify != *name).then(|| (typify, name.clone()))
        })
        .collect();
    if !respelt.is_empty() {
        RestoreNames { respelt }.visit_file_mut(file);
    }
}

struct RestoreNames {
    /// typify's spelling → ours.
    respelt: BTreeMap<String, String>,
}

impl RestoreNames {
    /// Ours for `ident` when it is, or starts with, a respelt name followed by a new word.
    fn restored(&self, ident: &str) -> Option<String> {
        if let Some(ours) = self.respelt.get(ident) {
            return Some(ours.clone());
        }
        self.respelt
            .iter()
            .filter(|(typify, _)| {
                ident.starts_with(typify.as_str())
                    && ident[typify.len()..].starts_with(|c: char| c.is_ascii_uppercase())
            })
            .max_by_key(|(typify, _)| typify.len())
            .map(|(typify, ours)| format!("{ours}{}", &ident[typify.len()..]))
    }
}

impl VisitMut for RestoreNames {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if let Some(ours) = self.restored(&ident.to_string()) {
            *ident = syn::Ident::new(&ours, ident.span());
        }
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if let syn::Meta::NameValue(doc) = &mut attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &mut doc.value
            {
                let value = text.value();
                if let Some(ours) = value
                    .strip_prefix('`')
                    .and_then(|v| v.strip_suffix('`'))
                    .and_then(|n| self.restored(n))
                {
                    *text = syn::LitStr::new(&format!("`{ours}`"), text.span());
                }
            }
        }
    }
}
