//! A release bundle as Illumio publishes it, made into a typed client: a crate (what
//! `pce generate --bundle B --crate OUT` writes), or one module for a `build.rs`.
//!
//! A bundle is a folder holding `openapi.json`, `v2/` and `common/`, or the zip Illumio
//! publishes (`Illumio_Open_API_<release>.zip`), whose top folder varies between releases:
//! [`Bundle::open`] takes either and finds the folder that holds `openapi.json`.
//!
//! The client depends on `illumio-pce` by version, the version of this crate (the two are
//! released together), or on a local checkout of it ([`ClientSettings::sdk_path`]).
//!
//! # From a `build.rs`
//!
//! With `illumio-pce-codegen` as a build-dependency and `illumio-pce`, `illumio-pce-lenient`,
//! `serde` and `serde_json` as dependencies:
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use illumio_pce_codegen::bundle::{Bundle, ClientSettings};
//!
//! // In build.rs: `let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);`
//! # let scratch = std::env::temp_dir().join(format!("codegen-bundle-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&scratch)?;
//! # let out = scratch.as_path();
//! let bundle = Bundle::open("tests/fixtures/bundle")?; // or the zip as downloaded
//! let module = bundle.module(&ClientSettings::new().command("build.rs"))?;
//! std::fs::write(out.join("pce.rs"), module)?;
//! // println!("cargo::rerun-if-changed=tests/fixtures/bundle");
//! // Then in src/lib.rs (or any module):
//! //   include!(concat!(env!("OUT_DIR"), "/pce.rs"));
//! //   ... Pce::new(client).labels_list(&Default::default()).await? ...
//! # assert!(std::fs::read_to_string(out.join("pce.rs"))?.contains("pub async fn labels_list("));
//! # std::fs::remove_dir_all(&scratch)?;
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::openapi::{self, features, Paths, Target};
use crate::Settings;

/// The version of `illumio-pce` a generated client depends on: this crate's, as the two are
/// released together.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A release bundle, opened.
#[derive(Debug)]
pub struct Bundle {
    dir: PathBuf,
    release: String,
    /// Where a zip was unpacked; removed when the bundle is dropped.
    _unpacked: Option<tempfile::TempDir>,
}

impl Bundle {
    /// Opens the bundle at `path`: a folder, or a zip of one (unpacked into a temporary
    /// folder). The bundle is the folder under it, at any depth, that holds `openapi.json`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        let (top, unpacked) = if path.is_dir() {
            (path.to_owned(), None)
        } else {
            let unpacked = tempfile::tempdir().map_err(io)?;
            let mut archive = File::open(path)
                .map_err(io)
                .and_then(|file| zip::ZipArchive::new(file).map_err(|e| not_a_bundle(path, &e)))?;
            archive
                .extract(unpacked.path())
                .map_err(|e| not_a_bundle(path, &e))?;
            (unpacked.path().to_owned(), Some(unpacked))
        };
        let dir = find_index(&top, 4).ok_or_else(|| Error::NotABundle {
            path: path.to_owned(),
            reason: "no folder in it holds openapi.json".to_owned(),
        })?;
        let release = release_of(&dir);
        Ok(Self {
            dir,
            release,
            _unpacked: unpacked,
        })
    }

    /// The folder that holds `openapi.json`, `v2/` and `common/`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The release, from `openapi.json`'s `info.version` (`25.2.20-2` is `25.2.20`), else
    /// the folder's name.
    pub fn release(&self) -> &str {
        &self.release
    }

    /// The client crate for this bundle.
    pub fn client_crate(&self, settings: &ClientSettings) -> Result<ClientCrate> {
        let parts = Parts::generate(self, settings, settings.features)?;
        let lib = format!(
            "//! A typed client for PCE release bundle {release}: [`Pce`] has one method per \
             operation of the\n//! bundle ({count} in all), and [`types`] the types of its \
             schemas. Authentication, sessions,\n//! retries and errors are `illumio-pce`'s.\n\
             //!\n//! {generated}\n\n{modules}",
            release = self.release,
            count = parts.operations,
            generated = generated_by(settings),
            modules = modules("pub mod types;", "mod endpoints;", "mod schemas;"),
        ) + "pub use illumio_pce::{Client, ClientBuilder, Credentials, Error, Href, PolicyVersion, Result};\n";
        let name = settings
            .name
            .clone()
            .unwrap_or_else(|| format!("illumio-pce-{}", self.release.replace(['.', '_'], "-")));
        let manifest = manifest(&name, &self.release, settings, &parts.features);
        let schemas_header = format!(
            "//! The schemas of PCE release bundle {}, copied into `schemas/` beside `src/`.\n//!\n//! {}\n",
            self.release,
            generated_by(settings)
        );
        let schemas =
            openapi::schemas_module(&self.release, &parts.files, "../schemas/", &schemas_header);
        let mut files = vec![
            (PathBuf::from("Cargo.toml"), manifest),
            (PathBuf::from("src/lib.rs"), lib),
            (PathBuf::from("src/types.rs"), parts.types),
            (PathBuf::from("src/endpoints.rs"), parts.endpoints),
            (PathBuf::from("src/schemas.rs"), schemas),
        ];
        for (file, text) in self.schema_texts(&parts.files)? {
            files.push((Path::new("schemas").join(file), text));
        }
        Ok(ClientCrate {
            name,
            files,
            operations: parts.operations,
            types: parts.types_count,
            features: parts.features,
            warnings: parts.warnings,
        })
    }

    /// The client as one module, for a `build.rs` to write and `include!`: `types`,
    /// `endpoints` and `schemas` (the schema texts written out) as inline modules, and
    /// `Pce` and the rest of `endpoints` re-exported. It has no cargo features: every
    /// operation is in it.
    pub fn module(&self, settings: &ClientSettings) -> Result<String> {
        let parts = Parts::generate(self, settings, false)?;
        let texts = self.schema_texts(&parts.files)?;
        let schemas = openapi::schemas_module_inline(&self.release, &texts, "");
        // Plain comments: `include!` takes no inner doc comments.
        Ok(format!(
            "// A typed client for PCE release bundle {release} ({count} operations).\n//\n\
             // {generated}\n\n{modules}",
            release = self.release,
            count = parts.operations,
            generated = generated_by(settings),
            modules = modules(
                &format!("pub mod types {{\n{}}}", parts.types),
                &format!("mod endpoints {{\n{}}}", parts.endpoints),
                &format!("mod schemas {{\n{schemas}}}"),
            ),
        ))
    }
}

impl Bundle {
    /// Each of `files` (paths in the bundle) with its text.
    fn schema_texts(&self, files: &[PathBuf]) -> Result<Vec<(PathBuf, String)>> {
        files
            .iter()
            .map(|file| {
                let path = self.dir.join(file);
                std::fs::read_to_string(&path)
                    .map(|text| (file.clone(), text))
                    .map_err(|source| Error::Io { path, source })
            })
            .collect()
    }
}

/// The three modules of a client and what it re-exports, each module given as its
/// declaration or its inline block.
fn modules(types: &str, endpoints: &str, schemas: &str) -> String {
    format!(
        "#[rustfmt::skip]\n\
         // A request type whose properties are all optional has `new()` and no `Default`;\n\
         // a union holds its branches unboxed, as the schemas give them.\n\
         #[allow(clippy::new_without_default, clippy::large_enum_variant)]\n{types}\n\
         #[rustfmt::skip]\n{endpoints}\n#[rustfmt::skip]\n{schemas}\n\n\
         pub use endpoints::*;\n"
    )
}

/// How a client is generated.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    types: Settings,
    sdk: Sdk,
    name: Option<String>,
    features: bool,
    command: String,
}

/// Where a generated client finds `illumio-pce`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sdk {
    /// From crates.io, at this version.
    Version(String),
    /// A local checkout's `sdk/` folder (its `lenient/` beside it), at [`SDK_VERSION`].
    Path(PathBuf),
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientSettings {
    /// The defaults: `illumio-pce` [`SDK_VERSION`] from crates.io, a feature per API area,
    /// a `$ref` to a file the bundle lacks read as JSON (Illumio's bundles have such refs),
    /// and the header naming `illumio-pce-codegen`.
    pub fn new() -> Self {
        Self {
            types: Settings::new().allow_missing_refs(true),
            sdk: Sdk::Version(SDK_VERSION.to_owned()),
            name: None,
            features: true,
            command: "illumio-pce-codegen".to_owned(),
        }
    }

    /// The command named in each generated file's header as the one that made it.
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// Depend on the `illumio-pce` of a local checkout: its `sdk/` folder (with `lenient/`
    /// beside it), by path and version.
    pub fn sdk_path(mut self, sdk: impl Into<PathBuf>) -> Self {
        self.sdk = Sdk::Path(sdk.into());
        self
    }

    /// The crate's name (default `illumio-pce-<release>`, dots as dashes).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Whether the crate has a cargo feature per API area ([`features`]); on by default.
    pub fn features(mut self, on: bool) -> Self {
        self.features = on;
        self
    }

    /// The settings the types are generated with (fix-ups, names, what is an error).
    pub fn types(mut self, settings: Settings) -> Self {
        self.types = settings;
        self
    }
}

/// `Generated by … : do not edit by hand.`
fn generated_by(settings: &ClientSettings) -> String {
    format!("Generated by `{}`: do not edit by hand.", settings.command)
}

/// The crate's `Cargo.toml`.
fn manifest(name: &str, release: &str, settings: &ClientSettings, areas: &[String]) -> String {
    let (sdk, lenient) = match &settings.sdk {
        Sdk::Version(version) => (
            format!("version = {version:?}"),
            format!("version = {version:?}"),
        ),
        Sdk::Path(path) => {
            let lenient = path.with_file_name("lenient");
            (
                format!(
                    "version = {SDK_VERSION:?}, path = {:?}",
                    path.display().to_string()
                ),
                format!(
                    "version = {SDK_VERSION:?}, path = {:?}",
                    lenient.display().to_string()
                ),
            )
        }
    };
    let mut text = format!(
        "# {generated}\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
         publish = false\ndescription = \"Typed client for the Illumio PCE API of release bundle {release}\"\n\n\
         [workspace]\n\n[dependencies]\n\
         illumio-pce = {{ {sdk}, features = [\"validation\"] }}\n\
         illumio-pce-lenient = {{ {lenient} }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = {{ version = \"1\", features = [\"float_roundtrip\"] }}\n",
        generated = generated_by(settings),
    );
    if settings.features {
        let all: Vec<String> = areas.iter().map(|area| format!("{area:?}")).collect();
        text.push_str(&format!(
            "\n# One feature per API area ({}); all by default.\n[features]\ndefault = [\"full\"]\nfull = [{}]\n",
            "illumio_pce_codegen::openapi::features",
            all.join(", ")
        ));
        for area in areas {
            text.push_str(&format!("{area} = []\n"));
        }
    }
    text
}

/// A generated client crate.
#[derive(Debug, Clone)]
pub struct ClientCrate {
    name: String,
    files: Vec<(PathBuf, String)>,
    operations: usize,
    types: usize,
    features: Vec<String>,
    warnings: Vec<String>,
}

impl ClientCrate {
    /// The crate's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its files, relative to the crate's folder, with their text (the bundle's schema files
    /// under `schemas/`).
    pub fn files(&self) -> &[(PathBuf, String)] {
        &self.files
    }

    /// Its cargo features, one per API area.
    pub fn features(&self) -> &[String] {
        &self.features
    }

    /// What the generator warns about (`$ref`s read as JSON).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// One line about it: operations, schema files and types.
    pub fn summary(&self) -> String {
        let schemas = self
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("schemas"))
            .count();
        format!(
            "{} operations, {schemas} schema files, {} types",
            self.operations, self.types
        )
    }

    /// Writes the crate into `out` (created if needed), replacing the files it generates.
    pub fn write(&self, out: &Path) -> Result<()> {
        for (file, text) in &self.files {
            let path = out.join(file);
            let io = |source| Error::Io {
                path: path.clone(),
                source,
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            std::fs::write(&path, text).map_err(io)?;
        }
        Ok(())
    }
}

/// The generated parts of a client.
struct Parts {
    types: String,
    endpoints: String,
    files: Vec<PathBuf>,
    features: Vec<String>,
    operations: usize,
    types_count: usize,
    warnings: Vec<String>,
}

impl Parts {
    fn generate(bundle: &Bundle, settings: &ClientSettings, gated: bool) -> Result<Self> {
        let types_settings = settings.types.clone().command(settings.command.clone());
        let module = crate::generate(&bundle.dir.join("v2"), &types_settings)?;
        let files: BTreeSet<PathBuf> = module.files.iter().cloned().collect();
        let operations = openapi::read(&bundle.dir, &files)?;
        let header = format!(
            "//! Endpoints of PCE release bundle {}, one method per operation of its \
             `openapi.json`.\n//!\n//! {}\n",
            bundle.release,
            generated_by(settings)
        );
        let paths = Paths {
            types: "super::types".to_owned(),
            sdk: "illumio_pce".to_owned(),
            target: Target::Wrapper {
                schemas: "super::schemas::SCHEMAS".to_owned(),
            },
            features: gated,
        };
        let endpoints = openapi::endpoints(&operations, &module.roots, &paths, &header);
        let (types, areas) = if gated {
            let gated = features::gate_types(&module.source, &operations, &module.roots)?;
            (gated.source, gated.features)
        } else {
            (module.source.clone(), Vec::new())
        };
        Ok(Self {
            types,
            endpoints,
            files: module.files.clone(),
            features: areas,
            operations: operations.len(),
            types_count: module.stats.types,
            warnings: module.warnings,
        })
    }
}

/// The folder under `dir` (itself included), at most `depth` levels down, that holds
/// `openapi.json`; the shallowest, the first by name among equals.
fn find_index(dir: &Path, depth: usize) -> Option<PathBuf> {
    if dir.join("openapi.json").is_file() {
        return Some(dir.to_owned());
    }
    if depth == 0 {
        return None;
    }
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir() && !is_hidden(path))
        .collect();
    children.sort();
    children
        .iter()
        .find(|child| child.join("openapi.json").is_file())
        .cloned()
        .or_else(|| {
            children
                .iter()
                .find_map(|child| find_index(child, depth - 1))
        })
}

/// A folder such as `__MACOSX` or `.git`, which archives carry beside the bundle.
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('.') || name.starts_with("__"))
}

/// The release of the bundle in `dir`.
fn release_of(dir: &Path) -> String {
    let from_index = std::fs::read_to_string(dir.join("openapi.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|doc| doc.pointer("/info/version")?.as_str().map(str::to_owned))
        .map(|v| v.split('-').next().unwrap_or(&v).to_owned());
    from_index.unwrap_or_else(|| {
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "bundle".to_owned())
    })
}

/// The error of a file that is neither a folder nor a readable zip.
fn not_a_bundle(path: &Path, error: &zip::result::ZipError) -> Error {
    Error::NotABundle {
        path: path.to_owned(),
        reason: format!("not a folder nor a zip: {error}"),
    }
}
