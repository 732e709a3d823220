//! Generates Rust types from Illumio PCE draft-04 JSON Schemas: the few files of a release
//! folder, or a whole published release bundle (`<bundle>/v2`, with its `common/`).
//!
//! The pipeline ([`stages`] runs it one stage at a time): load the schemas and every file
//! their relative `$ref`s name, applying the named [repairs](pce_schema_repairs) of known
//! upstream bugs and the configured [fix-ups](Fixup); lower them into shapes (`allOf` merged,
//! union branches completed, identical shapes made one), give each its [`Direction`] and name
//! every type (the rules are in `naming.rs`); convert them with typify; make the result
//! lossless, lenient or strict by direction, and documented, and format it with
//! `prettyplease`. [`diff`] compares two folders of schemas by the same mapping.
//!
//! ```no_run
//! let settings = illumio_pce_codegen::Settings::new().command("`my-tool`").release("25.2");
//! let module = illumio_pce_codegen::generate(std::path::Path::new("schemas/25.2"), &settings)?;
//! std::fs::write("pce_25_2.rs", &module.source)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod bundle;
pub mod diff;
mod direction;
mod docs;
mod error;
mod history;
mod keywords;
mod load;
mod location;
mod lower;
mod merge;
mod model;
mod naming;
mod objects;
pub mod openapi;
mod passes;
mod reach;
mod render;
mod resolve;
mod settings;
mod typify_run;
mod variants;
mod words;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use direction::Direction;
pub use error::{Error, MissingRef, Result};
pub use history::History;
pub use location::Location;
pub use model::RootType;
pub use resolve::{resolve, Resolved};
pub use settings::{Fixup, Settings};

/// One generated Rust module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// The formatted source, header included.
    pub source: String,
    /// Every schema file it was generated from, relative to the bundle folder.
    pub files: Vec<PathBuf>,
    /// Things the caller should know: repairs applied, `$ref`s and schemas generated as
    /// `serde_json::Value`.
    pub warnings: Vec<String>,
    /// The type name at each named location (file roots, `$ref` targets) and anonymous use.
    pub type_names: BTreeMap<Location, String>,
    /// The direction of each type (and alias), which decides whether it reads leniently.
    pub directions: BTreeMap<String, Direction>,
    /// The root type of each schema file, in path order.
    pub roots: Vec<RootType>,
    /// Counts of what was generated.
    pub stats: Stats,
}

/// What a module holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Types (structs, enums, newtypes).
    pub types: usize,
    /// Type aliases of named schemas that share another's shape.
    pub aliases: usize,
    /// Names that fell back to a position: (name, construct), the construct being `number`
    /// (a name taken twice), `item` (array items with no singular) or `variant` (a union
    /// branch nothing names apart).
    pub fallbacks: Vec<(String, String)>,
}

/// Generates one module from every `*.schema.json` under `dir` (recursively) and the files
/// they reference.
pub fn generate(dir: &Path, settings: &Settings) -> Result<Module> {
    let loaded = stages::load(dir, settings)?;
    Ok(loaded
        .model(settings)?
        .convert(settings)?
        .polish()?
        .format(settings))
}

/// Generates one module from the given schema files (relative to `base`, the bundle folder)
/// and the files they reference.
pub fn generate_files(base: &Path, roots: Vec<PathBuf>, settings: &Settings) -> Result<Module> {
    let loaded = stages::load_files(base, roots, settings)?;
    Ok(loaded
        .model(settings)?
        .convert(settings)?
        .polish()?
        .format(settings))
}

/// The stages of [`generate`], one call each, for tools that time or inspect them.
///
/// ```
/// use illumio_pce_codegen::{stages, Settings};
///
/// let settings = Settings::new();
/// let loaded = stages::load(std::path::Path::new("../schemas/24.1"), &settings)?;
/// let module = loaded.model(&settings)?.convert(&settings)?.polish()?.format(&settings);
/// assert!(module.source.contains("pub struct OptionalFeature {"));
/// # Ok::<(), illumio_pce_codegen::Error>(())
/// ```
pub mod stages {
    use super::*;

    /// The schema files, read, repaired and fixed up.
    #[derive(Debug)]
    pub struct Loaded(pub(crate) load::Loaded);

    /// Every type, named, with its schema for typify.
    #[derive(Debug)]
    pub struct Modeled {
        files: Vec<PathBuf>,
        repairs: Vec<&'static str>,
        model: model::Model,
    }

    /// typify's output.
    #[derive(Debug)]
    pub struct Converted {
        modeled: Modeled,
        tokens: proc_macro2::TokenStream,
        refused: Vec<typify_run::Refused>,
    }

    /// The output after the post-passes.
    #[derive(Debug)]
    pub struct Polished {
        modeled: Modeled,
        file: syn::File,
        refused: Vec<typify_run::Refused>,
    }

    /// Reads every schema under `dir` and the files they reference.
    pub fn load(dir: &Path, settings: &Settings) -> Result<Loaded> {
        let mut loaded = load::load_folder(dir)?;
        load::apply_fixups(&mut loaded, settings)?;
        Ok(Loaded(loaded))
    }

    /// Reads the schema files `roots` (relative to the bundle folder `base`) and the files
    /// they reference.
    pub fn load_files(base: &Path, roots: Vec<PathBuf>, settings: &Settings) -> Result<Loaded> {
        let mut loaded = load::load(base, roots)?;
        load::apply_fixups(&mut loaded, settings)?;
        Ok(Loaded(loaded))
    }

    impl Loaded {
        /// Lowers and names every type.
        pub fn model(&self, settings: &Settings) -> Result<Modeled> {
            let model = model::build(&self.0, settings)?;
            let mut repairs: Vec<&'static str> = self
                .0
                .repairs
                .iter()
                .map(|(_, applied)| applied.repair)
                .collect();
            repairs.sort_unstable();
            repairs.dedup();
            Ok(Modeled {
                files: self.0.files.keys().cloned().collect(),
                repairs,
                model,
            })
        }
    }

    impl Modeled {
        /// Runs typify.
        pub fn convert(self, settings: &Settings) -> Result<Converted> {
            let (tokens, refused) = typify_run::convert(&self.model, settings.allow_unconvertible)?;
            Ok(Converted {
                modeled: self,
                tokens,
                refused,
            })
        }
    }

    impl Converted {
        /// typify's output, before the post-passes.
        #[cfg(test)]
        pub(crate) fn tokens(&self) -> &proc_macro2::TokenStream {
            &self.tokens
        }

        /// Runs the post-passes.
        pub fn polish(self) -> Result<Polished> {
            let file = render::polished(&self.modeled.model, self.tokens)?;
            Ok(Polished {
                modeled: self.modeled,
                file,
                refused: self.refused,
            })
        }
    }

    impl Polished {
        /// Formats the module under its header.
        pub fn format(self, settings: &Settings) -> Module {
            let Modeled {
                files,
                repairs,
                model,
            } = self.modeled;
            let source =
                render::header(settings, &files, &repairs) + &prettyplease::unparse(&self.file);
            let mut warnings = model.warnings;
            warnings.extend(self.refused.iter().map(|r| {
                format!(
                    "{}: typify cannot convert it ({}): {} generated as serde_json::Value",
                    r.at, r.message, r.name
                )
            }));
            let stats = Stats {
                types: model.types.len(),
                aliases: model.aliases.len(),
                fallbacks: model
                    .fallbacks
                    .into_iter()
                    .map(|f| (f.name, f.construct.to_owned()))
                    .collect(),
            };
            let mut directions: BTreeMap<String, Direction> = model
                .types
                .iter()
                .map(|(name, def)| (name.clone(), def.direction))
                .collect();
            for alias in &model.aliases {
                if let Some(direction) = directions.get(&alias.target).copied() {
                    directions.insert(alias.name.clone(), direction);
                }
            }
            Module {
                source,
                files,
                warnings,
                type_names: model.by_location,
                directions,
                roots: model.roots,
                stats,
            }
        }
    }
}
