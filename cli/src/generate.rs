//! `pce generate` and `pce bundle diff`: a typed client crate, or one module, from a PCE
//! release bundle as Illumio publishes it (a folder or the zip), and what changed between two
//! bundles, through the generator library (`illumio-pce-codegen`).

use std::path::Path;

use illumio_pce_codegen::bundle::{self, Bundle, ClientSettings};

use crate::args::{DiffFormat, GenerateArgs};
use crate::exit::{Error, Outcome};

/// The command named in the files `pce generate` writes.
const COMMAND: &str = "pce generate";

/// Writes the crate or the module; one line about it (warnings on standard error).
pub fn run(args: &GenerateArgs) -> Result<Outcome, Error> {
    let bundles = args
        .bundle
        .iter()
        .map(|path| open(path))
        .collect::<Result<Vec<_>, _>>()?;
    let mut settings = ClientSettings::new().command(COMMAND);
    if let Some(sdk) = &args.sdk_path {
        let sdk = sdk
            .canonicalize()
            .map_err(|e| Error::usage(format!("{}: {e}", sdk.display())))?;
        settings = settings.sdk_path(sdk);
    }
    if let Some(name) = &args.name {
        settings = settings.name(name);
    }
    let failed = |e: illumio_pce_codegen::Error| Error::usage(e.to_string());
    if let Some(out) = &args.krate {
        let client = bundle::client_crate(&bundles, &settings).map_err(failed)?;
        for warning in client.warnings() {
            eprintln!("pce: warning: {warning}");
        }
        client.write(out).map_err(failed)?;
        return Ok(Outcome::success(format!(
            "wrote the crate {} in {} ({}, {} features)\n",
            client.name(),
            out.display(),
            client.summary(),
            client.features().len()
        )));
    }
    let Some(file) = &args.module else {
        return Err(Error::usage("give --crate OUT or --module FILE".to_owned()));
    };
    let module = bundle::module(&bundles, &settings).map_err(failed)?;
    std::fs::write(file, module).map_err(|e| Error::usage(format!("{}: {e}", file.display())))?;
    let releases: Vec<&str> = bundles.iter().map(Bundle::release).collect();
    Ok(Outcome::success(format!(
        "wrote the module {} (release {})\n",
        file.display(),
        releases.join(", ")
    )))
}

/// The report on the bundles `old` → `new`.
pub fn diff(old: &Path, new: &Path, format: DiffFormat) -> Result<Outcome, Error> {
    let (old, new) = (open(old)?, open(new)?);
    let settings = illumio_pce_codegen::Settings::new().allow_missing_refs(true);
    let report = illumio_pce_codegen::diff::folders(
        &old.dir().join("v2"),
        &settings,
        &new.dir().join("v2"),
        &settings,
    )
    .map_err(|e| Error::usage(e.to_string()))?;
    let text = match format {
        DiffFormat::Markdown => report.markdown(),
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&report)
                .map_err(|e| Error::usage(format!("cannot write the report as JSON: {e}")))?;
            json.push('\n');
            json
        }
    };
    Ok(Outcome::success(text))
}

/// The bundle at `path`.
fn open(path: &Path) -> Result<Bundle, Error> {
    Bundle::open(path).map_err(|e| Error::usage(e.to_string()))
}
