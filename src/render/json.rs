//! The versioned JSON reports (`report_version: 1`).

use serde::Serialize;

use crate::findings::Finding;

#[derive(Serialize)]
struct AuditReport<'a> {
    report_version: u32,
    findings: &'a [Finding],
}

/// The `audit --format json` report.
pub fn audit(findings: &[Finding]) -> String {
    let report = AuditReport {
        report_version: 1,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
