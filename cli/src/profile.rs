//! Named PCE profiles in a config file, so that one `pce` talks to several PCEs
//! (`pce --profile prod …` or `PCE_PROFILE=prod`), and `pce profile add|list` to keep them.
//!
//! The file is `$PCE_CONFIG`, else `$XDG_CONFIG_HOME/pce/config.toml`, else
//! `~/.config/pce/config.toml`. A profile holds the PCE's URL, org, FQDN, Login Service and
//! CA file, the API key username or the user's email, and where the secret is, never the
//! secret itself: an environment variable (`secret_env`), a command that prints it
//! (`secret_command`, e.g. `pass show pce/prod`), or a file of its own (`secret_file`, which
//! `pce profile add --secret-stdin` creates readable by its owner only, mode 0600). The
//! `ILLUMIO_*` variables win over a profile, setting by setting.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::args::ProfileCommand;
use crate::env::var;
use crate::exit::{Error, Outcome};
use crate::printable::field;
use crate::table;

/// One PCE.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The PCE URL with its port.
    pub url: String,
    /// The org id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<i64>,
    /// The PCE's own FQDN, when the URL names it otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fqdn: Option<String>,
    /// The SaaS Login Service URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_service: Option<String>,
    /// A PEM file with a CA certificate to trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
    /// The API key's username (with its secret from one of the sources below).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_username: Option<String>,
    /// The user's email, to log in with a password (from a source below, or prompted for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The environment variable that holds the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_env: Option<String>,
    /// The command that prints the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_command: Option<String>,
    /// The file that holds the secret (mode 0600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_file: Option<PathBuf>,
}

/// The config file.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// The config file's path.
fn config_path() -> Result<PathBuf, Error> {
    if let Some(path) = var("PCE_CONFIG") {
        return Ok(PathBuf::from(path));
    }
    let base = match var("XDG_CONFIG_HOME") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(var("HOME").ok_or_else(|| {
            Error::usage("set PCE_CONFIG, XDG_CONFIG_HOME or HOME to find the config file")
        })?)
        .join(".config"),
    };
    Ok(base.join("pce").join("config.toml"))
}

fn load(path: &Path) -> Result<Config, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .map_err(|e| Error::usage(format!("{}: {}", path.display(), one_line(&e.to_string())))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(Error::usage(format!("{}: {e}", path.display()))),
    }
}

/// The profile `name` asked for (`--profile`, else `PCE_PROFILE`), if any.
pub fn selected(name: Option<&str>) -> Result<Option<Profile>, Error> {
    let Some(name) = name.map(str::to_owned).or_else(|| var("PCE_PROFILE")) else {
        return Ok(None);
    };
    let path = config_path()?;
    let mut config = load(&path)?;
    config
        .profiles
        .remove(&name)
        .map(Some)
        .ok_or_else(|| Error::usage(format!("no profile {name:?} in {}", path.display())))
}

impl Profile {
    /// The secret, from where the profile says it is; `None` when it names no source.
    pub fn secret(&self) -> Result<Option<String>, Error> {
        if let Some(name) = &self.secret_env {
            return var(name).map(Some).ok_or_else(|| {
                Error::usage(format!("the profile's secret_env {name} is not set"))
            });
        }
        if let Some(command) = &self.secret_command {
            let output = shell(command)
                .output()
                .map_err(|e| Error::usage(format!("secret_command: cannot run it: {e}")))?;
            if !output.status.success() {
                return Err(Error::usage(format!(
                    "secret_command failed ({})",
                    output.status
                )));
            }
            let text = String::from_utf8(output.stdout)
                .map_err(|_| Error::usage("secret_command printed something that is not UTF-8"))?;
            return Ok(Some(text.trim_end_matches(['\n', '\r']).to_owned()));
        }
        if let Some(file) = &self.secret_file {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Error::usage(format!("secret_file {}: {e}", file.display())))?;
            return Ok(Some(text.trim_end_matches(['\n', '\r']).to_owned()));
        }
        Ok(None)
    }
}

/// `command` run by the system's shell.
fn shell(command: &str) -> std::process::Command {
    let mut shell = if cfg!(windows) {
        let mut cmd = std::process::Command::new("cmd");
        cmd.arg("/C");
        cmd
    } else {
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c");
        sh
    };
    shell.arg(command);
    shell
}

/// `pce profile add|list`.
pub fn run(command: &ProfileCommand) -> Result<Outcome, Error> {
    let path = config_path()?;
    let mut config = load(&path)?;
    match command {
        ProfileCommand::List { format: None } => Ok(Outcome::success(
            config
                .profiles
                .iter()
                .map(|(name, p)| format!("{}\t{}\n", field(name), field(&p.url)))
                .collect(),
        )),
        ProfileCommand::List {
            format: Some(format),
        } => {
            let mut rows = Vec::with_capacity(config.profiles.len());
            for (name, profile) in &config.profiles {
                let mut row = serde_json::Map::new();
                row.insert("name".to_owned(), name.clone().into());
                if let serde_json::Value::Object(settings) = serde_json::to_value(profile)
                    .map_err(|e| Error::usage(format!("cannot show profile {name}: {e}")))?
                {
                    row.extend(settings);
                }
                rows.push(serde_json::Value::Object(row));
            }
            Ok(Outcome::success(table::formatted(
                &serde_json::Value::Array(rows),
                *format,
            )?))
        }
        ProfileCommand::Add(add) => {
            let dir = path.parent().unwrap_or(Path::new("."));
            let mut profile = Profile {
                url: add.url.clone(),
                org: add.org,
                fqdn: add.fqdn.clone(),
                login_service: add.login_service.clone(),
                ca_cert: add.ca_cert.clone(),
                api_key_username: add.api_key_username.clone(),
                email: add.email.clone(),
                secret_env: add.secret_env.clone(),
                secret_command: add.secret_command.clone(),
                secret_file: None,
            };
            if add.secret_stdin {
                let mut secret = String::new();
                std::io::stdin()
                    .read_to_string(&mut secret)
                    .map_err(|e| Error::usage(format!("cannot read the secret: {e}")))?;
                let file = dir.join("secrets").join(&add.name);
                write_private(&file, secret.trim_end_matches(['\n', '\r']))?;
                profile.secret_file = Some(file);
            }
            config.profiles.insert(add.name.clone(), profile);
            let text = toml::to_string(&config)
                .map_err(|e| Error::usage(format!("cannot write the config: {e}")))?;
            std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(&path, text))
                .map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
            Ok(Outcome::success(format!(
                "profile {} saved in {}\n",
                field(&add.name),
                path.display()
            )))
        }
    }
}

/// Writes `text` to `file`, readable and writable by its owner only (0600 on Unix).
fn write_private(file: &Path, text: &str) -> Result<(), Error> {
    use std::io::Write;
    let fail = |e: std::io::Error| Error::usage(format!("{}: {e}", file.display()));
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut handle = options.open(file).map_err(fail)?;
        // A file that existed keeps its mode through `open`: set it.
        handle
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .and_then(|()| handle.write_all(text.as_bytes()))
            .map_err(fail)
    }
    #[cfg(not(unix))]
    {
        let mut handle = options.open(file).map_err(fail)?;
        handle.write_all(text.as_bytes()).map_err(fail)
    }
}

/// `text` on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
