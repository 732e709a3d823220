//! Generates the client of the small test bundle (`codegen/tests/fixtures/bundle`) into
//! `OUT_DIR` the way a user's `build.rs` does (the `illumio_pce_codegen::bundle` docs show it):
//! one settings value, one module; the `endpoints` tests include it and run it against the
//! mock PCE.

use std::path::{Path, PathBuf};

use illumio_pce_codegen::bundle::{Bundle, ClientSettings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/bundle");
    println!("cargo::rerun-if-changed={}", bundle.display());
    let module = Bundle::open(&bundle)?.module(&ClientSettings::new().command("tests/build.rs"))?;
    std::fs::write(out.join("test_bundle.rs"), module)?;
    Ok(())
}
