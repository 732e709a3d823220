//! Secret-free snippets of response bodies for error messages: the start of the body, with
//! the values of token, secret and password properties masked even in broken JSON.

/// Properties whose values are never shown.
const SECRET_KEYS: [&str; 5] = ["session_token", "auth_token", "secret", "password", "token"];

/// How much of a body a snippet shows.
const SNIPPET_CHARS: usize = 160;

/// The start of `body` as text, secrets masked, at most [`SNIPPET_CHARS`] characters.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let masked = mask_secrets(&text);
    let mut out: String = masked.chars().take(SNIPPET_CHARS).collect();
    if masked.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// Replaces the string value after every `"<secret key>":` with `"***"`; an unterminated
/// value is masked to the end.
fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, key, after)) = next_secret_key(rest) {
        out.push_str(before);
        out.push_str(key);
        let after_colon = after.trim_start();
        match after_colon.strip_prefix(':').map(str::trim_start) {
            Some(value) if value.starts_with('"') => {
                out.push_str(": \"***\"");
                rest = closing_quote(&value[1..]).map_or("", |end| &value[1 + end + 1..]);
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// The text before the next quoted secret key, the key itself (quotes included) and the text
/// after it.
fn next_secret_key(text: &str) -> Option<(&str, &str, &str)> {
    SECRET_KEYS
        .iter()
        .filter_map(|key| {
            let quoted = format!("\"{key}\"");
            text.find(&quoted).map(|at| (at, quoted.len()))
        })
        .min()
        .map(|(at, len)| (&text[..at], &text[at..at + len], &text[at + len..]))
}

/// Byte offset of the quote that ends a JSON string starting at `text`.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(index),
            _ => escaped = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secret_values_in_whole_and_broken_json() {
        let body = br#"{"auth_username": "user_4", "session_token": "abc\"def", "x": 1}"#;
        assert_eq!(
            snippet(body),
            r#"{"auth_username": "user_4", "session_token": "***", "x": 1}"#
        );
        assert_eq!(
            snippet(br#"{"auth_token":"xxxxw89Qut"#),
            r#"{"auth_token": "***""#
        );
        assert_eq!(
            snippet(br#"[{"secret": "s3"}, {"password":"p"}]"#),
            r#"[{"secret": "***"}, {"password": "***"}]"#
        );
    }

    #[test]
    fn keeps_other_text_and_cuts_long_bodies() {
        assert_eq!(
            snippet(b"<html>Bad Gateway</html>"),
            "<html>Bad Gateway</html>"
        );
        let long = "x".repeat(500);
        assert_eq!(snippet(long.as_bytes()).chars().count(), SNIPPET_CHARS + 1);
    }
}
