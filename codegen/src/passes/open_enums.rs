//! Post-pass: a response's string enum keeps the values it does not know.
//!
//! typify's enum of an `enum` schema refuses any other value, so the first value a newer PCE
//! adds to a response would make every call fail. Such an enum (one reached by responses)
//! is written here instead, with an `Other(String)` variant that keeps the value as sent:
//! decoding never fails on a string, and encoding gives back the same string. `as_str` gives
//! the value, `From<&str>` and `FromStr` (which cannot fail) make one. The impls come from
//! one `macro_rules!` the module defines, so each enum costs one line beside its definition.
//!
//! Expects of typify's output (test `expectations::open_enums`): a response's enum, given to
//! typify by `with_replacement`, is only named in fields, never written.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};
use syn::{parse_quote, File, Item};

use crate::keywords::strings;
use crate::lower::Kind;
use crate::model::Model;
use crate::words::pascal;

/// Adds the model's open enums (typify, told they exist, wrote none of them) and the macro and
/// helper they use.
pub(crate) fn open_enums(file: &mut File, model: &Model) {
    let mut enums: Vec<(String, Vec<Item>)> = model
        .types
        .iter()
        .filter(|(_, def)| def.kind == Kind::OpenEnum)
        .map(|(name, def)| {
            let values: Vec<String> = strings(&def.schema, "enum");
            (name.clone(), open_enum(name, &values))
        })
        .collect();
    let any = !enums.is_empty();
    enums.reverse();
    let mut items = Vec::with_capacity(file.items.len() + enums.len() * 2);
    for item in std::mem::take(&mut file.items) {
        let name = match &item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        };
        while let Some(name) = &name {
            match enums.last() {
                Some((next, _)) if next < name => {
                    if let Some((_, generated)) = enums.pop() {
                        items.extend(generated);
                    }
                }
                _ => break,
            }
        }
        items.push(item);
    }
    items.extend(enums.into_iter().rev().flat_map(|(_, generated)| generated));
    file.items = items;
    if any {
        file.items.insert(0, parse_quote! {
            /// The impls of an open enum: `as_str`, `From<&str>`, `FromStr`, `Display`, serde and
            /// lenient reading (any string fits), all through the value as the PCE spells it.
            macro_rules! open_enum_impls {
                ($name:ident, $other:ident { $($variant:ident => $value:literal,)* }) => {
                    impl $name {
                        /// The value as the PCE spells it.
                        pub fn as_str(&self) -> &str {
                            match self {
                                $(Self::$variant => $value,)*
                                Self::$other(value) => value,
                            }
                        }
                    }
                    impl ::std::convert::From<&str> for $name {
                        fn from(value: &str) -> Self {
                            match value {
                                $($value => Self::$variant,)*
                                other => Self::$other(other.to_owned()),
                            }
                        }
                    }
                    impl ::std::str::FromStr for $name {
                        type Err = ::std::convert::Infallible;
                        fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                            ::std::result::Result::Ok(Self::from(value))
                        }
                    }
                    impl ::std::fmt::Display for $name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(self.as_str())
                        }
                    }
                    impl ::serde::Serialize for $name {
                        fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                            serializer.serialize_str(self.as_str())
                        }
                    }
                    impl<'de> ::serde::Deserialize<'de> for $name {
                        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                            deserialize_via_str(deserializer)
                        }
                    }
                    impl ::illumio_pce_lenient::Accept for $name {
                        fn str(value: &str) -> ::std::option::Option<Self> {
                            ::std::option::Option::Some(Self::from(value))
                        }
                    }
                    impl ::illumio_pce_lenient::Lenient for $name {
                        fn read<'de, D: ::serde::Deserializer<'de>>(
                            deserializer: D,
                        ) -> ::std::result::Result<::illumio_pce_lenient::Read<Self>, D::Error> {
                            ::illumio_pce_lenient::read_any(deserializer)
                        }
                    }
                };
            }
        });
        file.items.push(parse_quote! {
            /// Deserializes a string through `From<&str>`, allocating only for a value it
            /// does not know.
            fn deserialize_via_str<'de, T, D>(deserializer: D) -> ::std::result::Result<T, D::Error>
            where
                T: for<'a> ::std::convert::From<&'a str>,
                D: ::serde::Deserializer<'de>,
            {
                struct Visitor<T>(::std::marker::PhantomData<T>);
                impl<'de, T: for<'a> ::std::convert::From<&'a str>> ::serde::de::Visitor<'de> for Visitor<T> {
                    type Value = T;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
                        ::std::result::Result::Ok(T::from(value))
                    }
                }
                deserializer.deserialize_str(Visitor(::std::marker::PhantomData))
            }
        });
    }
}

/// The open enum `name` of `values`, and its impls.
fn open_enum(name: &str, values: &[String]) -> Vec<Item> {
    let name = Ident::new(name, Span::call_site());
    let mut taken = BTreeSet::new();
    let idents: Vec<Ident> = values
        .iter()
        .map(|value| {
            let word = if value.is_empty() {
                "Empty".to_owned()
            } else {
                pascal(value)
            };
            let unique = (1..)
                .map(|n| {
                    if n == 1 {
                        word.clone()
                    } else {
                        format!("{word}{n}")
                    }
                })
                .find(|candidate| taken.insert(candidate.clone()))
                .unwrap_or(word);
            Ident::new(&unique, Span::call_site())
        })
        .collect();
    let other = Ident::new(
        if taken.contains("Other") {
            "OtherValue"
        } else {
            "Other"
        },
        Span::call_site(),
    );
    let definition: Item = parse_quote! {
        #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #(#[doc = concat!(" `", #values, "`")] #idents,)*
            /// A value this release's schema does not list, kept as the PCE sent it.
            #other(::std::string::String),
        }
    };
    let impls: Item = parse_quote! {
        open_enum_impls!(#name, #other { #(#idents => #values,)* });
    };
    vec![definition, impls]
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn values_name_the_variants_and_other_keeps_the_rest() {
        let items = open_enum(
            "State",
            &[
                "active".into(),
                "other".into(),
                "".into(),
                "a-b".into(),
                "a_b".into(),
            ],
        );
        let text: String = items
            .iter()
            .map(|i| i.to_token_stream().to_string())
            .collect();
        assert!(
            text.contains("Active , # [doc = concat ! (\" `\" , \"other\" , \"`\")] Other"),
            "{text}"
        );
        assert!(
            text.contains("OtherValue (:: std :: string :: String)"),
            "{text}"
        );
        assert!(
            text.contains("Empty") && text.contains("AB , ") && text.contains("AB2"),
            "{text}"
        );
        assert!(text.contains("open_enum_impls ! (State , OtherValue { Active => \"active\" , Other => \"other\" ,"), "{text}");
    }
}
