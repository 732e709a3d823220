//! The post-passes over typify's output, in the order they run: names respelt as ours,
//! union branches renamed, numbers kept as written, optional properties made lossless,
//! responses' enums opened, unions decoded by their discriminator, constructors for what
//! requests carry (everything `#[non_exhaustive]`), large optional objects boxed, docs from the
//! schema, secrets kept out of `Debug`, aliases added.

mod aliases;
mod boxing;
mod constructors;
mod derives;
mod discriminated;
mod docs;
mod fields;
mod helpers;
mod lossless;
mod numbers;
mod open_enums;
mod respell;
mod secrets;
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
    open_enums::open_enums(file, model);
    discriminated::decode_by_discriminator(file, model);
    constructors::constructors(file, model);
    boxing::box_large_optional_objects(file);
    docs::document(file, &model.types);
    secrets::redact_debug(file);
    aliases::add_aliases(file, &model.aliases);
}
