//! Secret-free snippets of response bodies for error messages: the start of the body, with
//! the values of token, secret and password properties masked even in broken JSON.

/// How much of a body a snippet shows.
const SNIPPET_CHARS: usize = 160;

/// The start of `body` as text, secrets masked, at most 160 characters (and `…` when cut): what
/// the SDK's errors show of a response body.
///
/// ```
/// let shown = illumio_pce::redact::snippet(br#"{"auth_username": "user_4", "session_token": "abc"}"#);
/// assert_eq!(shown, r#"{"auth_username": "user_4", "session_token": "***"}"#);
/// ```
pub fn snippet(body: &[u8]) -> String {
    // Cut first, then mask: a value cut short is unterminated and masked to its end, and the
    // cost no longer grows with the body (a 5 MB body is read no further than its start).
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let cut: String = text.chars().take(SNIPPET_CHARS).collect();
    let masked = mask_secrets(&cut);
    let mut out: String = masked.chars().take(SNIPPET_CHARS).collect();
    if body.len() > cut.len() || masked.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// Replaces the string value after every `"<secret key>":` with `"***"`; an unterminated
/// value is masked to the end. Every quote is tried as the start of a key, so a stray quote
/// in broken JSON cannot hide one; each quote is looked at twice at most, so the cost is
/// linear in the text.
fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = text[at..].find('"') {
        let key_start = at + offset + 1;
        let Some(key_len) = text[key_start..].find('"') else {
            break;
        };
        let after_key = key_start + key_len + 1;
        at = key_start;
        if !is_secret_key(&text[key_start..after_key - 1]) {
            continue;
        }
        let value = text[after_key..]
            .trim_start()
            .strip_prefix(':')
            .map(str::trim_start)
            .and_then(|value| value.strip_prefix('"'));
        if let Some(secret) = value {
            let secret_start = text.len() - secret.len();
            out.push_str(&text[copied..after_key]);
            out.push_str(": \"***\"");
            copied = closing_quote(secret).map_or(text.len(), |end| secret_start + end + 1);
            at = copied;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether a property of this name holds a secret: a password, secret, credential, token
/// (auth, session, or a bare `token`, to be safe in a body quoted for an error).
fn is_secret_key(name: &str) -> bool {
    name == "token"
        || name.ends_with("password")
        || name.ends_with("secret")
        || name.ends_with("credential")
        || name.ends_with("credentials")
        || name.ends_with("auth_token")
        || name.ends_with("session_token")
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

    #[test]
    fn a_secret_cut_by_the_snippet_or_hidden_among_decoys_stays_masked() {
        let mut body = String::from(r#"{"items": ["#);
        for _ in 0..1000 {
            body.push_str(r#"{"token": 1, "secret": 2}, "#);
        }
        let shown = snippet(body.as_bytes());
        assert!(shown.ends_with('…') && shown.chars().count() == SNIPPET_CHARS + 1);
        // A secret value running past the cut is masked to its end.
        let cut = format!(
            r#"{{"x": "{}", "session_token": "{}"}}"#,
            "a".repeat(120),
            "s".repeat(200)
        );
        let shown = snippet(cut.as_bytes());
        assert!(!shown.contains("sss"), "{shown}");
        assert!(shown.contains(r#""session_token": "***""#), "{shown}");
        // A key-like string that is a value is no key; the next real key still is.
        let tricky = br#"{"note": "token", "password": "p\"w", "a": "\"secret\": \"no"}"#;
        let broken = br#"{"msg": "5" tall", "password": "hunter2", "new_password": "x2"}"#;
        let shown = snippet(broken);
        assert!(
            !shown.contains("hunter2") && !shown.contains("x2"),
            "{shown}"
        );
        assert_eq!(
            snippet(tricky),
            r#"{"note": "token", "password": "***", "a": "\"secret\": \"no"}"#
        );
    }
}
