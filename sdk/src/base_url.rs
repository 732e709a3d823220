//! The base URLs a client is configured with: the PCE's and the Login Service's are `https`
//! (plain `http` only when the builder allows it), carry no user info and no path; and user
//! info hidden wherever a URL is shown (a proxy's `user:pass@`).

use url::Url;

use crate::error::{Error, Result};

/// `https://host:port` without a trailing slash or path. `what` names it in errors (`PCE
/// URL`); an error shows the text with any user info hidden.
pub(crate) fn parse(what: &str, text: &str, allow_http: bool) -> Result<Url> {
    let shown = without_userinfo(text);
    let url = Url::parse(text.trim_end_matches('/'))
        .map_err(|e| config(format!("{what} {shown:?}: {e}")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config(format!(
            "{what} {shown:?} must not hold a user name or password: give credentials with \
             ClientBuilder::credentials"
        )));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(config(format!(
                "{what} {shown:?} is plain http, which would send credentials in clear text: \
                 use https, or ClientBuilder::allow_insecure_http(true) for a lab PCE"
            )))
        }
        _ => {
            return Err(config(format!(
                "{what} {shown:?} must look like https://host:port"
            )))
        }
    }
    if url.host_str().is_none() {
        return Err(config(format!(
            "{what} {shown:?} must look like https://host:port"
        )));
    }
    if url.path() != "/" || url.query().is_some() {
        return Err(config(format!(
            "{what} {shown:?} must have no path; the SDK adds /api/v2"
        )));
    }
    Ok(url)
}

/// `text` with the user info of its authority (`user:pass@`) replaced by `***@`, for display;
/// text that is not a URL with an authority is returned as it is.
pub(crate) fn without_userinfo(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
        None => text.to_owned(),
    }
}

fn config(reason: String) -> Error {
    Error::Config { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_required_unless_plain_http_is_allowed() {
        assert!(parse("PCE URL", "https://pce.example.com:8443/", false).is_ok());
        let error = parse("PCE URL", "http://pce.example.com:8443", false).expect_err("cleartext");
        assert!(error.to_string().contains("allow_insecure_http"), "{error}");
        assert!(parse("PCE URL", "http://pce.example.com:8443", true).is_ok());
        assert!(parse("PCE URL", "ftp://pce.example.com", true).is_err());
    }

    #[test]
    fn user_info_is_refused_and_never_echoed() {
        for text in [
            "https://admin:hunter2@pce.example.com:8443",
            "https://admin:hunter2@pce.example.com:8443/api",
            "https://admin:hunter2@pce.exa mple.com",
        ] {
            let error = parse("PCE URL", text, false).expect_err("user info");
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("hunter2") && !shown.contains("admin"),
                "{shown}"
            );
        }
        assert_eq!(
            without_userinfo("http://u:p%40ss@proxy:3128/x"),
            "http://***@proxy:3128/x"
        );
        assert_eq!(
            without_userinfo("http://proxy:3128/a@b"),
            "http://proxy:3128/a@b"
        );
    }
}
