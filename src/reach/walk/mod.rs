//! The walk: one flow traced hop by hop through the places of a network,
//! recording every hop, finding and delivery, branching on ECMP next hops and
//! on sub-ranges that take different routes (semantics S3, S5, S8.6).
//!
//! This file holds the driver: the flow and the walk, entering and leaving
//! places (loop detection, semantics S3.8), a miss and its direction's code, and
//! delivery. Each place has its file: [`vpc`] (VPC route tables and next
//! hops), [`transit`] (transit routers, attachments, inter-region), [`hybrid`]
//! (VBRs, physical connections, data centers), [`vpn`] (VPN gateways and
//! connections), [`nat`] (NAT gateways and the internet) and [`return_path`]
//! (where replies start and where they must arrive).
//!
//! Invariants: a walk never reads files and never panics on data (indices
//! come from a `ValidInventory`); a place is entered at most once per
//! destination range on one path, so every walk ends; the same finding is
//! recorded once per walk.

mod hybrid;
mod nat;
mod return_path;
mod transit;
mod vpc;
mod vpn;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::engine::Engine;
use super::fix;
use super::Hop;
use crate::findings::diags::{self, Lookup, Loop, MissingLink, NoRouteAt, ReturnStop};
use crate::findings::Finding;
use crate::validate::{
    Binding, CenIx, DataCenterIx, NatGatewayIx, ResourceGroupIx, RouteTableIx, TrRouteTableIx,
    VSwitchIx, ValidInventory, VbrIx, VpcIx,
};

/// No path is longer than this many hops (semantics S3.8).
pub(super) const MAX_HOPS: u32 = 64;

/// Which way a walk goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    /// From the resource group toward the data source.
    Forward,
    /// From the data source back toward the source range.
    Return,
}

/// How traffic entered a VPC (semantics S3.2, S3.3): after a peering only local
/// delivery is allowed; after a NAT gateway a route back to it is a loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// The walk starts here (the bound vSwitch, the data source's vSwitch).
    Start,
    /// Over a VPC peering.
    Peering,
    /// From a transit router.
    Tr,
    /// From this NAT gateway, after SNAT.
    Nat(NatGatewayIx),
    /// From a VBR's router interface or a VPN gateway.
    Gateway,
}

/// A place on a path, for loop detection (semantics S3.8, S8.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceKey {
    Vpc(RouteTableIx),
    Tr(TrRouteTableIx),
    Vbr(VbrIx),
    Dc(DataCenterIx),
}

/// Where a walk ended successfully.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DeliveredAt {
    VSwitch(VSwitchIx),
    DataCenter(DataCenterIx),
    Internet,
    CloudServices(VpcIx),
    NatVpc(VpcIx),
}

/// A delivery: where, the range delivered, and the source as the receiver sees it.
#[derive(Debug, Clone)]
pub(super) struct Delivery {
    pub(super) at: DeliveredAt,
    pub(super) range: Ipv4Net,
    pub(super) src: Vec<Ipv4Net>,
    pub(super) snat: Option<NatGatewayIx>,
}

/// What travels: a destination range and the source ranges as the next hop
/// sees them.
#[derive(Debug, Clone)]
struct Flow {
    /// The destination (a part of it, after a split).
    dest: Ipv4Net,
    /// The sources (SNAT replaces them with the translated addresses).
    src: Vec<Ipv4Net>,
    /// The vSwitch the sources are, until SNAT (a vSwitch SNAT entry matches it).
    src_vsw: Option<VSwitchIx>,
    /// The NAT gateway that translated the sources, if any.
    snat: Option<NatGatewayIx>,
    /// Hops so far (semantics S3.8: at most `MAX_HOPS`).
    depth: u32,
}

/// One walk in one direction: its hops, findings and deliveries.
pub(super) struct Walk<'e, 'a> {
    e: &'e Engine<'a>,
    dir: Dir,
    pub(super) hops: Vec<Hop>,
    pub(super) findings: Vec<Finding>,
    pub(super) deliveries: Vec<Delivery>,
    path: Vec<(PlaceKey, Ipv4Net)>,
    pub(super) transit: BTreeSet<Cow<'a, str>>,
    /// Findings raised so far, repeats included (the memo keeps only walks
    /// that raised none, see [`super::memo`]).
    pub(super) raised: u32,
    /// Return toward NAT IPs: the walk succeeds on entering this VPC (semantics S5.1).
    nat_target: Option<(VpcIx, NatGatewayIx)>,
    /// The source vSwitch and group (for fixes).
    source: Option<(VSwitchIx, ResourceGroupIx)>,
}

/// `net` as `a.b.c.d/len`, the same text as its `Display`, written without the
/// formatting machinery (a hop's route and range are formatted for every pair).
pub(super) fn net_text(net: Ipv4Net) -> String {
    fn decimal(out: &mut String, n: u8) {
        if n >= 100 {
            out.push(char::from(b'0' + n / 100));
        }
        if n >= 10 {
            out.push(char::from(b'0' + n / 10 % 10));
        }
        out.push(char::from(b'0' + n % 10));
    }
    let mut out = String::with_capacity(18);
    for (i, octet) in net.addr().octets().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        decimal(&mut out, octet);
    }
    out.push('/');
    decimal(&mut out, net.prefix_len());
    out
}

/// A single address as a /32 range.
fn host(address: Ipv4Addr) -> Ipv4Net {
    Ipv4Net::from(address)
}

/// `nets` sorted, without repeats.
pub(super) fn dedup(mut nets: Vec<Ipv4Net>) -> Vec<Ipv4Net> {
    nets.sort();
    nets.dedup();
    nets
}

impl<'e, 'a> Walk<'e, 'a> {
    /// A walk in direction `dir`; `source` is the binding's vSwitch and
    /// group (where replies must arrive, and whom fixes are for).
    pub(super) fn new(
        e: &'e Engine<'a>,
        dir: Dir,
        source: Option<(VSwitchIx, ResourceGroupIx)>,
    ) -> Walk<'e, 'a> {
        Walk {
            e,
            dir,
            hops: Vec::new(),
            findings: Vec::new(),
            deliveries: Vec::new(),
            path: Vec::new(),
            transit: BTreeSet::new(),
            raised: 0,
            nat_target: None,
            source,
        }
    }

    /// The inventory walked.
    fn v(&self) -> &'a ValidInventory {
        self.e.v
    }

    /// Records a hop; the range column is shown on the return path only,
    /// where replies split into sub-ranges.
    fn hop(
        &mut self,
        at: &str,
        table: Option<&str>,
        route: Option<String>,
        next_hop: Option<&str>,
        range: Option<Ipv4Net>,
        note: Option<String>,
    ) {
        self.hops.push(Hop {
            at: at.to_string(),
            table: table.map(str::to_string),
            route,
            next_hop: next_hop.map(str::to_string),
            range: if self.dir == Dir::Return {
                range.map(net_text)
            } else {
                None
            },
            note,
        });
    }

    /// Adds a finding once (semantics S8.12: the same finding from two branches is one).
    fn add(&mut self, finding: Finding) {
        self.raised = self.raised.saturating_add(1);
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    /// semantics S1.3, S3.1: starts the forward walk of `binding` toward `dest`: from
    /// the group's public address straight to the internet when it has one
    /// and the destination is public, else from the bound vSwitch's range in
    /// its route table.
    pub(in crate::reach) fn start_forward(
        &mut self,
        binding: &Binding,
        group: &str,
        public_exit: Option<Ipv4Addr>,
        dest: Ipv4Net,
    ) {
        let v = self.v();
        if let Some(public_ip) = public_exit {
            self.start_public(group, public_ip, dest);
        } else {
            let vsw = &v.vswitches[binding.vswitch];
            let flow = Flow {
                dest,
                src: vec![vsw.cidr],
                src_vsw: Some(binding.vswitch),
                snat: None,
                depth: 0,
            };
            self.vpc(binding.vpc, vsw.table, Entry::Start, flow);
        }
    }

    /// semantics S1.3: starts the forward walk of a group with the public
    /// address `public_ip` straight to the internet.
    pub(in crate::reach) fn start_public(
        &mut self,
        group: &str,
        public_ip: Ipv4Addr,
        dest: Ipv4Net,
    ) {
        self.hop(
            group,
            None,
            None,
            Some("internet"),
            None,
            Some(format!("exits from its public address {public_ip}")),
        );
        let flow = Flow {
            dest,
            src: vec![host(public_ip)],
            src_vsw: None,
            snat: None,
            depth: 0,
        };
        self.internet(flow, group);
    }

    /// semantics S5.1: makes this return walk end on reaching the VPC of the VPC NAT
    /// gateway `nat` (replies go to its addresses, not to the vSwitch).
    pub(in crate::reach) fn return_toward_nat(&mut self, nat: NatGatewayIx) {
        self.nat_target = Some((self.v().nat_gateways[nat].vpc, nat));
    }

    /// Enters a place for a destination range; false (and `routing-loop`) on a
    /// second visit of the same place for a range inside the first, or past 64 hops.
    fn enter(&mut self, place: PlaceKey, name: &str, flow: &Flow) -> bool {
        let looped = self
            .path
            .iter()
            .any(|(p, range)| *p == place && range.contains(&flow.dest));
        if looped || flow.depth >= MAX_HOPS {
            let why = if looped {
                Loop::Revisit {
                    place: name,
                    dest: flow.dest,
                }
            } else {
                Loop::TooLong {
                    place: name,
                    dest: flow.dest,
                    limit: MAX_HOPS,
                }
            };
            self.add(diags::routing_loop(why));
            return false;
        }
        self.path.push((place, flow.dest));
        true
    }

    /// Leaves the place entered last.
    fn leave(&mut self) {
        self.path.pop();
    }

    /// A lookup found nothing for `part` at a place (semantics S3.2, S3.7, S8.12).
    fn miss(
        &mut self,
        place_region: Option<String>,
        cens: Vec<CenIx>,
        part: Ipv4Net,
        lookup: Lookup<'_>,
    ) {
        if let Some(finding) = self.inter_region(place_region, cens, part) {
            self.add(finding);
            return;
        }
        let finding = self.route_missing(lookup);
        self.add(finding);
    }

    /// A failed lookup in the words of the walk's direction: `no-route`
    /// forward, `return-route-missing` on the return path (semantics S5, S8.12).
    fn route_missing(&self, lookup: Lookup<'_>) -> Finding {
        match self.dir {
            Dir::Forward => diags::no_route(NoRouteAt::Lookup(lookup)),
            Dir::Return => diags::return_route_missing(ReturnStop::Lookup(lookup)),
        }
    }

    /// semantics S3.7, S8.9: a miss for a destination attached to the same CEN in another
    /// region, with no inter-region connection joining the two regions.
    fn inter_region(
        &self,
        region: Option<String>,
        cens: Vec<CenIx>,
        part: Ipv4Net,
    ) -> Option<Finding> {
        let v = self.v();
        let region = region?;
        for cen in cens {
            let mut targets: Vec<String> = Vec::new();
            for vpc in self.e.vpcs_holding(part) {
                targets.extend(
                    self.e
                        .index
                        .vpc_regions
                        .get(&(cen, vpc))
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
            }
            for dc in self.e.dcs_holding(part) {
                targets.extend(
                    self.e
                        .index
                        .dc_regions
                        .get(&(cen, dc))
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
            }
            targets.sort();
            targets.dedup();
            for other in targets {
                if other != region && !self.e.index.regions_joined(cen, &region, &other) {
                    let (a, b) = if region < other {
                        (region.clone(), other)
                    } else {
                        (other, region.clone())
                    };
                    let cen_id = &v.cens[cen].id;
                    let remedy = fix::inter_region(self.e, cen, &a, &b);
                    return Some(diags::inter_region_missing(
                        cen_id,
                        &a,
                        &b,
                        MissingLink::None(remedy),
                    ));
                }
            }
        }
        None
    }

    /// Records a delivery at `at`; on the return path only where the reply
    /// must arrive (see `reply_misdelivered`).
    fn deliver(&mut self, at: DeliveredAt, flow: &Flow) {
        if self.dir == Dir::Return && self.reply_misdelivered(at, flow) {
            return;
        }
        self.deliveries.push(Delivery {
            at,
            range: flow.dest,
            src: flow.src.clone(),
            snat: flow.snat,
        });
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use ipnet::Ipv4Net;
    use proptest::prelude::*;

    use super::net_text;

    proptest! {
        /// The fast formatting is the `Display` text, for every address and length.
        #[test]
        fn net_text_is_display(address: u32, len in 0u8..=32) {
            let net = Ipv4Net::new(Ipv4Addr::from(address), len).unwrap();
            prop_assert_eq!(net_text(net), net.to_string());
        }
    }

    #[test]
    fn net_text_edges() {
        for text in [
            "0.0.0.0/0",
            "255.255.255.255/32",
            "10.0.100.9/24",
            "1.20.3.0/8",
        ] {
            let net: Ipv4Net = text.parse().unwrap();
            assert_eq!(net_text(net), text);
        }
    }
}
