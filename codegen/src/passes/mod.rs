//! The post-passes over typify's output, in the order they run (typify itself, through its
//! settings, names the types as ours, converts hrefs, date-times and numbers, and leaves the
//! open enums to us): union branches renamed, every property of what reads leniently
//! an `Option`, requests' optional properties made lossless, responses' enums opened,
//! optional objects boxed, requests' unions decoded by their discriminator, constructors for
//! what requests carry (everything `#[non_exhaustive]`), docs from the schema, responses read
//! the PCE's way, secrets kept out of `Debug`, `to_update()` for each object a collection
//! answers, requests read and written without serde's derives, aliases added.

mod aliases;
mod boxing;
mod constructors;
mod derives;
mod discriminated;
mod docs;
#[cfg(test)]
mod expectations;
mod fields;
mod helpers;
mod lenient;
mod lossless;
mod open_enums;
mod requests;
mod secrets;
mod updates;
mod variants;

use std::collections::BTreeMap;

use syn::File;

use crate::model::Model;

/// Runs every post-pass over `file`, typify's output for `model`.
pub(crate) fn polish(file: &mut File, model: &Model) {
    let unions: BTreeMap<&str, &[String]> = model
        .types
        .iter()
        .filter(|(_, def)| !def.variants.is_empty())
        .map(|(name, def)| (name.as_str(), def.variants.as_slice()))
        .collect();
    variants::rename_variants(file, &unions);
    lenient::optional_fields(file, model);
    lossless::make_lossless(file, model);
    open_enums::open_enums(file, model);
    boxing::box_optional_objects(file, model);
    discriminated::decode_by_discriminator(file, model);
    constructors::constructors(file, model);
    docs::document(file, &model.types, &model.history);
    lenient::read_the_pce_way(file, model);
    secrets::redact_debug(file);
    updates::to_update(file, model);
    requests::read_and_write(file, model);
    aliases::add_aliases(file, &model.aliases);
}
