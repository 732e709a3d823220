//! `pce api`: any request to the PCE's REST API, in the style of `gh api`. The answer's JSON
//! goes to standard output; `--all` collects a whole collection through an async job, with a
//! progress line on standard error when that is a terminal.

use std::io::{IsTerminal, Write};

use illumio_pce::{ApiRequest, Client, HeaderMap, JobProgress, Method, StatusCode};
use serde_json::Value;

use crate::args::ApiArgs;
use crate::exit::{Error, Outcome};
use crate::input::read_json;
use crate::printable::field;
use crate::table;

/// The `--data` body, read before anything is sent.
pub fn read_body(args: &ApiArgs) -> Result<Option<Value>, Error> {
    args.data
        .as_deref()
        .map(|file| {
            read_json(file).map_err(|why| Error::usage(format!("{}: {why}", file.display())))
        })
        .transpose()
}

/// Sends the request and prints the answer.
pub async fn run(client: &Client, args: &ApiArgs, body: Option<Value>) -> Result<Outcome, Error> {
    let method = match &args.method {
        Some(name) => Method::from_bytes(name.to_ascii_uppercase().as_bytes())
            .map_err(|_| Error::usage(format!("{name:?} is not an HTTP method")))?,
        None if body.is_some() => Method::POST,
        None => Method::GET,
    };
    let path = args.path.strip_prefix("/api/v2").unwrap_or(&args.path);
    if !path.starts_with('/') {
        return Err(Error::usage(format!(
            "the path must start with /, e.g. /orgs/:org/labels, not {path:?}"
        )));
    }
    let mut request = ApiRequest::new(method.clone(), path).query(&args.query)?;
    if let Some(body) = &body {
        request = request.json(body)?;
        if method != Method::GET {
            if client.org_id().is_none() {
                // A password login tells the PCE's release (and the org).
                client.login().await?;
            }
            if let Some(schema) = request_schema(client, &method, path) {
                request = request.schema(schema);
            }
        }
    }
    if args.all {
        if method != Method::GET {
            return Err(Error::usage("--all collects a GET only"));
        }
        let items = collect(client, request).await?;
        return Ok(Outcome::success(table::formatted(
            &Value::Array(items),
            args.format,
        )?));
    }
    let response = client.send_bytes(request).await?;
    let mut stdout = String::new();
    if args.include {
        stdout.push_str(&head(response.status, &response.headers));
    }
    if !response.body.iter().all(u8::is_ascii_whitespace) {
        match serde_json::from_slice::<Value>(&response.body) {
            Ok(json) => stdout.push_str(&table::formatted(&json, args.format)?),
            Err(_) => stdout.push_str(&String::from_utf8_lossy(&response.body)),
        }
    }
    Ok(Outcome::success(stdout))
}

/// Every object of the collection, with a progress line on a terminal's standard error.
async fn collect(client: &Client, request: ApiRequest) -> Result<Vec<Value>, Error> {
    let collect = client.collect::<Value>(request);
    let items = if std::io::stderr().is_terminal() {
        let items = collect.on_progress(show_progress).await;
        // Clear the progress line.
        eprint!("\r\x1b[K");
        items
    } else {
        collect.await
    };
    Ok(items?)
}

/// Rewrites the progress line (a failed write to standard error is no reason to stop).
fn show_progress(progress: &JobProgress) {
    let mut stderr = std::io::stderr().lock();
    let _ = write!(stderr, "\r\x1b[K{}", progress_line(progress));
    let _ = stderr.flush();
}

/// `JOB: STATUS, N s, N items of TOTAL`.
fn progress_line(progress: &JobProgress) -> String {
    let total = progress.total.map_or(String::new(), |t| format!(" of {t}"));
    format!(
        "{}: {}, {} s, {} items{total}",
        field(&progress.job),
        field(progress.status.as_str()),
        progress.elapsed.as_secs(),
        progress.items
    )
}

/// The schema the connected release has for a body sent with `method` to `path`, by the
/// PCE's naming of its schemas: the path's words after `/orgs/<id>` (ids left out) and the
/// method, e.g. `PUT /orgs/1/optional_features` → `v2/optional_features_put.schema.json`.
fn request_schema(client: &Client, method: &Method, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let words: Vec<&str> = match segments.as_slice() {
        ["orgs", _org, rest @ ..] => rest.to_vec(),
        all => all.to_vec(),
    };
    let words: Vec<&str> = words.into_iter().filter(|w| !is_id(w)).collect();
    if words.is_empty() {
        return None;
    }
    let name = format!(
        "{}_{}",
        words.join("_"),
        method.as_str().to_ascii_lowercase()
    );
    let known = illumio_pce::validation::schema_names(client.release()).ok()?;
    known
        .contains(&name.as_str())
        .then(|| format!("v2/{name}.schema.json"))
}

/// Whether a path segment is an object's id (a number, a UUID, `:org`) rather than a word.
fn is_id(segment: &str) -> bool {
    segment.starts_with(':')
        || segment.bytes().all(|b| b.is_ascii_digit())
        || (segment.len() == 36 && segment.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
}

/// The status line and headers, as `--include` prints them.
fn head(status: StatusCode, headers: &HeaderMap) -> String {
    let mut text = format!("HTTP {status}\n");
    for (name, value) in headers {
        text.push_str(&format!(
            "{name}: {}\n",
            field(&String::from_utf8_lossy(value.as_bytes()))
        ));
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::is_id;

    #[test]
    fn ids_are_told_from_words() {
        assert!(is_id("42"));
        assert!(is_id(":org"));
        assert!(is_id("6f1d8b1c-0b5c-4f6e-9d1a-2b3c4d5e6f70"));
        assert!(!is_id("optional_features"));
        assert!(!is_id("labels"));
    }
}
