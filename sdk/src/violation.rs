//! One way a payload breaks its schema: what validation reports and `Error::Validation`
//! carries.

use std::fmt;

/// One way a payload breaks its schema; serializes as `{"pointer", "keyword", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// JSON pointer of the offending value in the payload (`""` for the whole payload).
    pub pointer: String,
    /// The schema keyword that failed, e.g. `enum`, `required`, `oneOf`.
    pub keyword: String,
    /// What is wrong, for a person; for a `oneOf`, why each branch failed.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {} [{}]", self.message, self.keyword)
    }
}
