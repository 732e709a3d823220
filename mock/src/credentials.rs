//! Reading credentials from the `Authorization` header: HTTP Basic for every call, and
//! `Token token=<auth_token>` for `GET /users/login`.
//!
//! Scheme names are matched case-insensitively (RFC 7235 §2.1). A request with more than one
//! `Authorization` header is ambiguous and counts as having none (choice: the docs are silent).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hyper::header::AUTHORIZATION;
use hyper::HeaderMap;

/// The single `Authorization` value, split into scheme and the rest.
fn authorization(headers: &HeaderMap) -> Option<(&str, &str)> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let value = value.to_str().ok()?.trim();
    Some(value.split_once(' ').unwrap_or((value, "")))
}

/// HTTP Basic `(username, password)`.
pub(crate) fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let (scheme, rest) = authorization(headers)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(rest.trim()).ok()?).ok()?;
    let (username, password) = decoded.split_once(':')?;
    Some((username.to_owned(), password.to_owned()))
}

/// The auth token of `Authorization: Token token=<auth_token>`. The value may also be
/// quoted, as an RFC 7235 auth-param allows.
pub(crate) fn auth_token(headers: &HeaderMap) -> Option<String> {
    let (scheme, rest) = authorization(headers)?;
    if !scheme.eq_ignore_ascii_case("token") {
        return None;
    }
    let (name, value) = rest.trim().split_once('=')?;
    if !name.trim().eq_ignore_ascii_case("token") {
        return None;
    }
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    (!value.is_empty()).then(|| value.to_owned())
}
