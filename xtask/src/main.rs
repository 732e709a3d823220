//! `cargo xtask …`: the project's automation, a thin command line over the `codegen` crate.

mod compile;
mod corpus;
mod releases;
mod sdk_types;

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
    /// Regenerate the SDK's types for every release in the release table.
    Codegen {
        /// Change nothing; fail if any generated file differs, is missing or is stale.
        #[arg(long)]
        check: bool,
    },
    /// Generate one module for any folder of PCE schemas.
    Generate {
        /// The folder of `*.schema.json` files (searched recursively).
        #[arg(long)]
        schemas: PathBuf,
        /// Write the module here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Generate `serde_json::Value` (with a warning) for `$ref`s to absent files.
        #[arg(long)]
        allow_missing_refs: bool,
    },
    /// Run the generator over every schema of a folder tree and report each file.
    Corpus {
        /// The folder tree, e.g. ../shared/pce-schema-corpus.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Codegen { check } => sdk_types::run(if check {
            sdk_types::Mode::Check
        } else {
            sdk_types::Mode::Write
        }),
        Task::Generate {
            schemas,
            out,
            allow_missing_refs,
        } => generate(&schemas, out, allow_missing_refs),
        Task::Corpus { dir } => corpus::run(&dir),
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
    allow_missing_refs: bool,
) -> Result<String, Failure> {
    let settings = codegen::Settings::new()
        .command("`cargo xtask generate`")
        .allow_missing_refs(allow_missing_refs);
    let module = codegen::generate(schemas, &settings).map_err(|e| Failure(e.to_string()))?;
    for warning in &module.warnings {
        eprintln!("warning: {warning}");
    }
    match out {
        Some(path) => {
            std::fs::write(&path, &module.source)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            Ok(format!(
                "wrote {} ({} schema files)",
                path.display(),
                module.files.len()
            ))
        }
        None => {
            print!("{}", module.source);
            Ok(format!("generated {} schema files", module.files.len()))
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
