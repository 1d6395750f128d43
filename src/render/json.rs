//! The versioned JSON reports (`check` and `diff`: `report_version: 2`; `audit`
//! and `audit --free-cidr`: 1), as `docs/cli.md`
//! lays them out. Field order is the struct order; every list is sorted by the
//! analyses, so the same inventory gives the same bytes.

use schemars::JsonSchema;
use serde::Serialize;

use crate::findings::Finding;
use crate::reach::tasks::{TaskReport, TaskSummary};
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
    /// Task counts by verdict (semantics S9.1; zeros when there are no tasks).
    pub tasks: TaskSummary,
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
    /// Pair counts, and task counts in `summary.tasks`.
    pub summary: Summary,
    /// Every selected DataWorks task (semantics S9.1), sorted by task id; `[]`
    /// when there are none. Added in version 2 without changing its number:
    /// the addition is additive.
    pub tasks: &'a [TaskReport],
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
/// laid out so that it can be written pair by pair: `tasks` (one compact task
/// per line), then one compact pair per line inside `pairs`, then `findings`,
/// then `summary` (key order is not part of the contract; the bytes are the
/// same for the same input).
pub fn check_start(tasks: &[TaskReport]) -> String {
    let mut out = String::from("{\"report_version\":2,\"tasks\":[");
    for (i, task) in tasks.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(task).unwrap_or_else(|_| "{}".to_string()));
    }
    if !tasks.is_empty() {
        out.push('\n');
    }
    out.push_str("],\"pairs\":[\n");
    out
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
    check_with_tasks(&[], pairs, findings)
}

/// The `check --format json` report with its tasks (semantics S9.1).
pub fn check_with_tasks(
    tasks: &[TaskReport],
    pairs: &[PairReport],
    findings: &[Finding],
) -> String {
    let mut out = check_start(tasks).into_bytes();
    for (i, pair) in pairs.iter().enumerate() {
        check_pair(&mut out, pair, i == 0);
    }
    let mut summary = Summary::of(pairs);
    summary.tasks = TaskSummary::of(tasks);
    out.extend_from_slice(check_end(findings, &summary).as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

/// The `trace --format json` report: one element of `pairs`.
pub fn trace(pair: &PairReport) -> String {
    pretty(pair)
}

/// The `audit --free-cidr --format json` report.
// The fields are in alphabetical order: the order of the `json!` object this
// struct replaced (serde_json's map sorts its keys), so the bytes are unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "netreach audit --free-cidr report, version 1")]
pub struct FreeCidrReport {
    /// The VPC or data center whose route-exchange domains were searched (`--domain`).
    pub domain: String,
    /// The free RFC 1918 blocks, lowest first, at most `limit` of them.
    pub free_cidrs: Vec<String>,
    /// The most blocks listed; when `free_cidrs` has this many, more may be free.
    pub limit: usize,
    /// The prefix length searched (`--free-cidr`).
    pub prefix_len: u8,
    /// Always 1.
    pub report_version: u32,
}

/// The `audit --free-cidr --format json` report.
pub fn free_cidrs(domain: &str, prefix_len: u8, limit: usize, blocks: &[ipnet::Ipv4Net]) -> String {
    pretty(&FreeCidrReport {
        domain: domain.to_string(),
        free_cidrs: blocks.iter().map(ToString::to_string).collect(),
        limit,
        prefix_len,
        report_version: 1,
    })
}

/// The JSON Schema of the check report; the `audit --free-cidr` report is
/// defined beside it (`$defs/FreeCidrReport`).
pub fn report_schema() -> String {
    let mut generator = schemars::SchemaGenerator::default();
    generator.subschema_for::<FreeCidrReport>();
    pretty(&generator.into_root_schema_for::<CheckReport<'static>>())
}

/// The `diff --format json` report.
pub fn diff(report: &crate::diff::DiffReport) -> String {
    pretty(report)
}

#[cfg(test)]
mod tests {
    /// The typed `--free-cidr` report writes the bytes of the untyped object
    /// it replaced (keys sorted, as `serde_json::Map` sorts them).
    #[test]
    fn free_cidr_report_keeps_its_bytes() {
        let blocks: Vec<ipnet::Ipv4Net> = vec![
            "10.1.0.0/16".parse().unwrap(),
            "10.2.0.0/16".parse().unwrap(),
        ];
        let untyped = serde_json::json!({
            "report_version": 1,
            "domain": "vpc-x",
            "prefix_len": 16,
            "limit": 16,
            "free_cidrs": ["10.1.0.0/16", "10.2.0.0/16"],
        });
        let mut expected = serde_json::to_string_pretty(&untyped).unwrap();
        expected.push('\n');
        assert_eq!(super::free_cidrs("vpc-x", 16, 16, &blocks), expected);
    }

    /// The report schema defines the `--free-cidr` report.
    #[test]
    fn report_schema_defines_the_free_cidr_report() {
        let schema: serde_json::Value = serde_json::from_str(&super::report_schema()).unwrap();
        assert!(schema["$defs"]["FreeCidrReport"]["properties"]["free_cidrs"].is_object());
    }
}
