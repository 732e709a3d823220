//! `pce`: validates JSON payloads against the Illumio PCE's schemas, offline; lists, enables
//! or disables a PCE's optional features; sends any request to its REST API (`pce api`);
//! runs traffic queries (`pce traffic`) and provisions draft policy (`pce provision`).
//!
//! Errors are one line on standard error, `pce: error: ...`; the exit codes are in
//! [`exit::Exit`].

mod api;
mod args;
mod env;
mod exit;
mod features;
mod generate;
mod import;
mod input;
mod login;
mod printable;
mod profile;
mod provision;
mod report;
mod schema;
mod table;
mod traffic;
mod validate;

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use args::{Command, Parsed};
use exit::{Error, Exit, Outcome};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let outcome = match args::parse() {
        Ok(Parsed::Run(cli)) => run(&cli.command, cli.profile.as_deref()),
        Ok(Parsed::Print {
            text,
            exit: Exit::Success,
        }) => Ok(Outcome::success(text)),
        Ok(Parsed::Print { text, exit }) => {
            eprint!("{text}");
            return exit.into();
        }
        Err(error) => Err(error),
    };
    match outcome.and_then(print) {
        Ok(exit) => exit.into(),
        Err(error) => {
            eprintln!("{error}");
            error.exit.into()
        }
    }
}

fn run(command: &Command, profile: Option<&str>) -> Result<Outcome, Error> {
    match command {
        Command::Validate(args) => validate::run(args),
        Command::Schema(command) => schema::run(command),
        Command::Profile(command) => profile::run(command),
        Command::Generate(args) => generate::run(args),
        Command::Bundle(args::BundleCommand::Diff { old, new, format }) => {
            generate::diff(old, new, *format)
        }
        Command::Features(command) => with_pce(env::Login::Any, profile, |client| async move {
            features::run(&client, command).await
        }),
        Command::Login => with_pce(env::Login::Password, profile, |client| async move {
            login::run(&client).await
        }),
        Command::Traffic(args) => with_pce(env::Login::Any, profile, |client| async move {
            traffic::run(&client, args).await
        }),
        Command::Provision(args) => with_pce(env::Login::Any, profile, |client| async move {
            provision::run(&client, args).await
        }),
        Command::Workloads(args::WorkloadsCommand::Import { file }) => {
            with_pce(env::Login::Any, profile, |client| async move {
                import::run(&client, file).await
            })
        }
        Command::Api(args) => {
            let body = api::read_body(args)?;
            with_pce(env::Login::Any, profile, |client| async move {
                api::run(&client, args, body).await
            })
        }
    }
}

/// Runs `command` with a client of the PCE the environment names, then logs out (a failed
/// logout is a warning: the command itself is done).
fn with_pce<F, Fut>(login: env::Login, profile: Option<&str>, command: F) -> Result<Outcome, Error>
where
    F: FnOnce(illumio_pce::Client) -> Fut,
    Fut: std::future::Future<Output = Result<Outcome, Error>>,
{
    let profile = profile::selected(profile)?;
    let client = env::client(login, profile.as_ref())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::usage(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let outcome = command(client.clone()).await;
        if let Err(error) = client.logout().await {
            eprintln!(
                "pce: warning: logging out failed: {}",
                printable::printable(&error.to_string())
            );
        }
        outcome
    })
}

/// Writes the command's output; a reader that went away (`pce ... | head`) is no error.
fn print(outcome: Outcome) -> Result<Exit, Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(printable::printable(&outcome.stdout).as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(Error::usage(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(outcome.exit),
    }
}
