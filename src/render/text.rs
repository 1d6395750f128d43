//! Plain-text output for people.

use crate::findings::{Code, Finding};

/// The `audit` text report.
pub fn audit(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(&format!(
            "{}[{}] {} {}: {}\n",
            finding.severity,
            finding.code.short(),
            finding.code,
            finding.resource,
            finding.message
        ));
        if let Some(fix) = &finding.fix {
            out.push_str(&format!("  fix: {fix}\n"));
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == crate::findings::Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == crate::findings::Severity::Warning)
        .count();
    let infos = findings.len() - errors - warnings;
    out.push_str(&format!(
        "audit: {errors} errors, {warnings} warnings, {infos} notes\n"
    ));
    out
}

/// The `explain CODE` text.
pub fn explain(code: Code) -> String {
    let explanation = code.explanation();
    format!(
        "{} ({}), default severity {}\n{}\n\nWhat it detects\n  {}\n\nWhy it matters\n  {}\n\nHow to fix it\n  {}\n",
        code.as_str(),
        code.short(),
        code.severity(),
        code.summary(),
        explanation.detects,
        explanation.matters,
        explanation.fix
    )
}
