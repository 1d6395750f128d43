//! The verdict of a binding (semantics S8.12, S8.13): the findings of both walks
//! merged, the `asymmetric-path` note, and the order findings are reported in.
//!
//! Invariant: a finding seen on both walks is reported once; blocking
//! findings come first (in the order found), then undecided ones, then notes;
//! only a blocking or undecided finding can be primary.

use super::walk::Walk;
use super::{PairFinding, Verdict};
use crate::findings::diags;
use crate::findings::{Class, Finding, Severity};

/// The verdict and the ordered findings of one binding of data source
/// `data_source`, from its forward and return walks and its arrival notes.
pub(super) fn conclude(
    data_source: &str,
    forward: &Walk<'_, '_>,
    back: &Walk<'_, '_>,
    mut notes: Vec<Finding>,
) -> (Verdict, Vec<PairFinding>) {
    // semantics S8.12: a finding seen in both directions is reported once; notes last.
    let mut all: Vec<Finding> = Vec::new();
    for finding in forward.findings.iter().chain(back.findings.iter()) {
        if !all.contains(finding) {
            all.push(finding.clone());
        }
    }
    let mut verdict = Verdict::from_findings(&all);
    // A reachable pair whose reply crosses other transit places than its
    // request gets the `asymmetric-path` note (I401).
    if verdict == Verdict::Reachable
        && !back.hops.is_empty()
        && !forward.transit.is_empty()
        && forward.transit != back.transit
    {
        let forward_ids: Vec<&str> = forward.transit.iter().map(|id| id.as_ref()).collect();
        let back_ids: Vec<&str> = back.transit.iter().map(|id| id.as_ref()).collect();
        notes.push(diags::asymmetric_path(data_source, &back_ids, &forward_ids));
    }
    for note in notes {
        if !all.contains(&note) {
            all.push(note);
        }
    }
    // semantics S9.7, S9.8: a warning (undecided codes included) is reported
    // once per pair per (code, resource), the first found standing.
    let mut warned: Vec<(crate::findings::Code, String)> = Vec::new();
    all.retain(|f| {
        if f.severity != Severity::Warning {
            return true;
        }
        let key = (f.code, f.resource.clone());
        if warned.contains(&key) {
            return false;
        }
        warned.push(key);
        true
    });
    verdict = match verdict {
        Verdict::Reachable => Verdict::from_findings(&all),
        other => other,
    };
    (verdict, order_findings(all))
}

/// Blocking findings first (in the order found), then undecided, then notes;
/// the first is primary when it blocks or is undecided.
fn order_findings(findings: Vec<Finding>) -> Vec<PairFinding> {
    let rank = |f: &Finding| match f.code.class() {
        Class::Blocking => 0,
        Class::Undecided => 1,
        Class::Note | Class::Inventory => 2,
    };
    let mut ordered: Vec<(usize, Finding)> = findings.into_iter().enumerate().collect();
    ordered.sort_by_key(|(i, f)| (rank(f), *i));
    ordered
        .into_iter()
        .enumerate()
        .map(|(position, (_, f))| PairFinding {
            primary: position == 0 && rank(&f) < 2,
            code: f.code,
            severity: f.severity,
            resource: f.resource,
            message: f.message,
            related: f.related,
            fix: None,
            remedy: f.remedy,
        })
        .collect()
}
