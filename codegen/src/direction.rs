//! Which way a schema's payloads travel: the one notion of direction the types and the diff
//! share.
//!
//! A PCE schema file says its direction in its name: `*_get` and `*_response` describe what
//! the PCE answers, `*_put`, `*_post`, `*_patch` and `*_delete` what a client sends. Every
//! schema reached from such a file (through `$ref`s, at any depth) travels the same way; one
//! reached from both kinds, or from none, travels both ways.
//!
//! The generator reads a response leniently and keeps a request strict:
//! - **response** (and **both**): an object keeps the properties it does not know in `extra`
//!   (never `deny_unknown_fields`), a string enum keeps a value it does not know in
//!   `Other(String)`, so that a newer PCE's answer decodes and encodes back unchanged;
//! - **request**: a closed object denies unknown properties and an enum has exactly its
//!   values, so that a value the release does not know does not compile.
//!
//! A type used both ways is read leniently: decoding a response must never break, and what a
//! request must not carry, validation (which the client runs before sending) refuses.

use std::path::Path;

use serde::Serialize;

/// Which way a schema's payloads travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Built by the client and sent to the PCE.
    Request,
    /// Sent by the PCE and read by the client.
    Response,
    /// Both, or neither name nor use tells.
    Both,
}

impl Direction {
    /// The direction the name of the schema file `file` gives, if any.
    ///
    /// ```
    /// use illumio_pce_codegen::Direction;
    /// use std::path::Path;
    ///
    /// assert_eq!(Direction::named(Path::new("v2/labels_get.schema.json")), Some(Direction::Response));
    /// assert_eq!(Direction::named(Path::new("v2/sec_policy_post.schema.json")), Some(Direction::Request));
    /// assert_eq!(Direction::named(Path::new("common/labels.schema.json")), None);
    /// ```
    pub fn named(file: &Path) -> Option<Self> {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let stem = name.trim_end_matches(".json").trim_end_matches(".schema");
        if stem.ends_with("_get") || stem.ends_with("_response") {
            Some(Self::Response)
        } else if ["_put", "_post", "_patch", "_delete"]
            .iter()
            .any(|suffix| stem.ends_with(suffix))
        {
            Some(Self::Request)
        } else {
            None
        }
    }

    /// The direction of a schema reached both ways `self` and `other` go.
    pub fn join(self, other: Self) -> Self {
        if self == other {
            self
        } else {
            Self::Both
        }
    }

    /// Whether the generated type reads leniently (keeps what it does not know).
    pub fn lenient(self) -> bool {
        self != Self::Request
    }

    /// Whether code builds values of the type (requests do).
    pub fn built(self) -> bool {
        self != Self::Response
    }

    /// How a report names it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Response => "response",
            Self::Both => "request or response",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_joins() {
        let of = |name: &str| Direction::named(Path::new(name));
        assert_eq!(
            of("v2/optional_features_get.schema.json"),
            Some(Direction::Response)
        );
        assert_eq!(
            of("v2/login_users_authenticate_post_response.schema.json"),
            Some(Direction::Response)
        );
        assert_eq!(
            of("v2/optional_features_put.schema.json"),
            Some(Direction::Request)
        );
        assert_eq!(of("v2/optional_feature.schema.json"), None);
        assert_eq!(
            Direction::Request.join(Direction::Request),
            Direction::Request
        );
        assert_eq!(
            Direction::Request.join(Direction::Response),
            Direction::Both
        );
        assert!(Direction::Both.lenient() && Direction::Both.built());
        assert!(!Direction::Request.lenient() && !Direction::Response.built());
    }
}
