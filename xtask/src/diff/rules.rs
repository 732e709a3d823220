//! Which changes break Rust code built against the OLD release's generated types.
//!
//! A change is breaking when such code either stops compiling once it uses the NEW release's
//! types, or keeps the OLD types and fails against a PCE of the NEW release. What code does
//! with a type depends on the direction of its schema:
//! - a **request** body is built (with the generated builders) and serialized; the PCE
//!   validates it;
//! - a **response** body is decoded by serde, its fields are read and its enums matched
//!   exhaustively;
//! - a schema whose name tells neither (a shared component) is judged both ways: breaking
//!   if either is.
//!
//! | change | request | response |
//! |---|---|---|
//! | enum value added | no | yes: exhaustive `match`es, and the old enum cannot decode it |
//! | enum value removed | yes: code naming it, and the PCE rejects it | yes: code naming it |
//! | property added, optional | no | yes if the old object is closed (`deny_unknown_fields`) |
//! | property added, required | yes: the PCE rejects requests without it | as optional |
//! | property removed | yes: code setting it | yes: code reading it |
//! | property became required | yes: the PCE rejects requests without it | yes: `Option<T>` becomes `T` |
//! | property became optional | no: builders take `T` for `Option<T>` | yes: `T` becomes `Option<T>` |
//! | type changed | yes | yes |
//! | `additionalProperties` opened | no | no: everything the old type knows still decodes |
//! | `additionalProperties` closed | yes: the PCE rejects what `extra` carries | no |
//! | schema added | no | no |
//! | schema removed | yes | yes |
//!
//! Not covered: struct literals and exhaustive struct patterns break whenever a type gains a
//! field (an added property, or `extra` when an object opens), as the generated structs are
//! not `#[non_exhaustive]`; the rules assume builders, as typify makes them for every struct.

use std::path::Path;

use serde::Serialize;

use super::report::Kind;

/// Which way a schema's payloads travel, told from the PCE's file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Direction {
    /// A request body (`*_put`, `*_post`, `*_patch`, `*_delete`): built by the caller.
    Request,
    /// A response body (`*_get`, `*_response`): decoded and read by the caller.
    Response,
    /// Neither name: a shared component, judged both ways.
    Unknown,
}

impl Direction {
    /// The direction of the schema file `file`.
    pub fn of(file: &Path) -> Self {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let stem = name.trim_end_matches(".json").trim_end_matches(".schema");
        if stem.ends_with("_get") || stem.ends_with("_response") {
            Self::Response
        } else if ["_put", "_post", "_patch", "_delete"]
            .iter()
            .any(|suffix| stem.ends_with(suffix))
        {
            Self::Request
        } else {
            Self::Unknown
        }
    }

    /// How the Markdown report names it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Response => "response",
            Self::Unknown => "request or response",
        }
    }
}

/// Whether a change breaks, and why (or why not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// Breaks code built against the old types.
    pub breaking: bool,
    /// One clause saying who breaks, or why nobody does.
    pub reason: &'static str,
}

/// Judges `kind` in a schema of `direction`; `closed_before` tells whether the object the
/// change is in had `additionalProperties: false` in the old release.
pub(crate) fn classify(kind: &Kind, direction: Direction, closed_before: bool) -> Verdict {
    match direction {
        Direction::Request => request(kind),
        Direction::Response => response(kind, closed_before),
        Direction::Unknown => {
            let (request, response) = (request(kind), response(kind, closed_before));
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
        Kind::PropertyAdded { required: true, .. } => verdict(
            true,
            "the PCE rejects requests without it, and the builder fails without it",
        ),
        Kind::PropertyAdded { .. } => verdict(false, "requests without it stay valid"),
        Kind::PropertyRemoved { .. } => verdict(true, "code that sets it no longer compiles"),
        Kind::BecameRequired { .. } => verdict(true, "the PCE rejects requests without it"),
        Kind::BecameOptional { .. } => verdict(
            false,
            "requests that set it stay valid, and builders take the value as before",
        ),
        Kind::TypeChanged { .. } => verdict(true, "its Rust type changes"),
        Kind::Opened => verdict(false, "requests built before stay valid"),
        Kind::Closed => verdict(
            true,
            "the PCE rejects the unknown properties the old type's `extra` may carry",
        ),
    }
}

fn response(kind: &Kind, closed_before: bool) -> Verdict {
    match kind {
        Kind::SchemaAdded => verdict(false, "a new type"),
        Kind::SchemaRemoved => verdict(true, "code that uses its type no longer compiles"),
        Kind::EnumValuesAdded { .. } => verdict(
            true,
            "exhaustive `match`es no longer compile, and the old enum cannot decode a new value",
        ),
        Kind::EnumValuesRemoved { .. } => {
            verdict(true, "code that names a removed value no longer compiles")
        }
        Kind::PropertyAdded { .. } if closed_before => verdict(
            true,
            "the old type denies unknown fields, so it cannot decode a response that has it",
        ),
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
        Kind::Opened => verdict(
            false,
            "everything the old type knows still decodes; properties the PCE adds later show as added",
        ),
        Kind::Closed => verdict(false, "the old type decodes every response that is still valid"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_follow_the_pce_file_names() {
        let of = |name: &str| Direction::of(Path::new(name));
        assert_eq!(
            of("v2/optional_features_get.schema.json"),
            Direction::Response
        );
        assert_eq!(
            of("v2/login_users_authenticate_post_response.schema.json"),
            Direction::Response
        );
        assert_eq!(
            of("v2/optional_features_put.schema.json"),
            Direction::Request
        );
        assert_eq!(of("v2/sec_policy_post.schema.json"), Direction::Request);
        assert_eq!(of("v2/optional_feature.schema.json"), Direction::Unknown);
    }

    #[test]
    fn added_enum_values_break_responses_only() {
        let added = Kind::EnumValuesAdded {
            values: vec!["x".into()],
        };
        assert!(!classify(&added, Direction::Request, false).breaking);
        assert!(classify(&added, Direction::Response, false).breaking);
        assert!(classify(&added, Direction::Unknown, false).breaking);
    }

    #[test]
    fn added_properties_break_closed_responses_and_required_requests() {
        let optional = Kind::PropertyAdded {
            property: "x".into(),
            required: false,
        };
        let required = Kind::PropertyAdded {
            property: "x".into(),
            required: true,
        };
        assert!(!classify(&optional, Direction::Request, true).breaking);
        assert!(classify(&required, Direction::Request, false).breaking);
        assert!(!classify(&required, Direction::Response, false).breaking);
        assert!(classify(&optional, Direction::Response, true).breaking);
    }

    #[test]
    fn opening_breaks_nobody_and_closing_breaks_requests() {
        for direction in [Direction::Request, Direction::Response, Direction::Unknown] {
            assert!(!classify(&Kind::Opened, direction, true).breaking);
        }
        assert!(classify(&Kind::Closed, Direction::Request, false).breaking);
        assert!(!classify(&Kind::Closed, Direction::Response, false).breaking);
    }
}
