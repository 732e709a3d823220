//! The exit codes of `pce` and the one-line error that ends a command: 0 success, 1 an
//! invalid payload or a failure at the PCE (API, authentication, network), 2 a command that
//! could not run as asked (usage, configuration, unreadable input, unknown schema or release).

use std::fmt;
use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything worked; every payload is valid.
    Success = 0,
    /// A payload is invalid, or the PCE refused or failed the request.
    Failure = 1,
    /// The command could not run as asked: usage, configuration, input or schema error.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// What a command that ran prints on standard output, and how `pce` exits.
#[derive(Debug)]
pub struct Outcome {
    /// The text for standard output.
    pub stdout: String,
    /// The exit code.
    pub exit: Exit,
}

impl Outcome {
    /// `stdout`, exit 0.
    pub fn success(stdout: String) -> Self {
        Self {
            stdout,
            exit: Exit::Success,
        }
    }
}

/// An error that ends the command, printed as one line `pce: error: <message>`.
#[derive(Debug)]
pub struct Error {
    /// The exit code it ends with.
    pub exit: Exit,
    message: String,
}

impl Error {
    /// A usage, configuration, input or schema error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Usage,
            message: message.into(),
        }
    }

    /// A failure at the PCE, or of what it answered (exit 1).
    pub fn failure(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Failure,
            message: message.into(),
        }
    }
}

impl From<illumio_pce::Error> for Error {
    /// Errors found before anything reaches the PCE (configuration, unknown schema or
    /// release, a request refused locally, one its release lacks included) are exit 2; the PCE's refusals and failures exit 1.
    fn from(error: illumio_pce::Error) -> Self {
        use illumio_pce::Error as Sdk;
        let exit = match &error {
            Sdk::Config { .. }
            | Sdk::Validation { .. }
            | Sdk::NotInRelease { .. }
            | Sdk::UnknownRelease { .. }
            | Sdk::UnknownSchema { .. }
            | Sdk::Schema { .. } => Exit::Usage,
            _ => Exit::Failure,
        };
        Self {
            exit,
            message: error.to_string(),
        }
    }
}

impl fmt::Display for Error {
    /// The message on one line, whatever the source put in it, without control characters
    /// (the message may quote the PCE).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<&str> = self
            .message
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        write!(
            f,
            "pce: error: {}",
            crate::printable::printable(&lines.join(" "))
        )
    }
}
