//! Colour in the text reports, as ripgrep does it: `--color auto` (the
//! default) colours only when the report goes to a terminal and `NO_COLOR` is
//! not set; `always` and `never` decide regardless. Colour is added to the
//! finished text at fixed places only (a verdict or severity word opening a
//! line), so text from the inventory, already escaped, is never changed.

use std::borrow::Cow;
use std::io::IsTerminal;

use clap::ValueEnum;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when the report goes to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Whether to colour a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paint(bool);

impl Paint {
    /// The decision for a report written to stdout (`to_file`: `--output`).
    pub(crate) fn new(choice: ColorChoice, to_file: bool) -> Paint {
        Paint(match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                !to_file
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        })
    }

    /// The decision for a report: colour only a text report (`text`), written
    /// to stdout or to `output`.
    pub(crate) fn of(choice: ColorChoice, text: bool, output: Option<&std::path::Path>) -> Paint {
        if text {
            Paint::new(choice, output.is_some())
        } else {
            Paint::none()
        }
    }

    /// No colour.
    pub(crate) fn none() -> Paint {
        Paint(false)
    }

    /// `text` with colour, line by line.
    pub(crate) fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if !self.0 {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        for line in text.split_inclusive('\n') {
            paint_line(&mut out, line);
        }
        Cow::Owned(out)
    }
}

/// ANSI SGR sequences.
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// The words that open a line and their colour.
const WORDS: &[(&str, &str)] = &[
    ("UNREACHABLE", RED),
    ("UNKNOWN", YELLOW),
    ("WORSE", RED),
    ("NEW, FAILING", RED),
    ("reachable", GREEN),
    ("error[", RED),
    ("warning[", YELLOW),
    ("note[", CYAN),
    ("new error[", RED),
    ("new warning[", YELLOW),
    ("new note[", CYAN),
    ("resolved ", GREEN),
];

fn paint_line(out: &mut String, line: &str) {
    let body = line.trim_start_matches(' ');
    let indent = line.len() - body.len();
    let found = WORDS.iter().find(|(word, _)| body.starts_with(word));
    match found {
        Some((word, color)) => {
            // colour the word without its `[`
            let word = word.trim_end_matches('[');
            out.push_str(line.get(..indent).unwrap_or_default());
            out.push_str(color);
            out.push_str(word);
            out.push_str(RESET);
            out.push_str(body.get(word.len()..).unwrap_or_default());
        }
        None => out.push_str(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_opening_words_are_coloured() {
        let text = "UNREACHABLE a -> b\n  error[R103] no-route x: y\nreachable c -> d\n  note[I401] z\nplain\n";
        let painted = Paint(true).apply(text);
        assert!(painted.starts_with("\x1b[1;31mUNREACHABLE\x1b[0m a -> b\n"));
        assert!(painted.contains("  \x1b[1;31merror\x1b[0m[R103] no-route x: y\n"));
        assert!(painted.contains("\x1b[32mreachable\x1b[0m c -> d\n"));
        assert!(painted.ends_with("\nplain\n"));
        assert_eq!(Paint(false).apply(text), text);
        assert_eq!(Paint::new(ColorChoice::Never, false).apply(text), text);
    }
}
