//! How the types generated from Illumio's PCE schemas read what a PCE sends.
//!
//! Illumio's published schemas are not what PCEs send: `null` where a schema says string,
//! properties it marks required left out, an array where it says object. Every type the
//! generator makes for a response therefore reads the PCE's way:
//!
//! - every property is an `Option<T>`: absent and `null` read `None`;
//! - a value that does not fit its field's type (another JSON type, a number out of range) is
//!   kept as it came in the object's `extra` ([`Extra`], a map), under its name, and the field
//!   reads `None`;
//! - properties the schema does not name are kept in `extra` too;
//! - decoding never fails on what is inside an object, at any depth, and encoding gives back
//!   the JSON received: `null` stays `null` (the object remembers which properties were
//!   `null`), absent stays absent, a value that did not fit comes back as it was.
//!
//! Users read fields, and from this crate need [`Extra`] (what did not fit, or was added),
//! [`Object::is_null`] (`null` or absent), [`Href`] (every object's address), [`Timestamp`]
//! (a `date-time`, as a `chrono::DateTime<Utc>` that keeps its text), and with the
//! `audit` feature `audit`. The traits, functions and macros the generated code implements
//! them with are public for that code only, and hidden from these docs (as serde's and
//! progenitor's are); they may change with any release of the generator. The example writes
//! a type as the generated code does:
//!
//! ```
//! use illumio_pce_lenient::object;
//!
//! /// A workload, as a generated response type reads it.
//! #[derive(Clone, Debug, Default, PartialEq)]
//! pub struct Workload {
//!     pub hostname: Option<String>,
//!     pub online: Option<bool>,
//!     pub extra: illumio_pce_lenient::Extra,
//! }
//! object!(Workload { 0 hostname: "hostname", 1 online: "online" });
//!
//! let text = r#"{"hostname": null, "online": "yes", "new_in_26": 1}"#;
//! let workload: Workload = serde_json::from_str(text)?;
//! assert_eq!(workload.hostname, None);
//! assert_eq!(workload.online, None);                 // did not fit: kept in `extra`
//! assert_eq!(workload.extra["online"], "yes");
//! assert_eq!(workload.extra["new_in_26"], 1);
//! assert_eq!(
//!     serde_json::to_value(&workload)?,
//!     serde_json::from_str::<serde_json::Value>(text)?,
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

mod accept;
#[cfg(feature = "audit")]
mod audit;
mod extra;
mod href;
mod nulls;
mod object;
mod read;
mod request;
mod timestamp;
mod union;
mod update;

#[doc(hidden)]
pub use accept::{read_any, Accept};
#[cfg(feature = "audit")]
pub use audit::audit;
pub use extra::Extra;
pub use href::Href;
#[doc(hidden)]
pub use nulls::Nulls;
pub use object::Object;
#[doc(hidden)]
pub use object::{object, property, write_object, Field};
#[doc(hidden)]
pub use read::{read_strict, Lenient, Read};
#[doc(hidden)]
pub use request::{next_property, put, request, required, write_request, Others, Refuse, Request};
pub use timestamp::Timestamp;
#[doc(hidden)]
pub use union::{union, Branch, Kind, Union};
#[doc(hidden)]
pub use update::{update_body, Keep};

/// Re-exported for the macros' expansions.
#[doc(hidden)]
pub use erased_serde as __erased_serde;
#[doc(hidden)]
pub use serde as __serde;
#[doc(hidden)]
pub use serde_json as __serde_json;

/// Implements reading and writing of a generated response struct: `Deserialize` (any JSON
/// object, never failing on what is inside), `Serialize` (the JSON it was read from),
/// [`Lenient`] and [`Object`].
///
/// The struct has an `Option` field per property and `extra: Extra`, and implements `Default`.
/// Each entry gives the property's index (its bit in [`Nulls`]), field and JSON name. The
/// methods that are not generic are `#[inline]`, so that like the generic ones they are
/// compiled in the program that uses the type, not in a generated crate for all its types.
#[doc(hidden)]
#[macro_export]
macro_rules! object {
    ($name:ident { $($index:literal $field:ident : $json:literal),* $(,)? }) => {
        impl $crate::Object for $name {
            #[inline]
            fn index(name: &str) -> ::std::option::Option<usize> {
                match name {
                    $($json => ::std::option::Option::Some($index),)*
                    _ => ::std::option::Option::None,
                }
            }
            fn read_property<'de, A: $crate::__serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                repeated: bool,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                match index {
                    $($index => $crate::property(
                        &mut self.$field,
                        $index,
                        $json,
                        &mut self.extra,
                        repeated,
                        map,
                    ),)*
                    _ => ::std::result::Result::Ok(()),
                }
            }
            #[inline]
            fn extra(&self) -> &$crate::Extra {
                &self.extra
            }
            #[inline]
            fn extra_mut(&mut self) -> &mut $crate::Extra {
                &mut self.extra
            }
        }
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::object(deserializer)
            }
        }
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::write_object::<Self, S>(
                    serializer,
                    &[$($json),*],
                    &[$(&self.$field),*],
                    &self.extra,
                )
            }
        }
        impl $crate::Accept for $name {
            fn map<'de, A: $crate::__serde::de::MapAccess<'de>>(
                map: A,
            ) -> ::std::result::Result<$crate::Read<Self>, A::Error> {
                $crate::__serde::Deserialize::deserialize(
                    $crate::__serde::de::value::MapAccessDeserializer::new(map),
                )
                .map($crate::Read::Fit)
            }
        }
        impl $crate::Lenient for $name {
            fn read<'de, D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<$crate::Read<Self>, D::Error> {
                $crate::read_any(deserializer)
            }
        }
    };
}

/// Implements reading of a generated union of branches: [`Union`] (the branch a value
/// takes, among `branches`, each a [`Branch`]), [`Lenient`] and `Deserialize` (which fails
/// only on a value no branch can hold at all). Its `Serialize` is derived (untagged).
#[doc(hidden)]
#[macro_export]
macro_rules! union {
    ($name:ident [$($branch:expr),* $(,)?] { $($index:literal $variant:ident),* $(,)? }) => {
        impl $crate::Union for $name {
            const BRANCHES: &'static [$crate::Branch] = &[$($branch),*];
            #[inline]
            fn branch(
                index: usize,
                value: &$crate::__serde_json::Value,
            ) -> ::std::option::Option<Self> {
                match index {
                    $($index => $crate::Read::from_value(value).fit().map(Self::$variant),)*
                    _ => ::std::option::Option::None,
                }
            }
        }
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::union(deserializer, stringify!($name))
            }
        }
        impl $crate::Lenient for $name {
            fn read<'de, D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<$crate::Read<Self>, D::Error> {
                let value: $crate::__serde_json::Value =
                    $crate::__serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok(<Self as $crate::Union>::from_value(value))
            }
        }
    };
}

/// Implements `Deserialize` and `Serialize` of a generated request struct: reading strictly
/// (what serde's derive with `deny_unknown_fields` would read, in a fraction of the code:
/// [`Request`] and a `Deserialize` through [`request`]) and writing every property that is
/// set (through [`write_request`]).
///
/// Each entry gives the property's index, field, JSON name and presence: `required` (absent
/// is an error), `optional` (an `Option` field: absent reads `None`, a value `Some`, so that
/// an `Option<Option<T>>` reads `null` as `Some(None)`) or `defaulted` (absent reads the
/// type's default). A final `extra` names the `serde_json::Map` field that keeps the
/// properties the struct does not name; without it they are refused.
#[doc(hidden)]
#[macro_export]
macro_rules! request {
    ($name:ident { $($index:literal $field:ident : $json:literal $presence:ident),* $(,)? }) => {
        $crate::request!(@impl $name { $($index $field: $json $presence),* } $crate::Refuse;);
    };
    ($name:ident { $($index:literal $field:ident : $json:literal $presence:ident),* $(,)? } $extra:ident) => {
        $crate::request!(
            @impl $name { $($index $field: $json $presence),* }
            $crate::__serde_json::Map<::std::string::String, $crate::__serde_json::Value>;
            $extra
        );
    };
    (@impl $name:ident { $($index:literal $field:ident : $json:literal $presence:ident),* }
        $others:ty; $($extra:ident)?) => {
        impl $crate::Request for $name {
            const NAME: &'static str = stringify!($name);
            const PROPERTIES: &'static [&'static str] = &[$($json),*];
            fn read_map<'de, A: $crate::__serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                let mut others = <$others as ::std::default::Default>::default();
                while let ::std::option::Option::Some(property) =
                    $crate::next_property(&mut map, Self::PROPERTIES)?
                {
                    match property {
                        $(::std::result::Result::Ok($index) => $crate::put(&mut $field, $json, &mut map)?,)*
                        ::std::result::Result::Ok(_) => {}
                        ::std::result::Result::Err(name) => {
                            $crate::Others::other(&mut others, name, Self::PROPERTIES, &mut map)?
                        }
                    }
                }
                ::std::result::Result::Ok($name {
                    $($field: $crate::request!(@presence $presence $field $json),)*
                    $($extra: others,)?
                })
            }
        }
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::request(deserializer)
            }
        }
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::write_request(
                    serializer,
                    <Self as $crate::Request>::PROPERTIES,
                    &[$($crate::request!(@write $presence &self.$field)),*],
                    [$(&self.$extra)?].into_iter().next(),
                )
            }
        }
    };
    (@write optional $value:expr) => {
        $crate::Field::value($value)
    };
    (@write $presence:ident $value:expr) => {
        ::std::option::Option::Some($value as &dyn $crate::__erased_serde::Serialize)
    };
    (@presence required $field:ident $json:literal) => {
        $crate::required::<_, A::Error>($field, $json)?
    };
    (@presence optional $field:ident $json:literal) => {
        $field
    };
    (@presence defaulted $field:ident $json:literal) => {
        $field.unwrap_or_default()
    };
}

/// Implements [`Lenient`] for a generated type that is not itself lenient (a request's, which
/// a response may hold): a value it does not decode is kept as it came.
#[doc(hidden)]
#[macro_export]
macro_rules! strict {
    ($name:ident) => {
        impl $crate::Lenient for $name {
            fn read<'de, D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<$crate::Read<Self>, D::Error> {
                $crate::read_strict(deserializer)
            }
        }
    };
}

/// Implements [`Lenient`] for a generated newtype (`Name(pub Inner)`), through its inner type.
#[doc(hidden)]
#[macro_export]
macro_rules! newtype {
    ($name:ident) => {
        impl $crate::Lenient for $name {
            fn read<'de, D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<$crate::Read<Self>, D::Error> {
                $crate::Lenient::read(deserializer).map(|read| read.map($name))
            }
        }
    };
}
