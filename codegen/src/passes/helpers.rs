//! The free functions generated code calls (`deserialize_with` targets and the pieces the
//! discriminated decoders share), each written once per module, by the first pass that
//! needs it.

use syn::{parse_quote, File, Item, ItemFn};

/// A helper function the passes' output may call.
#[derive(Clone, Copy)]
pub(crate) enum Helper {
    /// `deserialize_present`: a property present, even as `null`, read into `Some`.
    Present,
    /// `value_as`: a property read as JSON, converted to one branch's type.
    ValueAs,
}

impl Helper {
    /// The function's name, as generated code calls it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Helper::Present => "deserialize_present",
            Helper::ValueAs => "value_as",
        }
    }

    fn definition(self) -> ItemFn {
        match self {
            Helper::Present => parse_quote! {
                /// Deserializes a property that is present, even as `null`, into `Some`; with
                /// `#[serde(default)]` an absent property stays `None`, so absent and `null` differ.
                fn deserialize_present<'de, T, D>(
                    deserializer: D,
                ) -> ::std::result::Result<::std::option::Option<T>, D::Error>
                where
                    T: ::serde::Deserialize<'de>,
                    D: ::serde::Deserializer<'de>,
                {
                    T::deserialize(deserializer).map(::std::option::Option::Some)
                }
            },
            Helper::ValueAs => parse_quote! {
                /// A property of a union read as JSON (its branches give it different types),
                /// converted to the chosen branch's type.
                fn value_as<T: ::serde::de::DeserializeOwned, E: ::serde::de::Error>(
                    value: ::std::option::Option<::serde_json::Value>,
                ) -> ::std::result::Result<::std::option::Option<T>, E> {
                    value
                        .map(|v| T::deserialize(v).map_err(E::custom))
                        .transpose()
                }
            },
        }
    }
}

/// Adds `helper` to `file` unless it is there already.
pub(crate) fn ensure(file: &mut File, helper: Helper) {
    let present = file
        .items
        .iter()
        .any(|item| matches!(item, Item::Fn(f) if f.sig.ident == helper.name()));
    if !present {
        file.items.push(Item::Fn(helper.definition()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_helper_is_written_once() {
        let mut file: File = parse_quote!(
            struct A;
        );
        ensure(&mut file, Helper::Present);
        ensure(&mut file, Helper::ValueAs);
        ensure(&mut file, Helper::Present);
        let names: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["deserialize_present", "value_as"]);
    }
}
