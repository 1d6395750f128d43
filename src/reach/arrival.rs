//! Arrival checks (semantics S4): the right place, the whitelist, the security groups,
//! and the on-premises note. They run only where traffic arrives where the data
//! source is (semantics S8.11), with the source as the data source sees it.

use ipnet::{IpNet, Ipv4Net};

use super::engine::Engine;
use super::walk::{DeliveredAt, Delivery, Walk};
use crate::findings::diags::{self, Place, Scope};
use crate::findings::{Change, Finding, Remedy, Revoke};
use crate::model::{DataSourceProtocol, RuleDirection, RulePolicy, RuleProtocol};
use crate::route::{merge_parts, split};
use crate::validate::{DataSource, DataSourceIx, DsLocation, SecurityGroupRule};

/// Checks every delivery of the forward walk `forward` against data source
/// `ds`, its findings added to the walk's: as [`check_unknown_public`] for
/// `unknown_public`, the group whose public address is unknown (semantics
/// S9.2), else as [`check`].
pub(super) fn check_deliveries(
    e: &Engine<'_>,
    ds: DataSourceIx,
    unknown_public: Option<&str>,
    forward: &mut Walk<'_, '_>,
    notes: &mut Vec<Finding>,
) {
    let findings = &mut forward.findings;
    for delivery in &forward.deliveries {
        match unknown_public {
            Some(group) => check_unknown_public(e, ds, group, delivery, findings, notes),
            None => check(e, ds, delivery, findings, notes),
        }
    }
}

/// Checks one delivery of the forward path against data source `ds`.
pub(super) fn check(
    e: &Engine<'_>,
    ds: DataSourceIx,
    delivery: &Delivery,
    findings: &mut Vec<Finding>,
    notes: &mut Vec<Finding>,
) {
    let v = e.v;
    let source = &v.data_sources[ds];
    let expected = match source.location {
        DsLocation::Vpc(_, Some(vsw)) => DeliveredAt::VSwitch(vsw),
        DsLocation::Ecs(ecs) => DeliveredAt::VSwitch(v.ecs_instances[ecs].vswitch),
        DsLocation::DataCenter(dc) => DeliveredAt::DataCenter(dc),
        DsLocation::Internet => DeliveredAt::Internet,
        DsLocation::Vpc(_, None) | DsLocation::Classic => return,
    };
    if delivery.at != expected {
        let got = place(e, delivery.at);
        let want = place(e, expected);
        push(
            findings,
            diags::wrong_destination(
                &source.id,
                delivery.range,
                Place {
                    described: &got.0,
                    id: &got.1,
                },
                Place {
                    described: &want.0,
                    id: &want.1,
                },
            ),
        );
        return;
    }
    whitelist(source, delivery, findings, notes);
    security_groups(e, source, delivery, findings);
    // semantics S4.5: on-premises firewalls are not modelled.
    if let DsLocation::DataCenter(dc) = source.location {
        let center = &v.data_centers[dc];
        push(
            notes,
            diags::on_premises_firewall_not_modelled(
                &center.id,
                &delivery.src,
                source.ip,
                source.port,
            ),
        );
    }
}

/// semantics S9.2, S9.8: the arrival checks of an old-version resource group
/// `group` whose public address is unknown, at an `internet` data source: a
/// whitelist (and security groups) admitting all of 0.0.0.0/0 decides the
/// pair; anything narrower is `public-ip-unknown` on the group; no whitelist
/// is `whitelist-unknown`.
pub(super) fn check_unknown_public(
    e: &Engine<'_>,
    ds: DataSourceIx,
    group: &str,
    delivery: &Delivery,
    findings: &mut Vec<Finding>,
    notes: &mut Vec<Finding>,
) {
    let source = &e.v.data_sources[ds];
    if delivery.at != DeliveredAt::Internet {
        return;
    }
    let everything = Delivery {
        src: vec![Ipv4Net::default()],
        ..delivery.clone()
    };
    let mut narrower = false;
    match &source.whitelist {
        None => push(notes, diags::whitelist_unknown(&source.id, &[])),
        Some(_) => {
            let mut blocked = Vec::new();
            whitelist(source, &everything, &mut blocked, notes);
            narrower |= !blocked.is_empty();
        }
    }
    let mut denied = Vec::new();
    security_groups(e, source, &everything, &mut denied);
    narrower |= !denied.is_empty();
    if narrower {
        push(findings, diags::public_ip_unknown(group, &source.id));
    }
}

/// semantics S4.3: the data source's whitelist must admit every source range that
/// arrives; an unknown whitelist is a note (ECS instances have none), one
/// open to 0.0.0.0/0 a warning.
fn whitelist(
    source: &DataSource,
    delivery: &Delivery,
    findings: &mut Vec<Finding>,
    notes: &mut Vec<Finding>,
) {
    match &source.whitelist {
        None => {
            if !matches!(source.location, DsLocation::Ecs(_)) {
                push(notes, diags::whitelist_unknown(&source.id, &delivery.src));
            }
        }
        Some(list) => {
            let entries: Vec<Ipv4Net> = list
                .iter()
                .filter_map(|n| if let IpNet::V4(n) = n { Some(*n) } else { None })
                .collect();
            if entries.iter().any(|n| n.prefix_len() == 0) {
                push(notes, diags::whitelist_open(&source.id, Scope::Pair));
            }
            let mut covered_any = false;
            let mut uncovered: Vec<Ipv4Net> = Vec::new();
            // Whole networks, not fragments (semantics S10.3): each source range
            // (the binding vSwitch CIDR, an EIP) that is not wholly admitted.
            let mut whole: Vec<Ipv4Net> = Vec::new();
            for range in &delivery.src {
                let (covered, missing) = coverage(*range, &entries);
                covered_any |= covered;
                if !missing.is_empty() {
                    whole.push(*range);
                }
                uncovered.extend(missing);
            }
            if !uncovered.is_empty() {
                let finding = if covered_any {
                    diags::whitelist_partial(&source.id, &source.kind, &uncovered, whole)
                } else {
                    diags::whitelist_missing(&source.id, &source.kind, &uncovered, whole)
                };
                push(findings, finding);
            }
        }
    }
}

/// semantics S4.4, S8.11: the security groups of the data source, merged: for each
/// part of each source range, the rule of highest priority (lowest number; drop before
/// accept on a tie) among the ingress rules that match the protocol, port
/// and source decides; a part no rule admits is denied.
fn security_groups(
    e: &Engine<'_>,
    source: &DataSource,
    delivery: &Delivery,
    findings: &mut Vec<Finding>,
) {
    if source.security_groups.is_empty() {
        return;
    }
    let v = e.v;
    let rules: Vec<(&str, &SecurityGroupRule)> = source
        .security_groups
        .iter()
        .flat_map(|sg| {
            let group = &v.security_groups[*sg];
            group
                .rules
                .iter()
                .map(move |rule| (group.id.as_str(), rule))
        })
        .filter(|(_, rule)| {
            rule.direction == RuleDirection::Ingress
                && rule.ports.contains(source.port)
                && matches!(
                    (rule.protocol, source.protocol),
                    (RuleProtocol::All, _)
                        | (RuleProtocol::Tcp, DataSourceProtocol::Tcp)
                        | (RuleProtocol::Udp, DataSourceProtocol::Udp)
                )
                && !matches!(rule.source, Some(IpNet::V6(_)))
        })
        .collect();
    let mut denied: Vec<(Ipv4Net, String)> = Vec::new();
    // The drop rules that decide a denied part: an accept rule must come
    // before every one of them (semantics S10.4).
    let mut drops: Vec<(&str, &SecurityGroupRule)> = Vec::new();
    for range in &delivery.src {
        let has_inside = |part: Ipv4Net| {
            rules
                .iter()
                .any(|(_, rule)| matches!(rule.source, Some(IpNet::V4(s)) if part.contains(&s) && s != part))
        };
        for part in split(*range, &has_inside) {
            let mut matching: Vec<&(&str, &SecurityGroupRule)> = rules
                .iter()
                .filter(|(_, rule)| match rule.source {
                    None => true,
                    Some(IpNet::V4(s)) => s.contains(&part),
                    Some(IpNet::V6(_)) => false,
                })
                .collect();
            matching.sort_by_key(|(group, rule)| {
                (
                    rule.priority,
                    rule.policy != RulePolicy::Drop,
                    *group,
                    rule.index,
                )
            });
            match matching.first() {
                Some((_, rule)) if rule.policy == RulePolicy::Accept => {}
                Some((group, rule)) => {
                    denied.push((part, format!("{group}: {}", rule_text(rule))));
                    if !drops
                        .iter()
                        .any(|(g, r)| g == group && r.index == rule.index)
                    {
                        drops.push((group, rule));
                    }
                }
                None => denied.push((part, "no ingress rule admits it".to_string())),
            }
        }
    }
    if !denied.is_empty() {
        let merged = merge_parts(denied);
        let first_group = source
            .security_groups
            .first()
            .map(|sg| v.security_groups[*sg].id.clone())
            .unwrap_or_default();
        let protocol = match source.protocol {
            DataSourceProtocol::Tcp => "tcp",
            DataSourceProtocol::Udp => "udp",
        };
        let groups: Vec<String> = source
            .security_groups
            .iter()
            .map(|sg| v.security_groups[*sg].id.clone())
            .collect();
        let remedy = security_group_fix(
            &first_group,
            protocol,
            u32::from(source.port),
            &delivery.src,
            &merged.iter().map(|(net, _)| *net).collect::<Vec<_>>(),
            &drops,
        );
        push(
            findings,
            diags::security_group_denied(
                &source.id,
                groups,
                protocol,
                source.port,
                &merged,
                remedy,
            ),
        );
    }
}

/// A rule as the console shows it: policy, protocol, ports, source, priority.
fn rule_text(rule: &SecurityGroupRule) -> String {
    let policy = match rule.policy {
        RulePolicy::Accept => "accept",
        RulePolicy::Drop => "drop",
    };
    let protocol = match rule.protocol {
        RuleProtocol::Tcp => "tcp",
        RuleProtocol::Udp => "udp",
        RuleProtocol::Icmp => "icmp",
        RuleProtocol::All => "all",
    };
    let source = match rule.source {
        Some(net) => net.to_string(),
        None => "any source".to_string(),
    };
    format!(
        "{policy} {protocol} {} from {source}, priority {}",
        rule.ports, rule.priority
    )
}

/// The security-group fix (semantics S10.4): an accept rule for the whole source
/// ranges that are denied, with a priority number smaller than every drop rule
/// that decided a denied part; where such a drop rule has priority 1 no accept
/// rule can win, so the first candidate also removes that drop rule (one rule
/// at a time: a second priority-1 drop is left to a person).
fn security_group_fix(
    group: &str,
    protocol: &str,
    port: u32,
    sources: &[Ipv4Net],
    denied: &[Ipv4Net],
    drops: &[(&str, &SecurityGroupRule)],
) -> Remedy {
    // Whole source ranges (the vSwitch CIDR, the SNAT EIPs) that hold a denied part.
    let mut whole: Vec<Ipv4Net> = sources
        .iter()
        .copied()
        .filter(|s| denied.iter().any(|d| s.contains(d) || d.contains(s)))
        .collect();
    if whole.is_empty() {
        whole = denied.to_vec();
    }
    let lowest = drops.iter().map(|(_, r)| r.priority).min();
    match lowest {
        None => Remedy::one(Change::SecurityGroupRule {
            group: group.to_string(),
            protocol: protocol.to_string(),
            port,
            sources: whole,
            priority: 1,
            revoke: None,
        }),
        Some(p) if p > 1 => Remedy::one(Change::SecurityGroupRule {
            group: group.to_string(),
            protocol: protocol.to_string(),
            port,
            sources: whole,
            priority: p - 1,
            revoke: None,
        }),
        Some(_) => {
            let blocking: Vec<&(&str, &SecurityGroupRule)> =
                drops.iter().filter(|(_, r)| r.priority == 1).collect();
            match blocking.as_slice() {
                [(drop_group, rule)] => {
                    let next = drops
                        .iter()
                        .filter(|(_, r)| r.priority > 1)
                        .map(|(_, r)| r.priority)
                        .min();
                    Remedy::one(Change::SecurityGroupRule {
                        group: group.to_string(),
                        protocol: protocol.to_string(),
                        port,
                        sources: whole,
                        priority: next.map_or(1, |n| n - 1),
                        revoke: Some(Revoke {
                            group: (*drop_group).to_string(),
                            index: rule.index,
                            text: rule_text(rule),
                        }),
                    })
                }
                _ => Remedy::Decide(format!(
                    "several drop rules of priority 1 deny {protocol}/{port}; no accept rule can win over them: narrow or remove them"
                )),
            }
        }
    }
}

fn push(list: &mut Vec<Finding>, finding: Finding) {
    if !list.contains(&finding) {
        list.push(finding);
    }
}

/// Whether any of `range` is covered by `entries`, and the parts that are not
/// (merged into the fewest CIDRs).
pub(super) fn coverage(range: Ipv4Net, entries: &[Ipv4Net]) -> (bool, Vec<Ipv4Net>) {
    if entries.iter().any(|e| e.contains(&range)) {
        return (true, Vec::new());
    }
    let has_inside = |part: Ipv4Net| entries.iter().any(|e| part.contains(e) && *e != part);
    let parts: Vec<(Ipv4Net, bool)> = split(range, &has_inside)
        .into_iter()
        .map(|part| (part, entries.iter().any(|e| e.contains(&part))))
        .collect();
    let covered = parts.iter().any(|(_, c)| *c);
    let missing = merge_parts(parts)
        .into_iter()
        .filter(|(_, c)| !*c)
        .map(|(n, _)| n)
        .collect();
    (covered, missing)
}

/// A place as (description, id).
fn place(e: &Engine<'_>, at: DeliveredAt) -> (String, String) {
    let v = e.v;
    match at {
        DeliveredAt::VSwitch(vsw) => {
            let s = &v.vswitches[vsw];
            (
                format!("vSwitch {} of {}", s.id, v.vpcs[s.vpc].id),
                v.vpcs[s.vpc].id.clone(),
            )
        }
        DeliveredAt::DataCenter(dc) => (
            format!("data center {}", v.data_centers[dc].id),
            v.data_centers[dc].id.clone(),
        ),
        DeliveredAt::Internet => ("the internet".to_string(), "internet".to_string()),
        DeliveredAt::CloudServices(vpc) => (
            format!("the cloud services of {}", v.vpcs[vpc].id),
            v.vpcs[vpc].id.clone(),
        ),
        DeliveredAt::NatVpc(vpc) => (format!("VPC {}", v.vpcs[vpc].id), v.vpcs[vpc].id.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn coverage_full_partial_none() {
        assert_eq!(
            coverage(net("10.0.1.0/24"), &[net("10.0.0.0/16")]),
            (true, vec![])
        );
        assert_eq!(
            coverage(net("10.0.1.0/24"), &[net("10.0.1.0/25")]),
            (true, vec![net("10.0.1.128/25")])
        );
        assert_eq!(
            coverage(
                net("10.0.1.0/24"),
                &[net("10.0.1.0/25"), net("10.0.1.128/25")]
            ),
            (true, vec![])
        );
        assert_eq!(
            coverage(net("10.0.1.0/24"), &[net("10.9.0.0/16")]),
            (false, vec![net("10.0.1.0/24")])
        );
    }
}
