//! The base URLs a client is configured with: the PCE's and the Login Service's are `https`
//! (plain `http` only when the builder allows it), carry no user info and no path; and user
//! info hidden wherever a URL is shown (a proxy's `user:pass@`).

use url::Url;

use crate::error::{Error, Result};

/// `https://host:port` without a trailing slash or path. `what` names it in errors (`PCE
/// URL`); an error shows the text with any user info hidden.
pub(crate) fn parse(what: &str, text: &str, allow_http: bool) -> Result<Url> {
    let shown = shown(text);
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

/// What is shown of text that holds an `@` and cannot be shown safely.
const HIDDEN: &str = "<hidden: it holds an '@'>";

/// A base URL as errors and `Debug` show it: not at all when it holds an `@` (whatever the
/// parser makes of it, `https:///u:p@h` or a password with a `#` in it, part of it may be a
/// secret).
pub(crate) fn shown(text: &str) -> &str {
    if text.contains('@') {
        HIDDEN
    } else {
        text
    }
}

/// A proxy URL as `Debug` shows it: its user info (`user:pass@`) replaced by `***@`, read as
/// reqwest reads a proxy (`http://` added when there is no scheme); text with an `@` that
/// does not read so is hidden.
pub(crate) fn without_userinfo(text: &str) -> String {
    if !text.contains('@') {
        return text.to_owned();
    }
    let parsed = Url::parse(text).ok().filter(Url::has_host).or_else(|| {
        (!text.contains("://"))
            .then(|| Url::parse(&format!("http://{text}")).ok())
            .flatten()
    });
    let Some(mut url) = parsed.filter(Url::has_host) else {
        return HIDDEN.to_owned();
    };
    if url.username().is_empty() && url.password().is_none() {
        return url.to_string();
    }
    if url.set_username("").is_err() || url.set_password(None).is_err() {
        return HIDDEN.to_owned();
    }
    url.as_str().replacen("://", "://***@", 1)
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
        assert_eq!(
            without_userinfo("proxyuser:hunter2@proxy:3128"),
            "http://***@proxy:3128/"
        );
        assert_eq!(without_userinfo("http://proxy:3128"), "http://proxy:3128");
        for hidden in [
            "https:///admin:hunter2@pce.example.com:8443",
            "https:admin:hunter2@pce.example.com",
            "https://admin:p#hunter2@pce.example.com:8443",
            "https://admin:1234/hunter2@pce",
        ] {
            let error = parse("PCE URL", hidden, false).expect_err("user info");
            assert!(
                !format!("{error} {error:?}").contains("hunter2"),
                "{error:?}"
            );
            assert!(!without_userinfo(hidden).contains("hunter2") || hidden.contains("1234/"));
        }
    }
}
