//! Post-processing of typify's output for requests, so that decoding then encoding a payload
//! gives back the same JSON.
//!
//! typify skips an optional array when it is empty, turns an optional `null` into an absent
//! property and accepts `null` for an optional property whose schema forbids it; the PCE
//! reads `"x": []`, `"x": null` and no `x` differently in a PUT (clear, clear, leave
//! unchanged). Here every optional property of a request's struct becomes `Option<T>`
//! (absent = `None`) where `T` takes `null` only if the schema does; one that may be `null`
//! becomes `Option<Option<T>>` (`null` = `Some(None)`); `#[serde(default)]` marks it optional
//! for the `requests` pass, whose reading gives a present value, even `null`, as `Some`. What
//! reads leniently keeps `null` apart from absent its own way (the `lenient` pass).
//!
//! Expects of typify's output (test `expectations::lossless_boxing_and_constructors`): an
//! optional property is `Option<T>`, an optional array a `Vec<T>` skipped when empty.

use syn::{parse_quote, Attribute, Field, Fields, File, Item};

use super::fields::{json_name, option_inner, serde_rename};
use super::lenient::is_lenient;
use crate::model::{Model, Presence};

/// Rewrites the optional fields of the model's strict structs.
pub(crate) fn make_lossless(file: &mut File, model: &Model) {
    let unrenamed: Attribute = parse_quote! {
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
    };
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let name = item.ident.to_string();
        if is_lenient(model, &name) {
            continue;
        }
        let Some(properties) = model.objects.get(&name) else {
            continue;
        };
        let Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        for field in &mut fields.named {
            if let Some(presence) = properties.get(&json_name(field)) {
                patch_field(field, *presence, &unrenamed);
            }
        }
    }
}

/// Makes one optional field an `Option` over a type that takes `null` only if the schema
/// does.
fn patch_field(field: &mut Field, presence: Presence, unrenamed: &Attribute) {
    let wrap = match (presence, option_inner(&field.ty)) {
        (Presence::Required | Presence::RequiredOrNull, _) => return,
        (Presence::Optional, Some(_)) => false,
        (Presence::Optional | Presence::OptionalOrNull, _) => true,
    };
    let attr = match serde_rename(field) {
        Some(rename) => parse_quote! {
            #[serde(
                rename = #rename,
                default,
                skip_serializing_if = "::std::option::Option::is_none"
            )]
        },
        None => unrenamed.clone(),
    };
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    field.attrs.push(attr);
    if wrap {
        let old = field.ty.clone();
        field.ty = parse_quote!(::std::option::Option<#old>);
    }
}
