//! The walk through a VPC route table (semantics S3.2): the lookup by longest prefix,
//! delivery to a vSwitch or to the cloud services, and the next hops of
//! written, VPN-published and TR-synchronized routes.
//!
//! Rules obeyed here: traffic that arrived over a peering may only be
//! delivered locally (peering is not transitive, semantics S3.2); a route back to the
//! NAT gateway traffic just left is a loop (semantics S3.3); the IPv4 gateway carries
//! public sources only (semantics S3.5); ECMP members are walked in next-hop id order so
//! that a report never depends on the order of the input (issue 8).

use std::borrow::Cow;

use ipnet::Ipv4Net;

use super::{net_text, DeliveredAt, Entry, Flow, PlaceKey, Walk};
use crate::findings::diags::{self, Lookup, Loop};
use crate::model::PeeringStatus;
use crate::reach::fix;
use crate::route::{self, split, VpcMatch, VpcRoute};
use crate::validate::{is_public_range, NextHop, RouteTableIx, VpcIx};

impl Walk<'_, '_> {
    /// semantics S3.2: looks `flow` up in `table` of `vpc`, entered as `entry`. The
    /// destination is split where a route lies inside it, so each part takes
    /// its own route; a part with no route is a miss (or, across regions of
    /// a CEN, an `inter-region-missing`).
    pub(super) fn vpc(&mut self, vpc: VpcIx, table: RouteTableIx, entry: Entry, flow: Flow) {
        let v = self.v();
        let vpc_id: &str = &v.vpcs[vpc].id;
        if self.reply_reached_nat(vpc, &flow) {
            return;
        }
        let table_id: &str = &v.route_tables[table].id;
        if !self.enter(PlaceKey::Vpc(table), table_id, &flow) {
            return;
        }
        let r = self.e.r;
        let parts = split(flow.dest, &|p| r.vpc_has_inside(v, table, p));
        for part in parts {
            let flow = Flow {
                dest: part,
                ..flow.clone()
            };
            match r.lookup_vpc(v, table, part) {
                None => {
                    // A pending route matches but carries nothing: say so,
                    // the console shows it and the reader will look there.
                    let pending = r
                        .vpc
                        .lookup(table)
                        .is_some_and(|t| t.pending.iter().any(|p| p.contains(&part)));
                    let remedy = fix::vpc_route(self.e, vpc, table, part, self.dir, self.source);
                    let region = Some(v.vpcs[vpc].region.clone());
                    self.miss(
                        region,
                        self.e.index.cens_of_vpc(vpc),
                        part,
                        Lookup::VpcTable {
                            table: table_id,
                            vpc: vpc_id,
                            part,
                            pending,
                            remedy,
                        },
                    );
                }
                // The system routes of the vSwitch CIDRs and 100.64.0.0/10
                // deliver inside the VPC.
                Some((prefix, VpcMatch::Own(VpcRoute::Local(vsw)))) => {
                    self.hop(
                        vpc_id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        Some("local"),
                        Some(part),
                        None,
                    );
                    self.deliver(DeliveredAt::VSwitch(vsw), &flow);
                }
                Some((prefix, VpcMatch::Own(VpcRoute::CloudServices))) => {
                    self.hop(
                        vpc_id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        Some("cloud services"),
                        Some(part),
                        None,
                    );
                    self.deliver(DeliveredAt::CloudServices(vpc), &flow);
                }
                Some((prefix, matched)) => {
                    self.vpc_onward(vpc, table, entry, prefix, matched, flow);
                }
            }
        }
        self.leave();
    }

    /// A route of `table` that leads out of the VPC: refused after a peering
    /// (semantics S3.2), else followed to its next hops.
    fn vpc_onward(
        &mut self,
        vpc: VpcIx,
        table: RouteTableIx,
        entry: Entry,
        prefix: Ipv4Net,
        matched: VpcMatch,
        flow: Flow,
    ) {
        let v = self.v();
        let vpc_id: &str = &v.vpcs[vpc].id;
        let table_id: &str = &v.route_tables[table].id;
        let part = flow.dest;
        if entry == Entry::Peering {
            // The peering is the last next hop recorded on the way in.
            let via = self
                .hops
                .iter()
                .rev()
                .find_map(|h| h.next_hop.clone())
                .unwrap_or_default();
            self.hop(
                vpc_id,
                Some(table_id),
                Some(net_text(prefix)),
                None,
                Some(part),
                Some("arrived over a peering: only local delivery is allowed".into()),
            );
            self.add(diags::peering_not_transitive(
                vpc_id, &via, part, prefix, table_id,
            ));
            return;
        }
        match matched {
            VpcMatch::Own(VpcRoute::Written { mut next_hops, .. }) => {
                // ECMP branches in next-hop id order, not in the order the
                // inventory lists them, so that the hops of a report do not
                // depend on input order (issue 8, found by tests/integration/robustness/).
                next_hops.sort_by_cached_key(|hop| route::next_hop_id(v, hop));
                for next_hop in next_hops {
                    self.vpc_next_hop(vpc, table, prefix, &next_hop, entry, flow.clone());
                }
            }
            VpcMatch::Own(VpcRoute::VpnPublished { gateway, .. }) => {
                let gateway_id: &str = &v.vpn_gateways[gateway].id;
                self.hop(
                    vpc_id,
                    Some(table_id),
                    Some(net_text(prefix)),
                    Some(gateway_id),
                    Some(part),
                    Some("route published by the VPN gateway".into()),
                );
                self.vpn_gateway(gateway, flow);
            }
            VpcMatch::Synced { attachment, .. } => {
                let att_id: &str = &v.tr_attachments[attachment].id;
                self.hop(
                    vpc_id,
                    Some(table_id),
                    Some(net_text(prefix)),
                    Some(att_id),
                    Some(part),
                    Some("route synchronized from the transit router".into()),
                );
                self.attachment_out(attachment, flow);
            }
            // Local and cloud-services routes were delivered by the caller.
            VpcMatch::Own(_) => {}
        }
    }

    /// Follows one next hop of a written route (semantics S3.2): each ECMP member is
    /// a branch of its own, with one more hop of depth.
    pub(super) fn vpc_next_hop(
        &mut self,
        vpc: VpcIx,
        table: RouteTableIx,
        prefix: Ipv4Net,
        next_hop: &NextHop,
        entry: Entry,
        mut flow: Flow,
    ) {
        let v = self.v();
        let vpc_id: &str = &v.vpcs[vpc].id;
        let table_id: &str = &v.route_tables[table].id;
        let hop_id = route::next_hop_id(v, next_hop);
        flow.depth += 1;
        let note = matches!(next_hop, NextHop::Vbr(_)).then(|| "router interface".to_string());
        self.hop(
            vpc_id,
            Some(table_id),
            Some(net_text(prefix)),
            Some(&hop_id),
            Some(flow.dest),
            note,
        );
        match next_hop {
            NextHop::NatGateway(nat) => {
                if entry == Entry::Nat(*nat) {
                    self.add(diags::routing_loop(Loop::BackToNat {
                        table: table_id,
                        nat: &hop_id,
                        dest: flow.dest,
                    }));
                    return;
                }
                self.nat(*nat, flow);
            }
            NextHop::VpcPeer(peering) => {
                let p = &v.peerings[*peering];
                self.transit.insert(Cow::Borrowed(&p.id));
                if p.status != PeeringStatus::Activated {
                    self.add(diags::peering_inactive(&p.id, p.status));
                    return;
                }
                let Some(other) = p.other(vpc) else { return };
                let system = v.vpcs[other].system_table;
                self.vpc(other, system, Entry::Peering, flow);
            }
            NextHop::TrAttachment(attachment) => {
                self.attachment_out(*attachment, flow);
            }
            NextHop::VpnGateway(gateway) => {
                self.vpn_gateway(*gateway, flow);
            }
            NextHop::Vbr(vbr) => {
                self.vbr(*vbr, flow);
            }
            NextHop::Instance(_) | NextHop::NetworkInterface(_) | NextHop::Havip(_) => {
                self.add(diags::appliance_not_modelled(
                    &hop_id, table_id, prefix, flow.dest,
                ));
            }
            NextHop::Ipv4Gateway(_) => {
                if let Some(private) = flow.src.iter().find(|s| !is_public_range(**s)) {
                    self.add(diags::no_public_source(
                        &hop_id, table_id, flow.dest, *private,
                    ));
                    return;
                }
                self.internet(flow, &hop_id);
            }
        }
    }
}
