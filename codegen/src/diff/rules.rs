//! Which changes break Rust code built against the OLD release's generated types.
//!
//! A change is breaking when such code either stops compiling once it uses the NEW release's
//! types, or keeps the OLD types and fails against a PCE of the NEW release. What code does
//! with a type depends on its [`Direction`], and so does the type the generator writes:
//! - a **request** type is strict and built: `new(required…)` takes the required properties,
//!   a setter sets each optional one, a closed object denies unknown fields and an enum has
//!   exactly its values; the PCE validates what is sent;
//! - a **response** type is read the way PCEs send it: every property is an `Option` (absent
//!   or `null` reads `None`), a value of another type than declared is kept in `extra` and so
//!   is an unknown property, an unknown string-enum value is kept in `Other`, whatever
//!   `required`, `type` and `additionalProperties` say; decoding fails on nothing inside an
//!   object. Its fields are read and its enums matched (with a `_` arm: every struct with
//!   named fields and every enum is `#[non_exhaustive]`);
//! - a type used **both** ways is lenient and built, and is judged both ways: breaking if
//!   either is.
//!
//! | change | request | response |
//! |---|---|---|
//! | enum value added | no | no: a string kept in `Other`, another value in `extra` |
//! | enum value removed | yes: code naming it, and the PCE rejects it | yes: code naming it |
//! | property added, optional | no: it gets a setter | no: kept in `extra` until then |
//! | property added, required | yes: `new` takes it, and the PCE rejects requests without it | no |
//! | property removed | yes: code setting it | yes: code reading it |
//! | property became required | yes: `new` takes it | no: its field is an `Option` either way |
//! | property became optional | yes: `new` no longer takes it | no: as became required |
//! | a property's type now admits `null` (`T` → `T \| null`) | yes: its Rust type changes | no: `null` reads `None` either way |
//! | a property's type no longer admits `null` | yes: its Rust type changes | no: as admits `null` |
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
/// use illumio_pce_codegen::diff::{rules::classify, Kind};
/// use illumio_pce_codegen::Direction;
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
        Kind::NullAdded | Kind::NullRemoved | Kind::TypeChanged { .. } => {
            verdict(true, "its Rust type changes")
        }
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
            false,
            "the old type keeps a value it does not know in `extra`, and its field reads `None`",
        ),
        Kind::EnumValuesRemoved { .. } => {
            verdict(true, "code that names a removed value no longer compiles")
        }
        Kind::PropertyAdded { .. } => verdict(false, "the old type keeps it in `extra`"),
        Kind::PropertyRemoved { .. } => verdict(true, "code that reads it no longer compiles"),
        Kind::BecameRequired { .. } | Kind::BecameOptional { .. } => verdict(
            false,
            "a response's field is an `Option` whatever `required` says, and absent reads `None`",
        ),
        Kind::NullAdded | Kind::NullRemoved => verdict(
            false,
            "a response's field reads `null` as `None` whatever the schema says",
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
    fn added_enum_values_break_nobody() {
        for values in [vec!["x".into()], vec![3.into()]] {
            let added = Kind::EnumValuesAdded { values };
            for direction in ALL {
                assert!(!classify(&added, direction).breaking, "{direction:?}");
            }
        }
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
    fn a_change_of_presence_or_of_null_breaks_requests_only() {
        let property = || "x".to_owned();
        for kind in [
            Kind::BecameRequired {
                property: property(),
            },
            Kind::BecameOptional {
                property: property(),
            },
            Kind::NullAdded,
            Kind::NullRemoved,
        ] {
            assert!(classify(&kind, Direction::Request).breaking, "{kind:?}");
            assert!(classify(&kind, Direction::Both).breaking, "{kind:?}");
            assert!(!classify(&kind, Direction::Response).breaking, "{kind:?}");
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
