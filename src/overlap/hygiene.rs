//! Inventory hygiene for `audit`: whitelists open to every address,
//! inter-region connections without bandwidth, and resources nothing uses.
//!
//! The texts of `whitelist-open` and `inter-region-test-bandwidth` are the ones
//! the reachability engine gives on a pair, so that a report holding both
//! deduplicates them.
//!
//! Complexity: O(R + N) for R written routes and N resources.

use std::collections::BTreeSet;

use ipnet::IpNet;

use crate::findings::{Code, Finding};
use crate::model::RouteTableKind;
use crate::validate::{AttachmentKind, NextHop, ValidInventory};

/// Every hygiene finding of the inventory.
pub fn findings(v: &ValidInventory) -> Vec<Finding> {
    let mut findings = Vec::new();
    whitelist_open(v, &mut findings);
    test_bandwidth(v, &mut findings);
    unused(v, &mut findings);
    findings
}

/// `whitelist-open`: a data-source whitelist holding `0.0.0.0/0`.
fn whitelist_open(v: &ValidInventory, findings: &mut Vec<Finding>) {
    for source in &v.data_sources {
        let open = source
            .whitelist
            .iter()
            .flatten()
            .any(|entry| matches!(entry, IpNet::V4(net) if net.prefix_len() == 0));
        if open {
            findings.push(
                Finding::new(
                    Code::WhitelistOpen,
                    source.id.clone(),
                    format!(
                        "the whitelist of {} admits every address (0.0.0.0/0)",
                        source.id
                    ),
                )
                .with_fix(format!(
                    "replace 0.0.0.0/0 in the whitelist of {} with the resource group's addresses",
                    source.id
                )),
            );
        }
    }
}

/// `inter-region-test-bandwidth`: a side of an inter-region connection (a peer
/// attachment whose counterpart exists) with no bandwidth. A basic-edition
/// bandwidth entry of 0 Mbit/s joins nothing (S2.6) and is not in the
/// validated inventory; the engine reports it as `inter-region-missing`.
fn test_bandwidth(v: &ValidInventory, findings: &mut Vec<Finding>) {
    for att in &v.tr_attachments {
        let AttachmentKind::Peer {
            remote,
            bandwidth_mbps,
        } = &att.kind
        else {
            continue;
        };
        if att.counterpart.is_none() || bandwidth_mbps.unwrap_or(0) > 0 {
            continue;
        }
        let local = &v.transit_routers[att.tr];
        let remote = &v.transit_routers[*remote];
        let cen = &v.cens[local.cen];
        let (a, b) = if local.region <= remote.region {
            (&local.region, &remote.region)
        } else {
            (&remote.region, &local.region)
        };
        findings.push(
            Finding::new(
                Code::InterRegionTestBandwidth,
                cen.id.clone(),
                format!(
                    "the inter-region connection between {a} and {b} in {} has no bandwidth: 1 Kbps, for connectivity tests only",
                    cen.id
                ),
            )
            .with_fix(format!(
                "allocate bandwidth to the inter-region connection {}",
                att.id
            )),
        );
    }
}

/// `unused-resource`: NAT gateways and peerings no route uses, attachments
/// neither associated nor propagating, EIPs bound to nothing, custom route
/// tables bound to no vSwitch.
fn unused(v: &ValidInventory, findings: &mut Vec<Finding>) {
    let mut used_nat = BTreeSet::new();
    let mut used_peering = BTreeSet::new();
    for table in &v.route_tables {
        for route in table.routes.iter().filter(|r| !r.invalid) {
            for hop in &route.next_hops {
                match hop {
                    NextHop::NatGateway(n) => {
                        used_nat.insert(*n);
                    }
                    NextHop::VpcPeer(p) => {
                        used_peering.insert(*p);
                    }
                    _ => {}
                }
            }
        }
    }
    for (n, gateway) in v.nat_gateways.iter().enumerate() {
        if used_nat.contains(&crate::validate::NatIx::at(n)) {
            continue;
        }
        findings.push(
            Finding::new(
                Code::UnusedResource,
                gateway.id.clone(),
                format!("no route points at NAT gateway {}", gateway.id),
            )
            .with_fix(format!(
                "add a route (0.0.0.0/0 for internet access) -> {} to the route table of the vSwitches that need it, or release {}",
                gateway.id, gateway.id
            )),
        );
    }
    for (p, peering) in v.peerings.iter().enumerate() {
        if used_peering.contains(&crate::validate::PeeringIx::at(p)) {
            continue;
        }
        let (a, b) = (&v.vpcs[peering.vpc].id, &v.vpcs[peering.peer_vpc].id);
        findings.push(
            Finding::new(
                Code::UnusedResource,
                peering.id.clone(),
                format!("no route uses peering {} ({a} <-> {b})", peering.id),
            )
            .with_fix(format!(
                "add routes to the peer's CIDRs -> {} in the route tables of {a} and {b}, or delete {}",
                peering.id, peering.id
            )),
        );
    }
    for att in v.tr_attachments.iter().filter(|a| !a.implied) {
        if att.associated.is_some() || !att.propagates_to.is_empty() {
            continue;
        }
        let tr = &v.transit_routers[att.tr].id;
        findings.push(
            Finding::new(
                Code::UnusedResource,
                att.id.clone(),
                format!(
                    "attachment {} is associated with no route table of {tr} and propagates into none",
                    att.id
                ),
            )
            .with_fix(format!(
                "associate {} with a route table of {tr} and let it propagate there, or delete it",
                att.id
            )),
        );
    }
    let held_by_nat: BTreeSet<_> = v
        .nat_gateways
        .iter()
        .flat_map(|g| g.eips.iter().copied())
        .collect();
    for (e, eip) in v.eips.iter().enumerate() {
        if eip.bound_to.is_some() || held_by_nat.contains(&crate::validate::EipIx::at(e)) {
            continue;
        }
        findings.push(
            Finding::new(
                Code::UnusedResource,
                eip.id.clone(),
                format!("EIP {} ({}) is bound to nothing", eip.id, eip.ip),
            )
            .with_fix(format!(
                "bind {} to the NAT gateway or instance that needs it (AssociateEipAddress), or release it",
                eip.id
            )),
        );
    }
    let bound: BTreeSet<_> = v.vswitches.iter().map(|s| s.table).collect();
    for (t, table) in v.route_tables.iter().enumerate() {
        if table.kind != RouteTableKind::Custom || bound.contains(&crate::validate::RtIx::at(t)) {
            continue;
        }
        findings.push(
            Finding::new(
                Code::UnusedResource,
                table.id.clone(),
                format!("custom route table {} is bound to no vSwitch", table.id),
            )
            .with_fix(format!(
                "bind {} to the vSwitches it is meant for (AssociateRouteTable), or delete it",
                table.id
            )),
        );
    }
}
