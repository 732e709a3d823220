//! The command line's grammar (clap), with examples in every command's `--help`, and the
//! parsing that turns clap's own errors into one-line `pce: error:` messages.

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand, ValueEnum};

use crate::exit::{Error, Exit};

/// Validate payloads against the Illumio PCE's JSON Schemas, manage a PCE's optional
/// features, send it any request, run traffic queries and provision policy.
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
  pce traffic --dst label:role=db --decision blocked --format csv
  pce provision --all -m \"nightly sync\"
  pce login

Commands that talk to a PCE read ILLUMIO_PCE_HOST, ILLUMIO_PCE_ORG_ID, ILLUMIO_API_KEY_USERNAME
and ILLUMIO_API_KEY_SECRET, or ILLUMIO_EMAIL and ILLUMIO_PASSWORD, and optionally
ILLUMIO_LOGIN_SERVER, ILLUMIO_CA_CERT and ILLUMIO_PCE_FQDN (see `pce login --help`).
RUST_LOG=illumio_pce=debug logs every request to standard error.

Exit status: 0 success, 1 invalid payload or a failure at the PCE, 2 usage, configuration,
input or schema error."
)]
pub struct Cli {
    /// The PCE profile to use (see `pce profile --help`) [env: PCE_PROFILE].
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
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
  pce api /orgs/:org/labels --format table
  pce api /orgs/:org/workloads --all --format csv > workloads.csv

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
    /// Run an Explorer traffic query and print its flows.
    #[command(after_help = "\
Examples:
  pce traffic --dst label:role=db --port 5432/tcp --decision blocked --decision potentially_blocked
  pce traffic --since 2026-11-01 --until 2026-11-30 --src iplist:Corporate --format csv > flows.csv
  pce traffic --src href:/orgs/1/workloads/6f1d... --max-results 1000

SEL is label:KEY=VALUE, iplist:NAME (an active IP list), href:HREF (a label, label group,
workload or IP list) or ip:ADDRESS; several --src (or --dst) match any of them. Dates are days
(UTC), the PCE's unit; without them the query covers yesterday and today. The flows are written
to standard output as they download: JSON, an array with one flow a line, or CSV with a header
row (src_ip, src_workload, src_labels, dst_ip, dst_workload, dst_labels, port, proto,
policy_decision, num_connections, first_detected, last_detected; labels as KEY=VALUE;...).
A progress line goes to standard error when that is a terminal.

Uses the environment variables of `pce login --help`. Exit status: 0 success; 1 the PCE refused
or failed the query, a selector that names nothing, a query not done within 30 minutes; 2 usage
or configuration.")]
    Traffic(TrafficArgs),
    /// List the pending draft policy changes, or provision them.
    #[command(after_help = "\
Examples:
  pce provision --pending
  pce provision --pending --format csv > pending.csv
  pce provision --all -m \"nightly sync\"
  pce provision /orgs/1/sec_policy/draft/rule_sets/3 /orgs/1/sec_policy/draft/ip_lists/5 -m \"web tier\"

--pending prints one line per change: TYPE<tab>UPDATE_TYPE<tab>HREF<tab>NAME. Provisioning prints
`policy version N` and one `provisioned HREF` line per active object. A subset the PCE refuses
(one that leaves out a change it depends on) is an error with the PCE's tokens.

Uses the environment variables of `pce login --help`. Exit status: 0 success; 1 the PCE refused
or failed the request; 2 usage or configuration.")]
    Provision(ProvisionArgs),
    /// Workloads in bulk.
    #[command(subcommand)]
    Workloads(WorkloadsCommand),
    /// Generate a typed client crate (or one module) from PCE release bundles.
    #[command(after_help = "\
Examples:
  pce generate --bundle Illumio_Open_API_25_2_20.zip --crate pce-25-2-20
  pce generate --bundle 25.2.20 --bundle 26.3.0 --crate pce-fleet
  pce generate --bundle path/to/25.2.20 --module src/pce.rs
  pce generate --bundle 25.2.20 --crate pce-25-2-20 --sdk-path ~/src/illumio-pce/sdk

A bundle is a folder holding openapi.json, v2/ and common/, or the zip Illumio publishes
(whatever its top folder). With several bundles (one per release, in any order), the crate has
the newest's types and methods, and each release's operations and request schemas: a request
is checked against the release of the PCE it goes to, and what that release lacks is refused
before sending, naming the release that added it. The crate depends on illumio-pce by version
(this pce's), or on a local checkout with --sdk-path, and has a cargo feature per API area
(labels, workloads, rule_sets, …; all on by default). A module (--module) is the same client in
one file, for `include!`, with no features.

Exit status: 0 written; 2 a path that is not a bundle, a bundle the generator cannot read, or a
file that cannot be written.")]
    Generate(GenerateArgs),
    /// Release bundles.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Keep named PCE profiles for `pce --profile NAME`.
    #[command(
        subcommand,
        after_help = "\
The config file is $PCE_CONFIG, else $XDG_CONFIG_HOME/pce/config.toml, else
~/.config/pce/config.toml. A profile never holds a secret in clear: it names an environment
variable (--secret-env), a command that prints it (--secret-command 'pass show pce/prod'), or,
with --secret-stdin, a file of its own under the config folder's secrets/, created readable by
its owner only (mode 0600). With `pce --profile NAME` (or PCE_PROFILE=NAME) a command uses the
profile; each ILLUMIO_* variable that is set wins over it."
    )]
    Profile(ProfileCommand),
}

/// `pce generate`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("out").required(true).args(["krate", "module"])))]
pub struct GenerateArgs {
    /// A release bundle: a folder, or the zip as downloaded (repeat for several releases).
    #[arg(long, value_name = "PATH", required = true)]
    pub bundle: Vec<PathBuf>,
    /// Write a crate into this folder.
    #[arg(long = "crate", value_name = "OUT")]
    pub krate: Option<PathBuf>,
    /// Write the client as one Rust file.
    #[arg(long, value_name = "FILE")]
    pub module: Option<PathBuf>,
    /// Depend on the illumio-pce of a local checkout (its sdk/ folder) instead of crates.io.
    #[arg(long, value_name = "DIR", requires = "krate")]
    pub sdk_path: Option<PathBuf>,
    /// The crate's name [default: illumio-pce-RELEASE(S), dots as dashes].
    #[arg(long, requires = "krate")]
    pub name: Option<String>,
}

/// `pce bundle ...`.
#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// What changed between two release bundles, and what it breaks.
    #[command(after_help = "\
Examples:
  pce bundle diff Illumio_Open_API_25_2_20.zip Illumio_Open_API_26_3_0.zip
  pce bundle diff 25.2.20 26.3.0 --format json

Compares the bundles' schemas (v2/) as the generator reads them: types and properties added,
removed or changed, and which changes break Rust code built against the old release. Exit
status: 0 the report was printed (whatever it says); 2 a path that is not a bundle.")]
    Diff {
        /// The older bundle (folder or zip).
        old: PathBuf,
        /// The newer bundle (folder or zip).
        new: PathBuf,
        /// How the report is printed.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
    },
}

/// How `pce bundle diff` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people: a summary, then one line per change.
    Markdown,
    /// For tools: the report as JSON.
    Json,
}

/// `pce profile ...`.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Save a profile (replacing one of the same name).
    #[command(after_help = "\
Examples:
  pce profile add prod --url https://pce.example.com:8443 --org 1 \\
    --api-key-username api_1a2b3c --secret-command 'pass show pce/prod'
  pce profile add lab --url https://lab.example.com:8443 --org 1 \\
    --api-key-username api_9f8e --secret-env LAB_API_SECRET
  printf %s \"$SECRET\" | pce profile add ci --url https://pce.example.com:8443 --org 2 \\
    --api-key-username api_77 --secret-stdin
  pce profile add me --url https://scp1.illum.io:443 --login-service https://login.illum.io:443 \\
    --email me@example.com          (the password is prompted for)")]
    Add(Box<ProfileAddArgs>),
    /// List the profiles, one `NAME<tab>URL` line each.
    List {
        /// Print the profiles (without secrets: where each one's secret comes from) as JSON,
        /// CSV or a table instead.
        #[arg(long, value_enum)]
        format: Option<ListFormat>,
    },
}

/// `pce profile add`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("secret").args(["secret_env", "secret_command", "secret_stdin"])))]
pub struct ProfileAddArgs {
    /// The profile's name.
    pub name: String,
    /// The PCE URL with its port.
    #[arg(long)]
    pub url: String,
    /// The org id.
    #[arg(long)]
    pub org: Option<i64>,
    /// The PCE's own FQDN, when the URL names it otherwise.
    #[arg(long)]
    pub fqdn: Option<String>,
    /// The SaaS Login Service URL.
    #[arg(long, value_name = "URL")]
    pub login_service: Option<String>,
    /// A PEM file with a CA certificate to trust.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// The API key's username.
    #[arg(long, value_name = "USERNAME", conflicts_with = "email")]
    pub api_key_username: Option<String>,
    /// The user's email, to log in with a password.
    #[arg(long)]
    pub email: Option<String>,
    /// The environment variable holding the secret.
    #[arg(long, value_name = "VARIABLE")]
    pub secret_env: Option<String>,
    /// The command that prints the secret.
    #[arg(long, value_name = "COMMAND")]
    pub secret_command: Option<String>,
    /// Read the secret from standard input into a file of its own, mode 0600.
    #[arg(long)]
    pub secret_stdin: bool,
}

/// `pce workloads ...`.
#[derive(Debug, Subcommand)]
pub enum WorkloadsCommand {
    /// Create or update workloads from a JSON array or a CSV file.
    #[command(after_help = "\
Examples:
  pce workloads import workloads.csv
  pce workloads import workloads.json

A CSV file has a header row: workload properties (href, hostname, name, description,
public_ip, os_id, os_detail, data_center, external_data_set, external_data_reference,
enforcement_mode, …) and one column per label key (role, app, env, loc or any other), the
cell being the label's value, as workloader's CSVs are; empty cells are left out. A JSON file
is an array of objects with the same names. A row with an href, or with the hostname of an
existing workload, updates it; any other creates one. Labels are looked up by key and value
and created when missing. Rows go to the PCE 1,000 to a bulk call.

Prints one line per row: ROW<tab>created|updated<tab>HREF, or ROW<tab>failed<tab>TOKEN: MESSAGE.

Uses the environment variables of `pce login --help`. Exit status: 0 every row done; 1 a row
failed, or the PCE refused or failed a call; 2 usage, configuration or a file that is not
JSON or CSV.")]
    Import {
        /// The file, or `-` for standard input.
        file: PathBuf,
    },
}

/// `pce provision`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["pending", "all", "hrefs"])))]
pub struct ProvisionArgs {
    /// List the pending changes instead of provisioning.
    #[arg(long, conflicts_with = "message")]
    pub pending: bool,
    /// Provision every pending change.
    #[arg(long, requires = "message")]
    pub all: bool,
    /// The draft objects to provision (their hrefs).
    #[arg(value_name = "HREF", requires = "message")]
    pub hrefs: Vec<String>,
    /// The description of the new policy version.
    #[arg(short, long, value_name = "DESCRIPTION")]
    pub message: Option<String>,
    /// Print the pending changes (`type`, `update_type`, `href`, `name`) as JSON, CSV or a
    /// table instead.
    #[arg(long, value_enum, requires = "pending")]
    pub format: Option<ListFormat>,
}

/// `pce traffic`.
#[derive(Debug, clap::Args)]
pub struct TrafficArgs {
    /// The first day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<chrono::NaiveDate>,
    /// The last day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<chrono::NaiveDate>,
    /// A source to include (repeatable).
    #[arg(long, value_name = "SEL")]
    pub src: Vec<String>,
    /// A destination to include (repeatable).
    #[arg(long, value_name = "SEL")]
    pub dst: Vec<String>,
    /// A source to exclude (repeatable).
    #[arg(long, value_name = "SEL")]
    pub exclude_src: Vec<String>,
    /// A destination to exclude (repeatable).
    #[arg(long, value_name = "SEL")]
    pub exclude_dst: Vec<String>,
    /// A service, PORT/PROTO with PROTO tcp, udp, icmp or a number (repeatable).
    #[arg(long, value_name = "PORT/PROTO", value_parser = crate::traffic::port)]
    pub port: Vec<(u16, u8)>,
    /// A policy decision: allowed, potentially_blocked, blocked or unknown (repeatable;
    /// none: all).
    #[arg(long, value_name = "DECISION", value_parser = crate::traffic::decision)]
    pub decision: Vec<illumio_pce::traffic::PolicyDecision>,
    /// The most flows to get (up to 200000).
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_results: u32,
    /// How the flows are printed.
    #[arg(long, value_enum, default_value_t = FlowFormat::Json)]
    pub format: FlowFormat,
    /// The query's name, as the PCE lists it.
    #[arg(long, default_value = "pce traffic")]
    pub name: String,
}

/// How `pce traffic` prints flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlowFormat {
    /// A JSON array, one flow a line.
    Json,
    /// CSV with a header row.
    Csv,
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
    /// How the answer is printed: its JSON, or its objects as CSV or as a table (a column
    /// per property; a nested object as its href, else its JSON).
    #[arg(long, value_enum, default_value_t = ListFormat::Json, conflicts_with = "include")]
    pub format: ListFormat,
}

/// How a command that prints objects prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// JSON, indented.
    Json,
    /// CSV with a header row.
    Csv,
    /// Columns aligned with spaces.
    Table,
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
  pce features list --format table

Uses the environment variables of `pce login --help`, with an API key or email and password.")]
    List {
        /// Print the features (`name`, `enabled`) as JSON, CSV or a table instead.
        #[arg(long, value_enum)]
        format: Option<ListFormat>,
    },
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
    Run(Box<Cli>),
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
        Ok(cli) => Ok(Parsed::Run(Box::new(cli))),
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
