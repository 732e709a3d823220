//! The results of `pce validate`: one entry per file, printed as text lines or as one JSON
//! report, and the exit code they add up to.

use illumio_pce::validation::Violation;
use serde::Serialize;

use crate::exit::{Error, Exit};

/// Every file's result against one schema.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The schema: an embedded name, or the path given.
    pub schema: String,
    /// The release of an embedded schema; `null` for a schema file.
    pub release: Option<String>,
    /// One entry per file, in the order given.
    pub files: Vec<FileResult>,
}

/// One file's result.
#[derive(Debug, Serialize)]
pub struct FileResult {
    /// The file as given (`-` for standard input).
    pub file: String,
    /// Whether the payload was read and satisfies the schema.
    pub valid: bool,
    /// What breaks the schema (empty when valid or unreadable).
    pub violations: Vec<Violation>,
    /// Why the file could not be checked (unreadable, not JSON), else `null`.
    pub error: Option<String>,
}

impl FileResult {
    /// The result of checking a payload: its violations, or why it could not be checked.
    pub fn new(file: String, checked: Result<Vec<Violation>, String>) -> Self {
        match checked {
            Ok(violations) => Self {
                file,
                valid: violations.is_empty(),
                violations,
                error: None,
            },
            Err(error) => Self {
                file,
                valid: false,
                violations: Vec::new(),
                error: Some(error),
            },
        }
    }

    fn exit(&self) -> Exit {
        match (&self.error, self.valid) {
            (Some(_), _) => Exit::Usage,
            (None, false) => Exit::Failure,
            (None, true) => Exit::Success,
        }
    }
}

impl Report {
    /// 2 when a file could not be checked, else 1 when one is invalid, else 0.
    pub fn exit(&self) -> Exit {
        self.files
            .iter()
            .map(FileResult::exit)
            .max()
            .unwrap_or(Exit::Success)
    }

    /// `FILE: valid`, `FILE: invalid` and its violations indented, or `FILE: error: WHY`.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for file in &self.files {
            let status = match &file.error {
                Some(error) => format!("error: {}", one_line(error)),
                None if file.valid => "valid".to_owned(),
                None => "invalid".to_owned(),
            };
            text.push_str(&format!("{}: {status}\n", file.file));
            for violation in &file.violations {
                text.push_str(&format!("  {}\n", one_line(&violation.to_string())));
            }
        }
        text
    }

    /// The report as pretty-printed JSON.
    pub fn json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self)
            .map(|json| json + "\n")
            .map_err(|e| Error::usage(format!("cannot encode the report: {e}")))
    }
}

/// `text` with its line breaks turned into spaces, so that each entry stays on its line.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r'])
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
