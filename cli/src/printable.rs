//! Text for a terminal: what the PCE sent (names, messages, error bodies) can hold control
//! characters, and an ANSI escape sequence in it would move the cursor, recolour or retitle
//! the user's terminal. Everything `pce` prints goes through [`printable`].

/// `text` without control characters (C0, DEL and C1, so `ESC` and the escape sequences
/// built on it lose their effect), keeping line breaks and tabs.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_go_and_text_stays() {
        assert_eq!(
            printable("a\u{1b}]0;title\u{7}b\r\u{9b}2Jc"),
            "a]0;titleb2Jc"
        );
        assert_eq!(printable("ünïcode\tand\nlines"), "ünïcode\tand\nlines");
    }
}
