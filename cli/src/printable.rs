//! Text for a terminal: what the PCE sent (names, messages, error bodies) can hold control
//! characters, and an ANSI escape sequence in it would move the cursor, recolour or retitle
//! the user's terminal. Everything `pce` prints goes through [`printable`]; each value the PCE
//! sent goes through [`field`] first, so that it cannot start a line or a column of its own
//! either.

/// `text` without control characters (C0, DEL and C1, so `ESC` and the escape sequences
/// built on it lose their effect), keeping line breaks and tabs.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let kept = |c: &char| !c.is_control() || matches!(c, '\n' | '\t');
    if text.chars().all(|c| kept(&c)) {
        // The common case (a whole collection's JSON, say) is not copied.
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().filter(kept).collect())
}

/// One value the PCE sent, for a line of text output: no control character at all (line
/// breaks and tabs included), no line or paragraph separator, no bidirectional override.
pub fn field(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_control()
                && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{field, printable};

    #[test]
    fn a_field_cannot_make_lines_columns_or_reversed_text() {
        assert_eq!(field("x\tdisabled\nfake\tenabled"), "xdisabledfakeenabled");
        assert_eq!(field("a\u{202e}b\u{2028}c"), "abc");
    }

    #[test]
    fn control_characters_go_and_text_stays() {
        assert_eq!(
            printable("a\u{1b}]0;title\u{7}b\r\u{9b}2Jc"),
            "a]0;titleb2Jc"
        );
        assert_eq!(printable("ünïcode\tand\nlines"), "ünïcode\tand\nlines");
    }
}
