//! `cargo xtask …`: the project's automation, a thin command line over the `codegen` crate
//! and the schema diff.

mod bundle_crate;
mod changelog;
mod compile;
mod corpus;
mod diff;
mod recorded;
mod releases;
mod roundtrip;
mod sdk_types;
mod verdicts;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A failed task, with the message for the user.
#[derive(Debug)]
pub(crate) struct Failure(pub String);

/// The project's automation.
#[derive(Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate the SDK's types for every release in the release table, and CHANGELOG.md's
    /// release sections.
    Codegen {
        /// Change nothing; fail if any generated file differs, is missing or is stale.
        #[arg(long)]
        check: bool,
    },
    /// Generate one module for any folder of PCE schemas, or (`--bundle DIR --crate OUT`) a
    /// whole crate for a release bundle: its types and a typed method per operation.
    Generate {
        /// The folder of `*.schema.json` files (searched recursively).
        #[arg(long, required_unless_present = "bundle", conflicts_with = "bundle")]
        schemas: Option<PathBuf>,
        /// A release bundle (`v2/`, `common/`, `openapi.json`), to generate a crate from
        /// (repeat for a crate of several releases).
        #[arg(long, requires = "crate_dir")]
        bundle: Vec<PathBuf>,
        /// Where to write the bundle's crate.
        #[arg(long = "crate", requires = "bundle")]
        crate_dir: Option<PathBuf>,
        /// Write the module here instead of standard output.
        #[arg(long, conflicts_with = "bundle")]
        out: Option<PathBuf>,
        /// Generate `serde_json::Value` (with a warning) for `$ref`s to absent files.
        #[arg(long)]
        allow_missing_refs: bool,
        /// Generate `serde_json::Value` (with a warning) for schemas typify cannot convert.
        #[arg(long)]
        allow_unconvertible: bool,
    },
    /// Report what changed between two folders of PCE schemas, and what it breaks.
    Diff {
        /// The older release's folder, e.g. schemas/24.1.
        old: PathBuf,
        /// The newer release's folder, e.g. schemas/25.2.
        new: PathBuf,
        /// `markdown` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = diff::Format::Markdown)]
        format: diff::Format,
    },
    /// Check the module of a release bundle on payloads drawn from its schemas (needs Python).
    Roundtrip {
        /// The bundle folder, holding `v2/` and `common/`.
        bundle: PathBuf,
        /// Check these payloads (a JSON-lines file written by an earlier run) instead of
        /// drawing new ones.
        #[arg(long)]
        payloads: Option<PathBuf>,
        /// How many payloads to draw from each schema.
        #[arg(long, default_value_t = 20)]
        examples: u32,
        /// Also check the bodies real PCEs sent, listed in this folder's `INDEX.tsv` (e.g.
        /// ../shared/pce-real-responses).
        #[arg(long)]
        recorded: Option<PathBuf>,
    },
    /// Run the generator over every schema of a folder tree and report each file.
    Corpus {
        /// The folder tree, e.g. ../shared/pce-schema-corpus.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    quiet_typify_panics();
    let result = match Cli::parse().task {
        Task::Codegen { check } => sdk_types::run(if check {
            sdk_types::Mode::Check
        } else {
            sdk_types::Mode::Write
        }),
        Task::Generate {
            schemas,
            bundle,
            crate_dir,
            out,
            allow_missing_refs,
            allow_unconvertible,
        } => {
            let settings = illumio_pce_codegen::Settings::new()
                .command("`cargo xtask generate`")
                .allow_missing_refs(allow_missing_refs)
                .allow_unconvertible(allow_unconvertible);
            match (schemas, bundle.is_empty(), crate_dir) {
                (_, false, Some(dir)) => bundle_crate::write(&bundle, &dir, &settings),
                (Some(schemas), _, _) => generate(&schemas, out, &settings),
                _ => Err(Failure(
                    "give --schemas DIR, or --bundle DIR --crate OUT".to_owned(),
                )),
            }
        }
        Task::Diff { old, new, format } => diff::run(&old, &new, format),
        Task::Corpus { dir } => corpus::run(&dir),
        Task::Roundtrip {
            bundle,
            payloads,
            examples,
            recorded,
        } => roundtrip::run(&roundtrip::Options {
            bundle,
            payloads,
            examples,
            recorded,
        }),
    };
    match result {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate(
    schemas: &Path,
    out: Option<PathBuf>,
    settings: &illumio_pce_codegen::Settings,
) -> Result<String, Failure> {
    let started = std::time::Instant::now();
    let module =
        illumio_pce_codegen::generate(schemas, settings).map_err(|e| Failure(e.to_string()))?;
    let elapsed = started.elapsed().as_millis();
    for warning in &module.warnings {
        eprintln!("warning: {warning}");
    }
    let stats = &module.stats;
    let count = |construct: &str| {
        stats
            .fallbacks
            .iter()
            .filter(|(_, c)| c == construct)
            .count()
    };
    let what = format!(
        "{} schema files, {} types, {} aliases, {} names by position ({} numbered, {} union branches), {} array items named `…Item`, {elapsed} ms",
        module.files.len(),
        stats.types,
        stats.aliases,
        count("number") + count("variant"),
        count("number"),
        count("variant"),
        count("item"),
    );
    match out {
        Some(path) => {
            std::fs::write(&path, &module.source)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            Ok(format!("wrote {} ({what})", path.display()))
        }
        None => {
            print!("{}", module.source);
            Ok(format!("generated {what}"))
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Keeps the process's panic hook for every panic but typify's: the generator catches those
/// and reports them as an error naming the schema, so their backtrace would only be noise.
fn quiet_typify_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_typify = info
            .location()
            .is_some_and(|at| at.file().contains("typify-impl"));
        if !in_typify {
            previous(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_writes_one_module_with_its_header_to_the_out_file() {
        let dir = project_root()
            .join("target")
            .join("xtask")
            .join("tests")
            .join("generate");
        std::fs::create_dir_all(&dir).expect("creates the folder");
        let out = dir.join("pce_24_1.rs");
        let settings = illumio_pce_codegen::Settings::new().command("`cargo xtask generate`");
        let summary = generate(
            &project_root().join("schemas/24.1"),
            Some(out.clone()),
            &settings,
        )
        .expect("generates");
        assert!(summary.contains("(5 schema files, "), "{summary}");
        let text = std::fs::read_to_string(&out).expect("reads the module");
        assert!(text.starts_with("//! Types, generated from the JSON Schemas.\n"));
        assert!(text.contains("Generated by `cargo xtask generate`: do not edit by hand."));
        assert!(text.contains("pub struct OptionalFeaturesPut("));
    }

    #[test]
    fn generate_names_every_missing_ref_unless_allowed() {
        let dir = project_root()
            .join("target")
            .join("xtask")
            .join("tests")
            .join("generate-missing");
        std::fs::create_dir_all(&dir).expect("creates the folder");
        let schema = r#"{"type": "object", "properties": {"a": {"$ref": "a.schema.json"}, "b": {"$ref": "../b.schema.json"}}}"#;
        std::fs::write(dir.join("x.schema.json"), schema).expect("writes the schema");
        let strict = illumio_pce_codegen::Settings::new();
        let Err(Failure(message)) = generate(&dir, None, &strict) else {
            panic!("generation succeeded without the missing files");
        };
        assert!(
            message.contains("(no a.schema.json)") && message.contains("(no ../b.schema.json)"),
            "{message}"
        );
        let lenient = illumio_pce_codegen::Settings::new().allow_missing_refs(true);
        assert!(generate(&dir, Some(dir.join("out.rs")), &lenient).is_ok());
    }
}
