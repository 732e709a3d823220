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
//! [`client_crate`] and [`module`] take several bundles, one per release: the client has the
//! newest release's types and methods, and a release table (`illumio_pce::ReleaseTable`) of
//! each release's operations and schemas, by which it checks each request against the
//! release of the PCE it goes to; the docs of what the oldest release lacks say which release
//! added it ([`History`], from the [`diff`] of each release with
//! the one before).
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

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use crate::diff::{self, Report};
use crate::error::{Error, Result};
use crate::load::slashed;
use crate::openapi::{self, features, Paths, Release, ReleaseTable, Target, Texts};
use crate::{History, Resolved, Settings};

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

    /// The client crate for this bundle: [`client_crate`] of it alone.
    pub fn client_crate(&self, settings: &ClientSettings) -> Result<ClientCrate> {
        client_crate(std::slice::from_ref(self), settings)
    }

    /// The client as one module: [`module`] of this bundle alone.
    pub fn module(&self, settings: &ClientSettings) -> Result<String> {
        module(std::slice::from_ref(self), settings)
    }

    /// The files of the bundle the types are made from: its `v2/` schemas and what they
    /// reference.
    fn schema_files(&self) -> Result<Vec<PathBuf>> {
        Ok(crate::load::load_folder(&self.dir.join("v2"))?
            .files
            .into_keys()
            .collect())
    }

    /// Each of `files` (paths in the bundle) with its text.
    fn schema_texts(&self, files: &[PathBuf]) -> Result<BTreeMap<String, String>> {
        files
            .iter()
            .map(|file| {
                let path = self.dir.join(file);
                std::fs::read_to_string(&path)
                    .map(|text| (slashed(file), text))
                    .map_err(|source| Error::Io { path, source })
            })
            .collect()
    }
}

/// The client crate for `bundles` (one or several releases, in any order): the types and a
/// method for every operation of the newest, and each release's operations and schemas, by
/// which the client checks each request against the release of the PCE it goes to.
pub fn client_crate(bundles: &[Bundle], settings: &ClientSettings) -> Result<ClientCrate> {
    let bundles = by_release(bundles)?;
    let parts = Parts::generate(&bundles, settings, settings.features)?;
    let releases = parts.release_names();
    let lib = format!(
        "//! A typed client for PCE {what}: [`Pce`] has one method per \
         operation of the\n//! newest ({count} in all), and [`types`] the types of its \
         schemas. Authentication, sessions,\n//! retries and errors are `illumio-pce`'s.\n\
         //!\n//! {generated}\n\n{modules}",
        what = parts.describe(),
        count = parts.operations,
        generated = generated_by(settings),
        modules = modules("pub mod types;", "mod endpoints;", "mod releases;"),
    ) + "pub use illumio_pce::{Client, ClientBuilder, Credentials, Error, Href, PolicyVersion, Result};\n";
    let name = settings.name.clone().unwrap_or_else(|| {
        format!(
            "illumio-pce-{}",
            releases.join("-").replace(['.', '_'], "-")
        )
    });
    let manifest = manifest(&name, &parts.describe(), settings, &parts.features);
    let releases_header = format!(
        "//! The releases of {}: their operations, and their schemas, copied into `schemas/`\n\
         //! beside `src/`, each text once.\n//!\n//! {}\n",
        parts.describe(),
        generated_by(settings)
    );
    let table = parts.table.module(
        Texts::Include("../schemas/"),
        &releases_header,
        "pub",
        "illumio_pce",
    );
    let mut files = vec![
        (PathBuf::from("Cargo.toml"), manifest),
        (PathBuf::from("src/lib.rs"), lib),
        (PathBuf::from("src/types.rs"), parts.types),
        (PathBuf::from("src/endpoints.rs"), parts.endpoints),
        (PathBuf::from("src/releases.rs"), table),
    ];
    for file in parts.table.stored_files() {
        files.push((Path::new("schemas").join(file.at), file.text.to_owned()));
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

/// The client of `bundles` as one module, for a `build.rs` to write and `include!`: `types`,
/// `endpoints` and `releases` (the schema texts written out) as inline modules, and `Pce`
/// and the rest of `endpoints` re-exported. It has no cargo features: every operation is in
/// it.
pub fn module(bundles: &[Bundle], settings: &ClientSettings) -> Result<String> {
    let bundles = by_release(bundles)?;
    let parts = Parts::generate(&bundles, settings, false)?;
    let table = parts.table.module(Texts::Inline, "", "pub", "illumio_pce");
    // Plain comments: `include!` takes no inner doc comments.
    Ok(format!(
        "// A typed client for PCE {what} ({count} operations).\n//\n\
         // {generated}\n\n{modules}",
        what = parts.describe(),
        count = parts.operations,
        generated = generated_by(settings),
        modules = modules(
            &format!("pub mod types {{\n{}}}", parts.types),
            &format!("mod endpoints {{\n{}}}", parts.endpoints),
            &format!("mod releases {{\n{table}}}"),
        ),
    ))
}

/// `bundles` oldest first; an error when there are none, several of which one is not named
/// by a version, two of one release, or too many.
fn by_release(bundles: &[Bundle]) -> Result<Vec<&Bundle>> {
    let refuse = |reason: String| Err(Error::Releases { reason });
    if bundles.len() > 1 {
        if let Some(unnamed) = bundles.iter().find(|b| version_parts(&b.release).is_none()) {
            return refuse(format!(
                "the release of {} ({}) is not a version (major.minor or major.minor.patch): \
                 its openapi.json names none in info.version",
                unnamed.dir.display(),
                unnamed.release
            ));
        }
    }
    let mut ordered: Vec<&Bundle> = bundles.iter().collect();
    ordered.sort_by_key(|bundle| version_parts(&bundle.release));
    if ordered.is_empty() {
        return refuse("no bundle given".to_owned());
    }
    if ordered.len() > 64 {
        return refuse(format!(
            "{} releases; a client holds at most 64",
            ordered.len()
        ));
    }
    let same =
        |pair: &&[&Bundle]| version_parts(&pair[0].release) == version_parts(&pair[1].release);
    if let Some(pair) = ordered.windows(2).find(same) {
        return refuse(format!(
            "{} and {} are both release {}",
            pair[0].dir.display(),
            pair[1].dir.display(),
            pair[0].release
        ));
    }
    Ok(ordered)
}

/// `25.2.20` → `[25, 2, 20]`, `25.2` → `[25, 2, 0]`: releases compare part by part, as
/// `illumio_pce::ReleaseTable` compares them; `None` for a name that does not start with
/// major and minor numbers.
fn version_parts(release: &str) -> Option<[u32; 3]> {
    let mut numbers = release
        .split(['.', '-', '+', ' '])
        .map_while(|part| part.parse::<u32>().ok());
    let major = numbers.next()?;
    let minor = numbers.next()?;
    Some([major, minor, numbers.next().unwrap_or(0)])
}

/// The three modules of a client and what it re-exports, each module given as its
/// declaration or its inline block.
fn modules(types: &str, endpoints: &str, releases: &str) -> String {
    format!(
        "#[rustfmt::skip]\n\
         // A request type whose properties are all optional has `new()` and no `Default`;\n\
         // a union holds its branches unboxed, as the schemas give them.\n\
         #[allow(clippy::new_without_default, clippy::large_enum_variant)]\n{types}\n\
         #[rustfmt::skip]\n{endpoints}\n#[rustfmt::skip]\n{releases}\n\n\
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
fn manifest(name: &str, what: &str, settings: &ClientSettings, areas: &[String]) -> String {
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
         publish = false\ndescription = \"Typed client for the Illumio PCE API of {what}\"\n\n\
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
    table: ReleaseTable,
    features: Vec<String>,
    operations: usize,
    types_count: usize,
    warnings: Vec<String>,
}

impl Parts {
    /// The parts for `bundles`, oldest first: the newest's types (their docs saying what
    /// each later release added) and endpoints, and every release's table entries.
    fn generate(bundles: &[&Bundle], settings: &ClientSettings, gated: bool) -> Result<Self> {
        let Some(newest) = bundles.last() else {
            return Err(Error::Releases {
                reason: "no bundle given".to_owned(),
            });
        };
        let names: Vec<&str> = bundles.iter().map(|b| b.release.as_str()).collect();
        // Each release against the one before: what the docs and the table say was added.
        let resolved: Vec<Resolved> = if bundles.len() > 1 {
            bundles
                .iter()
                .map(|b| crate::resolve(&b.dir.join("v2"), &settings.types))
                .collect::<Result<_>>()?
        } else {
            Vec::new()
        };
        let reports: Vec<Report> = resolved
            .windows(2)
            .zip(names.windows(2))
            .map(|(sides, names)| diff::report(names[0], &sides[0], names[1], &sides[1]))
            .collect();
        let told: Vec<(&Report, &Resolved)> = reports.iter().zip(resolved.iter().skip(1)).collect();
        let types_settings = settings
            .types
            .clone()
            .command(settings.command.clone())
            .history(History::of(&told, &names));
        let module = crate::generate(&newest.dir.join("v2"), &types_settings)?;
        let operations = openapi::read(&newest.dir, &module.files.iter().cloned().collect())?;
        let mut releases = Vec::new();
        for bundle in bundles {
            let release = if std::ptr::eq(*bundle, *newest) {
                Release::new(
                    &bundle.release,
                    &operations,
                    bundle.schema_texts(&module.files)?,
                )
            } else {
                let files = bundle.schema_files()?;
                let ops = openapi::read(&bundle.dir, &files.iter().cloned().collect())?;
                Release::new(&bundle.release, &ops, bundle.schema_texts(&files)?)
            };
            releases.push(release);
        }
        let table = ReleaseTable::new(releases, &reports);
        let since = table.since(&operations);
        let header = format!(
            "//! Endpoints of PCE {}, one method per operation of the newest's `openapi.json`.\n//!\n//! {}\n",
            describe(&names),
            generated_by(settings)
        );
        let paths = Paths {
            types: "super::types".to_owned(),
            sdk: "illumio_pce".to_owned(),
            target: Target::Wrapper {
                releases: "super::releases::RELEASES".to_owned(),
            },
            features: gated,
            since,
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
            table,
            features: areas,
            operations: operations.len(),
            types_count: module.stats.types,
            warnings: module.warnings,
        })
    }

    /// The releases' names, oldest first.
    fn release_names(&self) -> Vec<&str> {
        self.table
            .releases()
            .iter()
            .map(|r| r.name.as_str())
            .collect()
    }

    /// `release bundle 25.2.20`, or `release bundles 25.2.20 and 26.3.0`.
    fn describe(&self) -> String {
        describe(&self.release_names())
    }
}

/// `release bundle 25.2.20`, `release bundles 25.2.20 and 26.3.0`, `… 24.1, 25.2.20 and 26.3.0`.
fn describe(names: &[&str]) -> String {
    match names {
        [one] => format!("release bundle {one}"),
        [rest @ .., last] => format!("release bundles {} and {last}", rest.join(", ")),
        [] => "no release".to_owned(),
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
