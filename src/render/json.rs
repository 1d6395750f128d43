//! The versioned JSON reports (`check` and `diff`: `report_version: 2`; `audit`: 1), as `../shared/spec/cli.md`
//! lays them out. Field order is the struct order; every list is sorted by the
//! analyses, so the same inventory gives the same bytes.

use schemars::JsonSchema;
use serde::Serialize;

use crate::findings::Finding;
use crate::reach::PairReport;

/// Pair counts by verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    /// All pairs checked.
    pub pairs: usize,
    /// Reachable pairs.
    pub reachable: usize,
    /// Unreachable pairs.
    pub unreachable: usize,
    /// Unknown pairs.
    pub unknown: usize,
}

impl Summary {
    /// Counts the verdicts of `pairs`.
    pub fn of(pairs: &[PairReport]) -> Summary {
        let mut summary = Summary {
            pairs: pairs.len(),
            ..Summary::default()
        };
        for pair in pairs {
            match pair.verdict {
                crate::reach::Verdict::Reachable => summary.reachable += 1,
                crate::reach::Verdict::Unreachable => summary.unreachable += 1,
                crate::reach::Verdict::Unknown => summary.unknown += 1,
            }
        }
        summary
    }
}

/// The `check --format json` report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "netreach check report, version 2")]
pub struct CheckReport<'a> {
    /// Always 2 (version 2: each fix is an object `{action, api, patch}`).
    pub report_version: u32,
    /// Pair counts.
    pub summary: Summary,
    /// Every pair, sorted by resource group id then data source id.
    pub pairs: &'a [PairReport],
    /// Inventory-wide findings.
    pub findings: &'a [Finding],
}

#[derive(Serialize)]
struct AuditReport<'a> {
    report_version: u32,
    findings: &'a [Finding],
}

fn pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The `audit --format json` report.
pub fn audit(findings: &[Finding]) -> String {
    pretty(&AuditReport {
        report_version: 1,
        findings,
    })
}

/// The opening of the streamed `check --format json` report. The report is
/// laid out so that it can be written pair by pair: one compact pair per line
/// inside `pairs`, then `findings`, then `summary` (key order is not part of
/// the contract; the bytes are the same for the same input).
pub fn check_start() -> &'static str {
    "{\"report_version\":2,\"pairs\":[\n"
}

/// One pair of the streamed report; `first` is false for every pair after the first.
pub fn check_pair(out: &mut Vec<u8>, pair: &PairReport, first: bool) {
    if !first {
        out.extend_from_slice(b",\n");
    }
    let _ = serde_json::to_writer(&mut *out, pair);
}

/// The end of the streamed report.
pub fn check_end(findings: &[Finding], summary: &Summary) -> String {
    let findings = serde_json::to_string(findings).unwrap_or_else(|_| "[]".to_string());
    let summary = serde_json::to_string(summary).unwrap_or_else(|_| "{}".to_string());
    format!("\n],\"findings\":{findings},\"summary\":{summary}}}\n")
}

/// The `check --format json` report (the streamed layout, built in memory).
pub fn check(pairs: &[PairReport], findings: &[Finding]) -> String {
    let mut out = check_start().as_bytes().to_vec();
    for (i, pair) in pairs.iter().enumerate() {
        check_pair(&mut out, pair, i == 0);
    }
    out.extend_from_slice(check_end(findings, &Summary::of(pairs)).as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

/// The `trace --format json` report: one element of `pairs`.
pub fn trace(pair: &PairReport) -> String {
    pretty(pair)
}

/// The JSON Schema of the check report.
pub fn report_schema() -> String {
    pretty(&schemars::schema_for!(CheckReport<'static>))
}

/// The `diff --format json` report.
pub fn diff(report: &crate::diff::DiffReport) -> String {
    pretty(report)
}
