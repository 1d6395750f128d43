//! The `trace` text report: one pair, hop by hop, both ways, each hop naming
//! its table and route entry.

use std::fmt::Write;

use super::*;

/// Why a binding has no return hops, in words: the replies are stateful
/// (internet data sources, an Internet NAT gateway, a group's own public
/// address: semantics S5.1, S8.5), the data source is on the classic network, or the
/// return fails at its first hop (naming the finding).
fn no_return(pair: &PairReport, forward: &[Hop], findings: &[PairFinding]) -> String {
    let nat = forward
        .iter()
        .find(|hop| hop.note.as_deref().is_some_and(|n| n.starts_with("SNAT")));
    let public = forward
        .first()
        .is_some_and(|hop| hop.at == pair.resource_group);
    let reaches_internet = forward.last().is_some_and(|hop| hop.at == "internet");
    if let Some(nat) = nat.filter(|_| reaches_internet || pair.scenario == Scenario::Internet) {
        return format!(
            "not traced: replies are stateful through the NAT gateway {}",
            clean(&nat.at)
        );
    }
    if public {
        return format!(
            "not traced: replies are stateful, to the public address of {}",
            clean(&pair.resource_group)
        );
    }
    if pair.scenario == Scenario::Internet {
        return "not traced: replies from the internet are stateful".to_string();
    }
    if findings.iter().any(|f| f.code == Code::ClassicNetwork) {
        return "not traced: the data source is on the classic network".to_string();
    }
    let blocker = findings
        .iter()
        .find(|f| f.code == Code::ReturnRouteMissing)
        .or_else(|| findings.iter().find(|f| f.primary));
    match blocker {
        Some(finding) => format!(
            "fails at its first hop: {} {}",
            finding.code,
            clean(&finding.resource)
        ),
        None => "fails at its first hop".to_string(),
    }
}

fn hops(out: &mut String, hops: &[Hop]) {
    if hops.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (i, hop) in hops.iter().enumerate() {
        let mut line = format!("  {:>2}. {}", i + 1, clean(&hop.at));
        if let Some(table) = &hop.table {
            let _ = write!(line, "  table {}", clean(table));
        }
        if let Some(route) = &hop.route {
            let _ = write!(line, "  route {}", clean(route));
        }
        if let Some(next_hop) = &hop.next_hop {
            let _ = write!(line, "  -> {}", clean(next_hop));
        }
        if let Some(range) = &hop.range {
            let _ = write!(line, "  [{}]", clean(range));
        }
        if let Some(note) = &hop.note {
            let _ = write!(line, "  ({})", clean(note));
        }
        let _ = writeln!(out, "{line}");
    }
}

/// The `trace` text report: every hop both ways, the findings and the fixes.
pub fn trace(pair: &PairReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} -> {}: {} (scenario {}: {})",
        clean(&pair.resource_group),
        clean(&pair.data_source),
        pair.verdict.as_str(),
        pair.scenario,
        pair.scenario.title()
    );
    let single;
    let views: &[BindingReport] = if pair.bindings.is_empty() {
        single = pair.binding.as_ref().map(|binding| BindingReport {
            binding: binding.clone(),
            verdict: pair.verdict,
            forward: pair.forward.clone(),
            return_path: pair.return_path.clone(),
            findings: pair.findings.clone(),
        });
        single.as_slice()
    } else {
        &pair.bindings
    };
    for binding in views {
        let _ = writeln!(
            out,
            "\nbinding {}/{}: {}",
            clean(&binding.binding.vpc),
            clean(&binding.binding.vswitch),
            binding.verdict.as_str()
        );
        let _ = writeln!(out, "forward:");
        hops(&mut out, &binding.forward);
        if binding.return_path.is_empty() {
            let _ = writeln!(
                out,
                "return: {}",
                no_return(pair, &binding.forward, &binding.findings)
            );
        } else {
            let _ = writeln!(out, "return:");
            hops(&mut out, &binding.return_path);
        }
        if !binding.findings.is_empty() {
            let _ = writeln!(out, "findings:");
            for finding in &binding.findings {
                let primary = if finding.primary { " (primary)" } else { "" };
                let _ = writeln!(out, "  {}{primary}", pair_headline(finding));
            }
        }
    }
    if !pair.fixes.is_empty() {
        let _ = writeln!(out, "\nfixes:");
        for fix in &pair.fixes {
            let _ = writeln!(out, "  - {}", clean(&fix.action));
        }
    }
    if !pair.decisions.is_empty() {
        let _ = writeln!(out, "\nneeds a decision:");
        for decision in &pair.decisions {
            let _ = writeln!(
                out,
                "  - {} ({} on {})",
                clean(&decision.why),
                decision.code,
                clean(&decision.resource)
            );
        }
    }
    if let Some(solution) = &pair.solution {
        let _ = writeln!(out, "\nscenario {} needs: {}", pair.scenario, solution);
    }
    out
}
