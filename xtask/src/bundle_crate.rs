//! `cargo xtask generate --bundle DIR --crate OUT`: what `pce generate --bundle DIR --crate OUT
//! --sdk-path sdk` does (`illumio_pce_codegen::bundle`), against this checkout's SDK, with this
//! project's `Cargo.lock` so that the crate builds with the versions the project is tested
//! with.

use std::path::{Path, PathBuf};

use illumio_pce_codegen::bundle::{self, Bundle, ClientSettings};

use crate::{project_root, Failure};

/// Writes the crate for `bundles` (folders or zips, one per release) to `out`; one line about
/// it.
pub(crate) fn write(
    bundles: &[PathBuf],
    out: &Path,
    settings: &illumio_pce_codegen::Settings,
) -> Result<String, Failure> {
    let failed = |e: illumio_pce_codegen::Error| Failure(e.to_string());
    let bundles = bundles
        .iter()
        .map(Bundle::open)
        .collect::<Result<Vec<_>, _>>()
        .map_err(failed)?;
    let settings = ClientSettings::new()
        .command("cargo xtask generate --bundle")
        .types(settings.clone())
        .sdk_path(project_root().join("sdk"));
    let client = bundle::client_crate(&bundles, &settings).map_err(failed)?;
    for warning in client.warnings() {
        eprintln!("warning: {warning}");
    }
    client.write(out).map_err(failed)?;
    let lock = out.join("Cargo.lock");
    if !lock.exists() {
        // The versions this project is tested with, until the user updates them.
        let _ = std::fs::copy(project_root().join("Cargo.lock"), &lock);
    }
    Ok(format!(
        "wrote the crate {} ({})",
        out.display(),
        client.summary()
    ))
}
