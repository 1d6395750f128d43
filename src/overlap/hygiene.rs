//! Inventory hygiene for `audit`: whitelists open to every address,
//! inter-region connections without bandwidth, resources nothing uses, Internet
//! NAT gateways with an EIP and no SNAT entry, and basic-edition CENs without
//! bandwidth between two of their regions.
//!
//! The texts of `whitelist-open` and `inter-region-test-bandwidth` are the ones
//! the reachability engine gives on a pair, so that a report holding both
//! deduplicates them.
//!
//! Complexity: O(R + N) for R written routes and N resources, plus, per
//! basic-edition CEN with k regions, O(k² + G + D) for G resource groups and D
//! data sources.

use std::collections::{BTreeMap, BTreeSet};

use ipnet::IpNet;

use crate::findings::diags::{self, Scope, Unused};
use crate::findings::Finding;
use crate::model::{CenEdition, NatGatewayType, RouteTableKind};
use crate::validate::{AttachmentKind, DsLocation, NextHop, ValidInventory};

/// Every hygiene finding of the inventory.
pub fn findings(v: &ValidInventory) -> Vec<Finding> {
    let mut findings = Vec::new();
    whitelist_open(v, &mut findings);
    test_bandwidth(v, &mut findings);
    unused(v, &mut findings);
    nat_without_snat(v, &mut findings);
    cen_bandwidth_missing(v, &mut findings);
    findings
}

/// `nat-without-snat`: an Internet NAT gateway with an EIP and no SNAT entry.
fn nat_without_snat(v: &ValidInventory, findings: &mut Vec<Finding>) {
    for gateway in &v.nat_gateways {
        if gateway.kind != NatGatewayType::Internet
            || gateway.eips.is_empty()
            || !gateway.snat_entries.is_empty()
        {
            continue;
        }
        let mut eips: Vec<&str> = gateway
            .eips
            .iter()
            .map(|&eip| v.eips[eip].id.as_str())
            .collect();
        eips.sort_unstable();
        eips.dedup();
        findings.push(diags::nat_without_snat(&gateway.id, &eips));
    }
}

/// `cen-bandwidth-missing`: a basic-edition CEN with networks in two regions
/// and no bandwidth between them (semantics S2.6, S8.9: only a bandwidth entry of more
/// than 0 Mbit/s joins two regions of a basic CEN). The pairs it names are
/// those whose resource group is bound to a VPC attached in one region and
/// whose data source is in a VPC (or on an ECS instance) attached in the
/// other, or in a data center behind a VBR attached there.
fn cen_bandwidth_missing(v: &ValidInventory, findings: &mut Vec<Finding>) {
    for (c, cen) in v.cens.iter().enumerate() {
        if cen.edition != CenEdition::Basic {
            continue;
        }
        let cen_ix = crate::validate::CenIx::at(c);
        // the region of each network attached to the CEN
        let mut vpc_region = BTreeMap::new();
        let mut dc_region = BTreeMap::new();
        let mut joined = BTreeSet::new();
        let mut regions = BTreeSet::new();
        for att in &v.tr_attachments {
            let tr = &v.transit_routers[att.tr];
            if tr.cen != cen_ix {
                continue;
            }
            match &att.kind {
                AttachmentKind::Vpc { vpc, .. } => {
                    vpc_region.insert(*vpc, tr.region.as_str());
                    regions.insert(tr.region.as_str());
                }
                AttachmentKind::Vbr(vbr) => {
                    let vbr = &v.vbrs[*vbr];
                    if let Some(dc) = v.physical_connections[vbr.physical_connection].data_center {
                        dc_region.insert(dc, tr.region.as_str());
                    }
                    regions.insert(tr.region.as_str());
                }
                AttachmentKind::Peer { remote, .. } => {
                    let remote = v.transit_routers[*remote].region.as_str();
                    let local = tr.region.as_str();
                    joined.insert((local.min(remote), local.max(remote)));
                }
                AttachmentKind::Vpn(_) => {}
            }
        }
        if regions.len() < 2 {
            continue;
        }
        // resource groups and data sources by region, in id order
        let mut groups: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for group in &v.resource_groups {
            for binding in &group.bindings {
                if let Some(region) = vpc_region.get(&binding.vpc) {
                    groups.entry(region).or_default().insert(group.id.as_str());
                }
            }
        }
        let mut sources: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for source in &v.data_sources {
            let region = match source.location {
                DsLocation::Vpc(vpc, _) => vpc_region.get(&vpc),
                DsLocation::Ecs(ecs) => vpc_region.get(&v.ecs_instances[ecs].vpc),
                DsLocation::DataCenter(dc) => dc_region.get(&dc),
                DsLocation::Internet | DsLocation::Classic => None,
            };
            if let Some(region) = region {
                sources
                    .entry(region)
                    .or_default()
                    .insert(source.id.as_str());
            }
        }
        let regions: Vec<&str> = regions.into_iter().collect();
        for (i, a) in regions.iter().enumerate() {
            for b in regions.iter().skip(i + 1) {
                if joined.contains(&(*a, *b)) {
                    continue;
                }
                let mut pairs: Vec<(&str, &str)> = Vec::new();
                for (from, to) in [(a, b), (b, a)] {
                    for group in groups.get(from).into_iter().flatten() {
                        for source in sources.get(to).into_iter().flatten() {
                            pairs.push((group, source));
                        }
                    }
                }
                pairs.sort_unstable();
                pairs.dedup();
                findings.push(diags::cen_bandwidth_missing(&cen.id, a, b, &pairs));
            }
        }
    }
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
            findings.push(diags::whitelist_open(&source.id, Scope::Inventory));
        }
    }
}

/// `inter-region-test-bandwidth`: a side of an inter-region connection (a peer
/// attachment whose counterpart exists) with no bandwidth. A basic-edition
/// bandwidth entry of 0 Mbit/s joins nothing (semantics S2.6) and is not in the
/// validated inventory; the engine reports it as `inter-region-missing`.
fn test_bandwidth(v: &ValidInventory, findings: &mut Vec<Finding>) {
    // semantics S9.7: one finding per connection, named by its smaller attachment id.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for att in &v.tr_attachments {
        let AttachmentKind::Peer {
            remote,
            bandwidth_mbps,
        } = &att.kind
        else {
            continue;
        };
        let Some(counterpart) = att.counterpart else {
            continue;
        };
        if bandwidth_mbps.unwrap_or(0) > 0 {
            continue;
        }
        let other = v.tr_attachments[counterpart].id.as_str();
        let (first, second) = if att.id.as_str() <= other {
            (att.id.as_str(), other)
        } else {
            (other, att.id.as_str())
        };
        if !seen.insert(first) {
            continue;
        }
        let local = &v.transit_routers[att.tr];
        let remote = &v.transit_routers[*remote];
        let cen = &v.cens[local.cen];
        let regions = if local.region <= remote.region {
            (local.region.as_str(), remote.region.as_str())
        } else {
            (remote.region.as_str(), local.region.as_str())
        };
        findings.push(diags::inter_region_test_bandwidth(
            &cen.id,
            regions,
            first,
            second,
            Scope::Inventory,
        ));
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
        if used_nat.contains(&crate::validate::NatGatewayIx::at(n)) {
            continue;
        }
        findings.push(diags::unused_resource(Unused::NatGateway(&gateway.id)));
    }
    for (p, peering) in v.peerings.iter().enumerate() {
        if used_peering.contains(&crate::validate::PeeringIx::at(p)) {
            continue;
        }
        let (a, b) = (&v.vpcs[peering.vpc].id, &v.vpcs[peering.peer_vpc].id);
        findings.push(diags::unused_resource(Unused::Peering {
            peering: &peering.id,
            a,
            b,
        }));
    }
    for att in v.tr_attachments.iter().filter(|a| !a.implied) {
        if att.associated.is_some() || !att.propagates_to.is_empty() {
            continue;
        }
        let tr = &v.transit_routers[att.tr].id;
        findings.push(diags::unused_resource(Unused::Attachment {
            attachment: &att.id,
            tr,
        }));
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
        findings.push(diags::unused_resource(Unused::Eip {
            eip: &eip.id,
            ip: eip.ip,
        }));
    }
    let bound: BTreeSet<_> = v.vswitches.iter().map(|s| s.table).collect();
    for (t, table) in v.route_tables.iter().enumerate() {
        if table.kind != RouteTableKind::Custom
            || bound.contains(&crate::validate::RouteTableIx::at(t))
        {
            continue;
        }
        findings.push(diags::unused_resource(Unused::RouteTable(&table.id)));
    }
}
