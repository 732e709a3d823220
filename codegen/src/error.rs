//! The one error type of the generator: every variant names the schema file and, where it
//! applies, the JSON pointer of the schema at fault.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong while turning schemas into Rust.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A schema file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A schema file is not valid JSON.
    #[error("{}: not valid JSON: {source}", file.display())]
    Json {
        /// The file.
        file: PathBuf,
        /// Where and why parsing stopped.
        #[source]
        source: serde_json::Error,
    },
    /// The folder holds no `*.schema.json` file.
    #[error("{}: no *.schema.json file in this folder", dir.display())]
    NoSchemas {
        /// The folder that was searched (recursively).
        dir: PathBuf,
    },
    /// A schema is not something the generator can turn into a type.
    #[error("{}#{pointer}: {reason}", file.display())]
    InvalidSchema {
        /// The schema file.
        file: PathBuf,
        /// JSON pointer of the offending schema inside the file.
        pointer: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `$ref`s whose target file or location does not exist; every one is listed.
    #[error("{} unresolved $ref(s):{}", missing.len(), MissingList(missing))]
    MissingRefs {
        /// Each unresolved reference.
        missing: Vec<MissingRef>,
    },
    /// A naming-table entry or fix-up points at a file or location the schemas don't have.
    #[error("{}#{pointer}: {what} names a location that does not exist", file.display())]
    UnknownLocation {
        /// The schema file the entry names.
        file: PathBuf,
        /// The JSON pointer the entry names.
        pointer: String,
        /// Which entry it is, e.g. `naming table entry FeatureToggle`.
        what: String,
    },
    /// Two schemas were given the same Rust type name by the naming table.
    #[error("{}#{pointer}: type name {name} is already used", file.display())]
    DuplicateName {
        /// The schema file of the second use.
        file: PathBuf,
        /// The JSON pointer of the second use.
        pointer: String,
        /// The name used twice.
        name: String,
    },
    /// A fix-up could not be applied to the schema it targets.
    #[error("{}: fix-up {name} failed: {reason}", file.display())]
    Fixup {
        /// The schema file.
        file: PathBuf,
        /// The fix-up's name.
        name: String,
        /// Why it failed (typically: the upstream schema changed and the fix-up is stale).
        reason: String,
    },
    /// typify rejected a schema (or panicked on it).
    #[error("{}#{pointer}: typify cannot convert it: {message}", file.display())]
    Typify {
        /// The schema file of the type typify was converting, when known.
        file: PathBuf,
        /// JSON pointer of that type's schema.
        pointer: String,
        /// typify's message.
        message: String,
    },
    /// A path that is not a release bundle (a folder, or a zip of one, holding
    /// `openapi.json`).
    #[error("{}: not a PCE release bundle: {reason}", path.display())]
    NotABundle {
        /// The path given.
        path: PathBuf,
        /// What it lacks.
        reason: String,
    },
    /// Bundles that cannot make one client: none given, two of the same release, or more
    /// releases than a client's table holds (64).
    #[error("cannot make one client of these bundles: {reason}")]
    Releases {
        /// What is wrong, naming the releases.
        reason: String,
    },
    /// Generated code that does not parse as Rust: a bug in the generator, to report.
    #[error("the generated code does not parse: {reason}")]
    Generated {
        /// What does not parse, and where.
        reason: String,
    },
}

/// A `$ref` whose target is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRef {
    /// The schema file that holds the `$ref`.
    pub file: PathBuf,
    /// JSON pointer of the schema holding the `$ref`.
    pub pointer: String,
    /// The `$ref` value as written.
    pub target: String,
    /// The file the `$ref` resolved to.
    pub resolved: PathBuf,
}

impl fmt::Display for MissingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}#{}: $ref \"{}\" (no {})",
            self.file.display(),
            self.pointer,
            self.target,
            self.resolved.display()
        )
    }
}

struct MissingList<'a>(&'a [MissingRef]);

impl fmt::Display for MissingList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|m| write!(f, "\n  {m}"))
    }
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
