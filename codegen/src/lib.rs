//! Generates Rust types from a folder of Illumio PCE draft-04 JSON Schemas.
//!
//! The pipeline: [load](load) the schemas and every file their relative `$ref`s name,
//! apply the configured [fix-ups](Fixup), [bundle](bundle) them into named definitions
//! (normalizing draft-04 and naming every type readably), convert them with typify's
//! `TypeSpace`, make the result lossless and format it with `prettyplease`.
//!
//! ```no_run
//! let settings = codegen::Settings::new().command("`my-tool`").release("25.2");
//! let module = codegen::generate(std::path::Path::new("schemas/25.2"), &settings)?;
//! std::fs::write("pce_25_2.rs", &module.source)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bundle;
mod error;
mod load;
mod lossless;
mod naming;
mod normalize;
mod render;
mod resolve;
mod settings;
mod walk;

use std::path::{Path, PathBuf};

pub use error::{Error, MissingRef, Result};
pub use resolve::{resolve, Location, Resolved};
pub use settings::{Fixup, Settings};

/// One generated Rust module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The formatted source, header included.
    pub source: String,
    /// Every schema file it was generated from, relative to the schema folder.
    pub files: Vec<PathBuf>,
    /// Things the caller should know, e.g. `$ref`s replaced by `serde_json::Value`.
    pub warnings: Vec<String>,
}

/// Generates one module from every `*.schema.json` under `dir` (recursively) and the files
/// they reference.
pub fn generate(dir: &Path, settings: &Settings) -> Result<Module> {
    generate_files(dir, load::find_schemas(dir)?, settings)
}

/// Generates one module from the given schema files (relative to `base`) and the files they
/// reference.
pub fn generate_files(base: &Path, roots: Vec<PathBuf>, settings: &Settings) -> Result<Module> {
    let mut loaded = load::load(base, roots)?;
    load::apply_fixups(&mut loaded, settings)?;
    let bundle = bundle::bundle(&loaded, settings)?;
    let types = render::render_types(&bundle)?;
    let files: Vec<PathBuf> = loaded.files.keys().cloned().collect();
    let source = render::header(settings, &files) + &types;
    Ok(Module {
        source,
        files,
        warnings: bundle.warnings,
    })
}
