//! `pce validate`: checks each file against an embedded schema or a schema file and prints
//! the report.

use std::path::{Path, MAIN_SEPARATOR};

use illumio_pce::validation::{
    latest_release, schema_text, validate, Reading, SchemaFile, Violation,
};
use serde_json::Value;

use crate::args::{Format, ValidateArgs};
use crate::exit::{Error, Outcome};
use crate::input::{read_json, read_json_lines};
use crate::report::{FileResult, Report};

/// What the payloads are checked against.
enum Schema {
    /// A schema embedded in the SDK, by release and name.
    Embedded { release: String, name: String },
    /// A schema file, its `$ref`s resolved relative to it.
    File(SchemaFile),
}

impl Schema {
    /// `--schema` names a file when it is one or contains a path separator (each repair of
    /// an upstream bug applied to it is a warning on standard error), read the way `reading`
    /// says; otherwise an embedded schema, checked here so that an unknown name or release
    /// stops the command before any file is read.
    fn resolve(schema: &str, release: Option<&str>, reading: Reading) -> Result<Self, Error> {
        let is_path = Path::new(schema).is_file() || schema.contains(['/', MAIN_SEPARATOR]);
        if is_path {
            if release.is_some() {
                return Err(Error::usage(
                    "--release applies to embedded schemas, not to a schema file",
                ));
            }
            let file = SchemaFile::load_as(Path::new(schema), reading)?;
            for repair in file.repairs() {
                eprintln!("pce: warning: {repair}");
            }
            return Ok(Self::File(file));
        }
        if reading == Reading::Response {
            return Err(Error::usage(
                "--response applies to a schema file (a bundle's), not to an embedded schema",
            ));
        }
        let release = release.unwrap_or_else(|| latest_release()).to_owned();
        schema_text(&release, schema)?;
        Ok(Self::Embedded {
            release,
            name: schema.to_owned(),
        })
    }

    fn check(&self, payload: &Value) -> Result<Vec<Violation>, Error> {
        match self {
            Self::Embedded { release, name } => Ok(validate(release, name, payload)?),
            Self::File(file) => Ok(file.validate(payload)),
        }
    }
}

/// Runs `pce validate`; the exit code says whether every file is valid.
pub fn run(args: &ValidateArgs) -> Result<Outcome, Error> {
    let reading = if args.response {
        Reading::Response
    } else {
        Reading::Published
    };
    let schema = Schema::resolve(&args.schema, args.release.as_deref(), reading)?;
    let mut files = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let name = file.display().to_string();
        if !args.lines {
            let checked = match read_json(file) {
                Ok(payload) => Ok(schema.check(&payload)?),
                Err(why) => Err(why),
            };
            files.push(FileResult::new(name, checked));
            continue;
        }
        match read_json_lines(file) {
            Ok(lines) => {
                for (line, payload) in lines {
                    let checked = match payload {
                        Ok(payload) => Ok(schema.check(&payload)?),
                        Err(why) => Err(why),
                    };
                    files.push(FileResult::new(format!("{name}:{line}"), checked));
                }
            }
            Err(why) => files.push(FileResult::new(name, Err(why))),
        }
    }
    let report = Report {
        schema: args.schema.clone(),
        release: match &schema {
            Schema::Embedded { release, .. } => Some(release.clone()),
            Schema::File(_) => None,
        },
        files,
    };
    let stdout = match args.format {
        Format::Text => report.text(),
        Format::Json => report.json()?,
    };
    Ok(Outcome {
        stdout,
        exit: report.exit(),
    })
}
