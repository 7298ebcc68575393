//! Text as Haven stores it, whatever arrived.

/// `text` without control characters other than tab and line breaks. None
/// of them shows, and NUL cannot be stored in PostgreSQL (SQLite keeps it
/// and truncates the text in some readers): removing them loses nothing a
/// person could have meant.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

/// Whether `text` has anything to see: not only spaces and invisible
/// characters (zero-width spaces, joiners, blank fillers).
pub fn visible(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && !safety::normalize::invisible(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_go_and_line_breaks_stay() {
        assert_eq!(clean("a\u{0}b\u{7}c\u{1b}[31m\u{85}d"), "abc[31md");
        assert_eq!(
            clean("line one\r\nline two\ttab"),
            "line one\r\nline two\ttab"
        );
        assert_eq!(clean("naïve ❤️ 日本"), "naïve ❤️ 日本");
    }

    #[test]
    fn invisible_titles_are_not_visible() {
        assert!(!visible("\u{200B}\u{200D}\u{FEFF} \u{3164}\u{2800}"));
        assert!(!visible("   \t"));
        assert!(visible("\u{200B}a"));
        assert!(visible("❤️"));
    }
}
