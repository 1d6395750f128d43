//! The long explanation of every finding code, printed by `netreach explain CODE`.

use super::Code;

/// What a code detects, why it matters and how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// What the code detects.
    pub detects: &'static str,
    /// Why it matters.
    pub matters: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// The explanation of a code.
pub fn explanation(code: Code) -> Explanation {
    let _ = code;
    Explanation {
        detects: "",
        matters: "",
        fix: "",
    }
}
