//! The command line's grammar (clap), with examples in every command's `--help`, and the
//! parsing that turns clap's own errors into one-line `pce: error:` messages.

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand, ValueEnum};

use crate::exit::{Error, Exit};

/// Validate payloads against the Illumio PCE's JSON Schemas, and manage a PCE's optional
/// features.
#[derive(Debug, Parser)]
#[command(
    name = "pce",
    version,
    after_help = "\
Examples:
  pce validate --schema optional_features_put features.json
  pce schema list
  pce features list
  pce api /orgs/:org/labels --query key=env
  pce login

Commands that talk to a PCE read ILLUMIO_PCE_HOST, ILLUMIO_PCE_ORG_ID, ILLUMIO_API_KEY_USERNAME
and ILLUMIO_API_KEY_SECRET, or ILLUMIO_EMAIL and ILLUMIO_PASSWORD, and optionally
ILLUMIO_LOGIN_SERVER, ILLUMIO_CA_CERT and ILLUMIO_PCE_FQDN (see `pce login --help`).
RUST_LOG=illumio_pce=debug logs every request to standard error.

Exit status: 0 success, 1 invalid payload or a failure at the PCE, 2 usage, configuration,
input or schema error."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check JSON payloads against a PCE schema, offline.
    #[command(after_help = "\
Examples:
  pce validate --schema optional_features_put features.json
  pce validate --schema optional_features_put --release 23.3 a.json b.json
  cat features.json | pce validate --schema optional_features_put -
  pce validate --schema bundle/v2/rule_sets_put.schema.json rule_set.json
  pce validate --schema optional_features_put --format json features.json

Prints one line per file, `FILE: valid`, `FILE: invalid` followed by its violations
(`  POINTER: MESSAGE [KEYWORD]`), or `FILE: error: WHY` for a file that cannot be read or is
not JSON. Every file is checked even when an earlier one fails.

Exit status: 0 when every file is valid; 1 when a file is invalid; 2 when a file cannot be read
or is not JSON (this wins over 1), and for an unknown schema or release, a bad schema file or
bad usage (nothing is checked then).")]
    Validate(ValidateArgs),
    /// List or print the embedded schemas.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// List, enable or disable the PCE org's optional features.
    #[command(subcommand)]
    Features(FeaturesCommand),
    /// Log in with ILLUMIO_EMAIL and print the user, the org(s) and the PCE version.
    #[command(after_help = "\
Examples:
  pce login
  ILLUMIO_PCE_HOST=https://pce.example.com:8443 ILLUMIO_EMAIL=me@example.com pce login
  ILLUMIO_PCE_HOST=https://scp1.illum.io:443 ILLUMIO_LOGIN_SERVER=https://login.illum.io:443 \\
    ILLUMIO_EMAIL=me@example.com pce login          (prompts for the password)
  ILLUMIO_PASSWORD=\"$(cat ~/.config/pce/password)\" pce login   (from a file, not the history)

Environment:
  ILLUMIO_PCE_HOST          PCE URL with port, e.g. https://pce.example.com:8443 (required)
  ILLUMIO_PCE_ORG_ID        org id (optional with email and password)
  ILLUMIO_API_KEY_USERNAME  API key username, with ILLUMIO_API_KEY_SECRET (not for login)
  ILLUMIO_EMAIL             user email, with ILLUMIO_PASSWORD
  ILLUMIO_PASSWORD          password; prompted for without echo when unset on a terminal
  ILLUMIO_LOGIN_SERVER      SaaS Login Service, e.g. https://login.illum.io:443
  ILLUMIO_CA_CERT           path of a PEM file with a CA certificate to trust
  ILLUMIO_PCE_FQDN          the PCE's own FQDN, when ILLUMIO_PCE_HOST names it otherwise

The session is logged out before `pce` exits. Exit status: 0 logged in, 1 the PCE refused the
credentials or could not be reached, 2 configuration error.")]
    Login,
    /// Send any request to the PCE's REST API and print the JSON answer.
    #[command(after_help = "\
Examples:
  pce api /orgs/:org/labels --query key=env --query max_results=50
  pce api /orgs/:org/workloads --all > workloads.json
  pce api -X PUT /orgs/:org/optional_features --data features.json
  echo '{\"key\": \"env\", \"value\": \"prod\"}' | pce api /orgs/:org/labels --data -
  pce api --include /users/login

PATH is below /api/v2 (a leading /api/v2 is accepted too); :org stands for the org id.
The answer's JSON is printed on standard output, indented; an empty answer prints nothing.
A collection GET whose answer holds fewer objects than the PCE has (a synchronous GET returns
at most 500) is an error naming both numbers: --all gets them all through an async job,
with a progress line on standard error while it waits when that is a terminal. A body sent
to an operation the connected release has a schema for is checked against it first.

Uses the environment variables of `pce login --help`. Exit status: 0 success; 1 the PCE
refused or failed the request (the error line gives the status, the PCE's error tokens and
the request id), a truncated collection, a failed or overdue job; 2 usage, configuration,
an unreadable or non-JSON --data, or a body its schema refuses (nothing is sent then).")]
    Api(ApiArgs),
}

/// `pce api`.
#[derive(Debug, clap::Args)]
pub struct ApiArgs {
    /// The HTTP method [default: GET, or POST with --data].
    #[arg(short = 'X', long, value_name = "METHOD")]
    pub method: Option<String>,
    /// The path below /api/v2, e.g. /orgs/:org/labels.
    pub path: String,
    /// A query parameter (repeatable).
    #[arg(short, long = "query", value_name = "KEY=VALUE", value_parser = key_value)]
    pub query: Vec<(String, String)>,
    /// The JSON body, from a file or `-` for standard input.
    #[arg(short, long, value_name = "FILE|-")]
    pub data: Option<PathBuf>,
    /// Get every object of a collection, through an async job when one answer cannot hold
    /// them all.
    #[arg(long, conflicts_with = "include")]
    pub all: bool,
    /// Print the status line and the headers before the body.
    #[arg(short, long)]
    pub include: bool,
}

/// Parses `KEY=VALUE` (the value may hold `=`).
fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err("expected KEY=VALUE".to_owned()),
    }
}

/// `pce validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// An embedded schema name (e.g. optional_features_put), or the path of a .schema.json
    /// file whose $refs are resolved relative to it.
    #[arg(long, value_name = "NAME|PATH")]
    pub schema: String,
    /// The PCE release of an embedded schema [default: the latest].
    #[arg(long, value_name = "R")]
    pub release: Option<String>,
    /// Judge each file as a body a PCE sent, against a schema file: any property may be null
    /// or absent (a oneOf then takes what any branch takes), everything else as published;
    /// shows where a PCE's answer departs from its schema.
    #[arg(long)]
    pub response: bool,
    /// Each file holds one payload per line (JSON Lines), each reported as FILE:LINE.
    #[arg(long)]
    pub lines: bool,
    /// How to print the results.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The JSON files to check; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// Output formats of `pce validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per file, then its violations, indented.
    Text,
    /// One JSON report of every file.
    Json,
}

/// `pce schema ...`.
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Print the names of a release's schemas, one per line.
    #[command(after_help = "\
Examples:
  pce schema list
  pce schema list --release 23.3")]
    List {
        /// The PCE release [default: the latest].
        #[arg(long, value_name = "R")]
        release: Option<String>,
    },
    /// Print a schema's text, as the PCE publishes it.
    #[command(after_help = "\
Examples:
  pce schema show optional_features_put
  pce schema show optional_feature --release 24.1")]
    Show {
        /// The schema's name, e.g. optional_features_put.
        name: String,
        /// The PCE release [default: the latest].
        #[arg(long, value_name = "R")]
        release: Option<String>,
    },
}

/// `pce features ...`.
#[derive(Debug, Subcommand)]
pub enum FeaturesCommand {
    /// Print every optional feature as `NAME<tab>enabled` or `NAME<tab>disabled`.
    #[command(after_help = "\
Examples:
  pce features list
  pce features list | grep -w enabled

Uses the environment variables of `pce login --help`, with an API key or email and password.")]
    List,
    /// Enable one optional feature.
    #[command(after_help = "\
Examples:
  pce features enable per_rule_flow_log_setting

A name the PCE's release does not know (the release it reports when logging in with a password,
else the newest supported) is refused (exit 2) before the change is sent.")]
    Enable {
        /// The feature's name, e.g. per_rule_flow_log_setting.
        name: String,
    },
    /// Disable one optional feature.
    #[command(after_help = "\
Examples:
  pce features disable ui_analytics

A name the PCE's release does not know (the release it reports when logging in with a password,
else the newest supported) is refused (exit 2) before the change is sent.")]
    Disable {
        /// The feature's name, e.g. ui_analytics.
        name: String,
    },
}

/// What parsing the command line gave.
pub enum Parsed {
    /// A command to run.
    Run(Cli),
    /// `--help` or `--version` text (exit 0, standard output), or the help of a command run
    /// without its subcommand (exit 2, standard error).
    Print {
        /// The text.
        text: String,
        /// How `pce` exits after printing it.
        exit: Exit,
    },
}

/// Parses the process's arguments.
pub fn parse() -> Result<Parsed, Error> {
    match Cli::try_parse() {
        Ok(cli) => Ok(Parsed::Run(cli)),
        Err(error) if !error.use_stderr() => Ok(Parsed::Print {
            text: error.render().to_string(),
            exit: Exit::Success,
        }),
        Err(error) if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            Ok(Parsed::Print {
                text: error.render().to_string(),
                exit: Exit::Usage,
            })
        }
        Err(error) => Err(Error::usage(one_line(&error.render().to_string()))),
    }
}

/// clap's message without its `error:` prefix, usage and hint, on one line.
fn one_line(rendered: &str) -> String {
    let mut message = String::new();
    for line in rendered
        .lines()
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more"))
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        if !message.is_empty() {
            message.push_str(if line.starts_with("tip:") { "; " } else { " " });
        }
        message.push_str(line);
    }
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    format!("{message} (try --help)")
}
