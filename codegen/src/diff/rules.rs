//! Which changes break Rust code built against the OLD release's generated types.
//!
//! A change is breaking when such code either stops compiling once it uses the NEW release's
//! types, or keeps the OLD types and fails against a PCE of the NEW release. What code does
//! with a type depends on its [`Direction`], and so does the type the generator writes:
//! - a **request** type is strict and built: `new(required…)` takes the required properties,
//!   a setter sets each optional one, a closed object denies unknown fields and an enum has
//!   exactly its values; the PCE validates what is sent;
//! - a **response** type is lenient and read: it keeps unknown properties in `extra` and an
//!   unknown string-enum value in `Other`, whatever `additionalProperties` says; its fields
//!   are read and its enums matched (with a `_` arm: every struct with named fields and every
//!   enum is `#[non_exhaustive]`);
//! - a type used **both** ways is lenient and built, and is judged both ways: breaking if
//!   either is.
//!
//! | change | request | response |
//! |---|---|---|
//! | enum value added | no | no for a string enum (kept in `Other`); yes otherwise |
//! | enum value removed | yes: code naming it, and the PCE rejects it | yes: code naming it |
//! | property added, optional | no: it gets a setter | no: kept in `extra` until then |
//! | property added, required | yes: `new` takes it, and the PCE rejects requests without it | no |
//! | property removed | yes: code setting it | yes: code reading it |
//! | property became required | yes: `new` takes it | yes: `Option<T>` becomes `T` |
//! | property became optional | yes: `new` no longer takes it | yes: `T` becomes `Option<T>` |
//! | type changed | yes | yes |
//! | `additionalProperties` opened | no | no: responses are read as open objects either way |
//! | `additionalProperties` closed | yes: the PCE rejects what `extra` carries | no: as opened |
//! | schema added | no | no |
//! | schema removed | yes | yes |
//!
//! Struct literals and exhaustive `match`es are not a concern: the types are
//! `#[non_exhaustive]`, so code outside the generated module cannot write them.

use serde_json::Value;

use super::model::{Kind, Verdict};
use crate::direction::Direction;

/// Judges `kind` in a type of `direction`.
///
/// ```
/// use codegen::diff::{rules::classify, Kind};
/// use codegen::Direction;
///
/// let added = Kind::EnumValuesAdded { values: vec!["new_state".into()] };
/// assert!(!classify(&added, Direction::Response).breaking);
/// ```
pub fn classify(kind: &Kind, direction: Direction) -> Verdict {
    match direction {
        Direction::Request => request(kind),
        Direction::Response => response(kind),
        Direction::Both => {
            let (request, response) = (request(kind), response(kind));
            if request.breaking || !response.breaking {
                request
            } else {
                response
            }
        }
    }
}

fn verdict(breaking: bool, reason: &'static str) -> Verdict {
    Verdict { breaking, reason }
}

fn request(kind: &Kind) -> Verdict {
    match kind {
        Kind::SchemaAdded => verdict(false, "a new type"),
        Kind::SchemaRemoved => verdict(true, "code that uses its type no longer compiles"),
        Kind::EnumValuesAdded { .. } => verdict(false, "every value sent before is still valid"),
        Kind::EnumValuesRemoved { .. } => verdict(
            true,
            "code that names a removed value no longer compiles, and the PCE rejects it",
        ),
        Kind::PropertyAdded { required: true, .. } | Kind::BecameRequired { .. } => verdict(
            true,
            "`new` takes it, so calls without it no longer compile, and the PCE rejects requests without it",
        ),
        Kind::PropertyAdded { .. } => {
            verdict(false, "requests without it stay valid, and a setter sets it")
        }
        Kind::PropertyRemoved { .. } => verdict(true, "code that sets it no longer compiles"),
        Kind::BecameOptional { .. } => verdict(
            true,
            "`new` no longer takes it, so calls that pass it no longer compile",
        ),
        Kind::TypeChanged { .. } => verdict(true, "its Rust type changes"),
        Kind::Opened => verdict(false, "requests built before stay valid"),
        Kind::Closed => verdict(
            true,
            "the PCE rejects the unknown properties the old type's `extra` may carry",
        ),
    }
}

fn response(kind: &Kind) -> Verdict {
    match kind {
        Kind::SchemaAdded => verdict(false, "a new type"),
        Kind::SchemaRemoved => verdict(true, "code that uses its type no longer compiles"),
        Kind::EnumValuesAdded { values } if values.iter().all(Value::is_string) => verdict(
            false,
            "the old type decodes a new value as `Other`, and `match`es already have a `_` arm",
        ),
        Kind::EnumValuesAdded { .. } => verdict(
            true,
            "the old enum cannot decode a new value (only string enums keep unknown values)",
        ),
        Kind::EnumValuesRemoved { .. } => {
            verdict(true, "code that names a removed value no longer compiles")
        }
        Kind::PropertyAdded { .. } => verdict(false, "the old type keeps it in `extra`"),
        Kind::PropertyRemoved { .. } => verdict(true, "code that reads it no longer compiles"),
        Kind::BecameRequired { .. } => verdict(
            true,
            "its field is no longer an `Option`, so code that reads it no longer compiles",
        ),
        Kind::BecameOptional { .. } => verdict(
            true,
            "its field becomes an `Option`, and the old type cannot decode responses without it",
        ),
        Kind::TypeChanged { .. } => verdict(true, "its Rust type changes"),
        Kind::Opened | Kind::Closed => {
            verdict(false, "responses are read as open objects either way")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Direction; 3] = [Direction::Request, Direction::Response, Direction::Both];

    #[test]
    fn added_string_enum_values_break_nobody_and_other_values_break_responses() {
        let strings = Kind::EnumValuesAdded {
            values: vec!["x".into()],
        };
        for direction in ALL {
            assert!(!classify(&strings, direction).breaking, "{direction:?}");
        }
        let numbers = Kind::EnumValuesAdded {
            values: vec![3.into()],
        };
        assert!(!classify(&numbers, Direction::Request).breaking);
        assert!(classify(&numbers, Direction::Response).breaking);
        assert!(classify(&numbers, Direction::Both).breaking);
    }

    #[test]
    fn added_properties_break_only_the_constructors_of_requests() {
        let optional = Kind::PropertyAdded {
            property: "x".into(),
            required: false,
        };
        let required = Kind::PropertyAdded {
            property: "x".into(),
            required: true,
        };
        for direction in ALL {
            assert!(!classify(&optional, direction).breaking, "{direction:?}");
        }
        assert!(classify(&required, Direction::Request).breaking);
        assert!(!classify(&required, Direction::Response).breaking);
        assert!(classify(&required, Direction::Both).breaking);
    }

    #[test]
    fn a_property_changing_presence_breaks_both_ways() {
        let property = || "x".to_owned();
        for kind in [
            Kind::BecameRequired {
                property: property(),
            },
            Kind::BecameOptional {
                property: property(),
            },
        ] {
            for direction in ALL {
                assert!(
                    classify(&kind, direction).breaking,
                    "{kind:?} {direction:?}"
                );
            }
        }
    }

    #[test]
    fn opening_breaks_nobody_and_closing_breaks_requests() {
        for direction in ALL {
            assert!(!classify(&Kind::Opened, direction).breaking);
        }
        assert!(classify(&Kind::Closed, Direction::Request).breaking);
        assert!(!classify(&Kind::Closed, Direction::Response).breaking);
        assert!(classify(&Kind::Closed, Direction::Both).breaking);
    }
}
