//! Quoting of every id and label written into DOT. graphviz-rust prints an
//! `Id::Escaped` verbatim, so this module is the only thing between user text
//! (resource ids, names, regions, messages) and the Graphviz parser.
//!
//! Graphviz reads a quoted string by turning `\"` into `"` and keeping every
//! other character; labels and tooltips are then "escString"s, in which `\\`
//! means a backslash, `\n` `\l` `\r` break lines and `\N` `\G` `\E` `\T` `\H`
//! `\L` expand to names, and `&…;` is an HTML entity. So:
//!
//! - a DOT id ([`id`]) doubles backslashes and escapes quotes, and writes
//!   control and bidirectional-override characters as `\u{…}`: the mapping stays
//!   one-to-one, so two different resource ids never become one node;
//! - a label line ([`Label`]) drops those characters (a newline becomes a space),
//!   doubles backslashes, escapes quotes and writes `&` as `&amp;`, so nothing a
//!   user wrote can break a line, expand a name or spell an entity. Lines are
//!   joined with `\n` (or ended with `\l`) by this module alone.
//!
//! No record shapes are used, so `{}|<>` carry no meaning in labels, and no
//! user text ever goes into an HTML-like label.

use std::fmt::Write as _;

/// Whether a character is stripped from labels (and spelled out in ids):
/// C0/C1 controls, line and paragraph separators, bidirectional controls.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A quoted DOT id for `text`, one-to-one (see the module documentation).
pub(super) fn id(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One line of user or program text, cleaned for an escString body: unsafe
/// characters dropped (line breaks and tabs become spaces), `\`, `"` and `&`
/// escaped.
fn line_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if is_unsafe(c) => {}
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// A multi-line label or tooltip, built line by line and quoted at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Label {
    lines: Vec<String>,
}

impl Label {
    /// An empty label.
    pub(super) fn new() -> Label {
        Label::default()
    }

    /// A label of one line.
    pub(super) fn of(text: &str) -> Label {
        let mut label = Label::new();
        label.line(text);
        label
    }

    /// Adds a line (text with line breaks stays on one line).
    pub(super) fn line(&mut self, text: &str) -> &mut Label {
        self.lines.push(text.to_string());
        self
    }

    /// Adds `text` wrapped at about `width` characters on word boundaries.
    pub(super) fn wrapped(&mut self, text: &str, width: usize) -> &mut Label {
        for line in wrap(text, width) {
            self.lines.push(line);
        }
        self
    }

    /// The raw lines.
    pub(super) fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Whether the label has no line.
    pub(super) fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The quoted label, lines centred (joined with `\n`).
    pub(super) fn centered(&self) -> String {
        let body: Vec<String> = self.lines.iter().map(|l| line_body(l)).collect();
        format!("\"{}\"", body.join("\\n"))
    }

    /// The quoted label, every line left-justified (each ended with `\l`).
    pub(super) fn left(&self) -> String {
        let mut out = String::from("\"");
        for line in &self.lines {
            out.push_str(&line_body(line));
            out.push_str("\\l");
        }
        out.push('"');
        out
    }
}

/// At most `max` characters of a display name, with an ellipsis when cut.
pub(super) fn shorten(text: &str, max: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.chars().count() <= max {
        cleaned.to_string()
    } else {
        let mut cut: String = cleaned.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Splits `text` into lines of about `width` characters on spaces; a word
/// longer than `width` stays whole.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let needed = current.chars().count() + word.chars().count() + 1;
        if !current.is_empty() && needed > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Text for an HTML-like label: only program text goes there, but it is
/// escaped all the same.
pub(super) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_quoted_and_one_to_one() {
        assert_eq!(id(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(id("a\nb"), r#""a\u{a}b""#);
        assert_ne!(id("a\nb"), id(r"a\u{a}b"));
        assert_eq!(id(r"trailing\"), r#""trailing\\""#);
    }

    #[test]
    fn labels_cannot_break_out_or_expand() {
        let label = Label::of("x\"];\nevil [label=\\N & &lt; \u{202e}");
        assert_eq!(
            label.centered(),
            r#""x\"]; evil [label=\\N &amp; &amp;lt; ""#
        );
        let mut two = Label::new();
        two.line("a").line("b\\");
        assert_eq!(two.centered(), r#""a\nb\\""#);
        assert_eq!(two.left(), r#""a\lb\\\l""#);
    }

    #[test]
    fn wrapping_and_shortening() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten(" a\nb ", 10), "a b");
    }
}
