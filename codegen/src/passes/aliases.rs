//! Post-pass: the named schemas that are only a `$ref` to another, as type aliases.
//!
//! Expects nothing of typify's output: the aliases are added beside it.

use syn::{parse_quote, File, Item};

use super::docs::{set_doc, type_doc};
use crate::naming::Alias;

/// Appends `pub type Alias = Target;` for each alias.
pub(crate) fn add_aliases(file: &mut File, aliases: &[Alias]) {
    for alias in aliases {
        let name = syn::Ident::new(&alias.name, proc_macro2::Span::call_site());
        let target = syn::Ident::new(&alias.target, proc_macro2::Span::call_site());
        let mut item: syn::ItemType = parse_quote!(pub type #name = #target;);
        let doc = format!("The schema of [`{}`], by another name.", alias.target);
        set_doc(
            &mut item.attrs,
            &type_doc(Some(&doc), &alias.origin.to_string()),
        );
        file.items.push(Item::Type(item));
    }
}
