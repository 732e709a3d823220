//! `pce schema list` and `pce schema show`: the schemas embedded in the SDK.

use illumio_pce::validation::{latest_release, schema_names, schema_text};

use crate::args::SchemaCommand;
use crate::exit::{Error, Outcome};

/// Prints a release's schema names, or one schema's text.
pub fn run(command: &SchemaCommand) -> Result<Outcome, Error> {
    match command {
        SchemaCommand::List { release } => {
            let names = schema_names(release_or_latest(release.as_deref()))?;
            Ok(Outcome::success(
                names.iter().map(|name| format!("{name}\n")).collect(),
            ))
        }
        SchemaCommand::Show { name, release } => {
            let text = schema_text(release_or_latest(release.as_deref()), name)?;
            Ok(Outcome::success(if text.ends_with('\n') {
                text.to_owned()
            } else {
                format!("{text}\n")
            }))
        }
    }
}

fn release_or_latest(release: Option<&str>) -> &str {
    release.unwrap_or_else(|| latest_release())
}
