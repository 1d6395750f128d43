//! The versioned JSON reports (`report_version: 1`), as `../shared/spec/cli.md`
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
#[schemars(title = "netreach check report, version 1")]
pub struct CheckReport<'a> {
    /// Always 1.
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

/// The `check --format json` report.
pub fn check(pairs: &[PairReport], findings: &[Finding]) -> String {
    pretty(&CheckReport {
        report_version: 1,
        summary: Summary::of(pairs),
        pairs,
        findings,
    })
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
