//! `netreach explain`: what a finding code means and how to fix it, or the
//! table of every code (`explain all`), read from [`Code::ALL`].

use super::{emit, error_line, Outcome};
use crate::findings::Code;

/// Prints the explanation of `code` (a kebab-case or short code), or the
/// table of every code for `all`.
pub(super) fn run(code: &str) -> Outcome {
    if code == "all" {
        let mut text = String::new();
        for code in Code::ALL {
            text.push_str(&format!(
                "{:<6} {:<34} {:<8} {}\n",
                code.short(),
                code.as_str(),
                code.severity(),
                code.summary()
            ));
        }
        return emit(&text);
    }
    match Code::parse(code) {
        Some(code) => emit(&crate::render::text::explain(code)),
        None => {
            let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let hint = crate::diag::did_you_mean(code, known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            error_line(&format!(
                "error: unknown finding code `{code}`{hint}; `netreach explain all` lists them"
            ));
            Outcome::Error
        }
    }
}
