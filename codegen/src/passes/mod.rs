//! The post-passes over typify's output, in the order they run: names respelt as ours,
//! union branches renamed, numbers kept as written, optional properties made lossless,
//! docs from the schema, aliases added.

mod aliases;
mod docs;
mod fields;
mod lossless;
mod numbers;
mod respell;
mod variants;

use std::collections::BTreeMap;

use syn::File;

use crate::model::Model;

/// Runs every post-pass over `file`, typify's output for `model`.
pub(crate) fn polish(file: &mut File, model: &Model) {
    respell::restore_names(file, model.types.keys());
    let unions: BTreeMap<&str, &[String]> = model
        .types
        .iter()
        .filter(|(_, def)| !def.variants.is_empty())
        .map(|(name, def)| (name.as_str(), def.variants.as_slice()))
        .collect();
    variants::rename_variants(file, &unions);
    numbers::numbers_as_json(file);
    lossless::make_lossless(file, &model.objects);
    docs::document(file, &model.types);
    aliases::add_aliases(file, &model.aliases);
}
