//! Route tables as the analysis sees them: written routes plus the routes that
//! exist without being written (semantics S2), and longest-prefix match over them.
//!
//! - VPC tables hold their written routes, one `local` route per vSwitch CIDR,
//!   `100.64.0.0/10`, and the routes of VPN connections published to the VPC
//!   (semantics S2.5), in one prefix trie each. Routes synchronized from a transit router
//!   (semantics S2.4) are *not copied*: a VPC system table keeps a reference to the
//!   synchronizing attachment and the lookup consults that attachment's TR
//!   table, filtered, so memory is O(routes written + vSwitches), never
//!   O(VPCs × transit-router routes).
//! - Transit-router tables hold their static routes and the routes propagated
//!   into them (semantics S2.2), computed to a fixed point, with static over propagated
//!   and conflicting propagated routes kept as ambiguous (semantics S2.3, S8.3).
//! - VBR tables hold their own routes, the replies for VPCs that reach them by
//!   router interface (semantics S8.4), and refer to the TR table their attachment is
//!   associated with (semantics S2.7).
//! - Data-center tables hold the data center's own routes toward the cloud.
//!
//! Complexity: building is O(R · 32) for R written routes and vSwitches, plus
//! the propagation fixed point, O(I · P) for I iterations (at most the number
//! of transit routers, the diameter of the inter-region graph) and P routes
//! offered over peer attachments per iteration. A lookup is O(32) trie steps
//! per layer (the VPC's own trie and at most one synchronized TR table).

mod derive;

use std::collections::BTreeMap;

use ipnet::Ipv4Net;
use prefix_trie::PrefixMap;

use crate::findings::Finding;
use crate::model::{CenEdition, RouteOrigin};
use crate::validate::{
    Arena, AttachmentIx, AttachmentKind, DataCenterIx, NextHop, PhysicalConnectionIx, RouteTableIx,
    TrRouteTableIx, VSwitchIx, ValidInventory, VbrIx, Via, VpcIx, VpnConnectionIx, VpnGatewayIx,
};

pub use derive::{build, next_hop_id, origin_id};

/// `100.64.0.0/10`, the cloud-services range of every VPC.
pub fn cloud_services() -> Ipv4Net {
    Ipv4Net::new(std::net::Ipv4Addr::new(100, 64, 0, 0), 10).unwrap_or_default()
}

/// An entry of a VPC route table's own trie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VpcRoute {
    /// The system route of a vSwitch CIDR.
    Local(VSwitchIx),
    /// `100.64.0.0/10` to cloud services.
    CloudServices,
    /// A written route (index into the table's `routes`).
    Written {
        /// Index into `RouteTable::routes` of the validated table.
        route: usize,
        /// The next hops (several: ECMP).
        next_hops: Vec<NextHop>,
        /// Custom or learned.
        origin: RouteOrigin,
    },
    /// A route for a VPN connection's remote range, published to the VPC (semantics S2.5).
    VpnPublished {
        /// The gateway.
        gateway: VpnGatewayIx,
        /// The connection whose `remote_cidrs` it came from.
        connection: VpnConnectionIx,
    },
}

/// Where a propagated route came from (semantics S8.3): the attachment that first
/// propagated it, or a static route of a TR table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Propagated first by this attachment.
    Attachment(AttachmentIx),
    /// A static route of this table.
    Static(TrRouteTableIx),
}

/// An entry of a transit-router route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrEntry {
    /// A static route: to an attachment, or `None` for a blackhole.
    Static(Option<AttachmentIx>),
    /// A propagated route.
    Propagated {
        /// The attachment traffic leaves by.
        next_hop: AttachmentIx,
        /// Where it came from.
        origin: Origin,
        /// Inter-region hops from its origin.
        hops: u32,
    },
    /// Several origins propagate the same prefix: ambiguous (semantics S2.3).
    Conflict(Vec<(Origin, AttachmentIx)>),
}

impl TrEntry {
    /// The next hop, if the entry has exactly one.
    pub fn next_hop(&self) -> Option<AttachmentIx> {
        match self {
            TrEntry::Static(next_hop) => *next_hop,
            TrEntry::Propagated { next_hop, .. } => Some(*next_hop),
            TrEntry::Conflict(_) => None,
        }
    }

    /// The origins of the entry.
    pub fn origins(&self, table: TrRouteTableIx) -> Vec<Origin> {
        match self {
            TrEntry::Static(_) => vec![Origin::Static(table)],
            TrEntry::Propagated { origin, .. } => vec![*origin],
            TrEntry::Conflict(members) => members.iter().map(|(origin, _)| *origin).collect(),
        }
    }
}

/// A VPC route table as routed.
#[derive(Debug, Clone, Default)]
pub struct VpcTable {
    /// Written, local, cloud-services and VPN-published routes.
    pub own: PrefixMap<Ipv4Net, VpcRoute>,
    /// Destinations of pending routes (they carry no traffic; kept for messages).
    pub pending: Vec<Ipv4Net>,
    /// Attachments synchronizing their TR table into this (system) table, by id.
    pub sync: Vec<AttachmentIx>,
}

/// A transit-router route table as routed.
#[derive(Debug, Clone, Default)]
pub struct TrTable {
    /// Static and propagated routes.
    pub routes: PrefixMap<Ipv4Net, TrEntry>,
}

/// An entry of a VBR's own trie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VbrRoute {
    /// Toward the data center over the physical connection.
    PhysicalConnection(PhysicalConnectionIx),
    /// Replies to a VPC that reaches the VBR by router interface (semantics S8.4).
    RouterInterface(VpcIx),
}

/// A VBR table as routed.
#[derive(Debug, Clone, Default)]
pub struct VbrTable {
    /// Own routes and router-interface replies.
    pub own: PrefixMap<Ipv4Net, VbrRoute>,
    /// The VBR's TR attachments that are associated with a table, by id (semantics S2.7).
    pub learned: Vec<AttachmentIx>,
}

/// What a lookup in a VPC table found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VpcMatch {
    /// An entry of the table's own trie.
    Own(VpcRoute),
    /// A route synchronized from the TR table of `attachment` (semantics S2.4).
    Synced {
        /// The synchronizing attachment (the next hop).
        attachment: AttachmentIx,
        /// The TR table it came from.
        table: TrRouteTableIx,
        /// The TR entry.
        entry: TrEntry,
    },
}

/// What a lookup in a VBR table found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VbrMatch {
    /// An own route.
    Own(VbrRoute),
    /// A route learned from the TR table of `attachment` (next hop: that attachment).
    Learned {
        /// The VBR's attachment.
        attachment: AttachmentIx,
        /// The TR table.
        table: TrRouteTableIx,
    },
}

/// All routing state of an inventory.
#[derive(Debug, Clone, Default)]
pub struct Routing {
    /// VPC tables, by `RouteTableIx`.
    pub vpc: Arena<RouteTableIx, VpcTable>,
    /// TR tables, by `TrRouteTableIx`.
    pub tr: Arena<TrRouteTableIx, TrTable>,
    /// VBR tables, by `VbrIx`.
    pub vbr: Arena<VbrIx, VbrTable>,
    /// Data-center routes, by `DataCenterIx`: destination → where it goes (several: ECMP).
    pub dc: Arena<DataCenterIx, PrefixMap<Ipv4Net, Vec<Via>>>,
    /// vSwitch CIDRs per VPC, by `VpcIx`.
    pub vswitches: Arena<VpcIx, PrefixMap<Ipv4Net, VSwitchIx>>,
    /// Findings of derivation: `route-conflict`, `learned-route-differs`.
    pub findings: Vec<Finding>,
}

/// The longer of two matches; the first wins a tie (own routes beat the
/// routes a table refers to, semantics S2.4, S8.4).
fn longer<T>(first: Option<(Ipv4Net, T)>, second: Option<(Ipv4Net, T)>) -> Option<(Ipv4Net, T)> {
    match (first, second) {
        (Some(a), Some(b)) => Some(if b.0.prefix_len() > a.0.prefix_len() {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

impl Routing {
    /// The TR table associated with `attachment`, as routed.
    fn associated(
        &self,
        v: &ValidInventory,
        attachment: AttachmentIx,
    ) -> Option<(TrRouteTableIx, &TrTable)> {
        let table = v.tr_attachments.lookup(attachment)?.associated?;
        Some((table, self.tr.lookup(table)?))
    }

    /// The longest route covering `range` in the TR table associated with
    /// `attachment` that `accept` keeps (a table referred to, not copied).
    fn referenced_lpm(
        &self,
        v: &ValidInventory,
        attachment: AttachmentIx,
        range: Ipv4Net,
        accept: impl Fn(Ipv4Net, &TrEntry) -> bool,
    ) -> Option<(Ipv4Net, TrRouteTableIx, &TrEntry)> {
        let (table, tr) = self.associated(v, attachment)?;
        let covering: Vec<(Ipv4Net, &TrEntry)> = tr.routes.cover(&range).collect();
        covering
            .into_iter()
            .rev()
            .find(|(prefix, entry)| accept(*prefix, entry))
            .map(|(p, e)| (p, table, e))
    }

    /// Whether the TR table associated with `attachment` has a route strictly
    /// inside `range` that `accept` keeps.
    fn referenced_has_inside(
        &self,
        v: &ValidInventory,
        attachment: AttachmentIx,
        range: Ipv4Net,
        accept: impl Fn(Ipv4Net, &TrEntry) -> bool,
    ) -> bool {
        self.associated(v, attachment).is_some_and(|(_, tr)| {
            tr.routes
                .children(&range)
                .any(|(prefix, entry)| prefix != range && accept(prefix, entry))
        })
    }

    /// Longest-prefix match of `range` in VPC table `table` (semantics S3.2, S2.4): the
    /// longest route covering the whole range, the table's own routes winning a
    /// tie with synchronized ones.
    pub fn lookup_vpc(
        &self,
        v: &ValidInventory,
        table: RouteTableIx,
        range: Ipv4Net,
    ) -> Option<(Ipv4Net, VpcMatch)> {
        let routed = self.vpc.lookup(table)?;
        let vpc = v.route_tables.lookup(table)?.vpc;
        let own = routed
            .own
            .get_lpm(&range)
            .map(|(prefix, route)| (prefix, VpcMatch::Own(route.clone())));
        let synced = routed.sync.iter().fold(None, |best, &attachment| {
            let found = self
                .referenced_lpm(v, attachment, range, |prefix, entry| {
                    self.sync_accepts(vpc, attachment, prefix, entry)
                })
                .map(|(prefix, table, entry)| {
                    (
                        prefix,
                        VpcMatch::Synced {
                            attachment,
                            table,
                            entry: entry.clone(),
                        },
                    )
                });
            longer(best, found)
        });
        longer(own, synced)
    }

    /// semantics S2.4: a synchronized route is dropped when it equals or lies inside a
    /// vSwitch CIDR of the VPC, or points back at the synchronizing attachment.
    fn sync_accepts(
        &self,
        vpc: VpcIx,
        attachment: AttachmentIx,
        prefix: Ipv4Net,
        entry: &TrEntry,
    ) -> bool {
        if entry.next_hop() == Some(attachment) {
            return false;
        }
        if let TrEntry::Conflict(members) = entry {
            if members.iter().all(|(_, next_hop)| *next_hop == attachment) {
                return false;
            }
        }
        let inside_vswitch = self
            .vswitches
            .lookup(vpc)
            .is_some_and(|trie| trie.get_lpm(&prefix).is_some());
        !inside_vswitch
    }

    /// Whether a VPC table has a route strictly inside `range` (so that the range
    /// must be split before a lookup answers for all of it).
    pub fn vpc_has_inside(&self, v: &ValidInventory, table: RouteTableIx, range: Ipv4Net) -> bool {
        let (Some(routed), Some(vpc)) = (
            self.vpc.lookup(table),
            v.route_tables.lookup(table).map(|t| t.vpc),
        ) else {
            return false;
        };
        routed
            .own
            .children(&range)
            .any(|(prefix, _)| prefix != range)
            || routed.sync.iter().any(|&attachment| {
                self.referenced_has_inside(v, attachment, range, |prefix, entry| {
                    self.sync_accepts(vpc, attachment, prefix, entry)
                })
            })
    }

    /// Longest-prefix match in a TR table.
    pub fn lookup_tr(&self, table: TrRouteTableIx, range: Ipv4Net) -> Option<(Ipv4Net, TrEntry)> {
        self.tr
            .lookup(table)?
            .routes
            .get_lpm(&range)
            .map(|(prefix, entry)| (prefix, entry.clone()))
    }

    /// Whether a TR table has a route strictly inside `range`.
    pub fn tr_has_inside(&self, table: TrRouteTableIx, range: Ipv4Net) -> bool {
        self.tr
            .lookup(table)
            .is_some_and(|t| t.routes.children(&range).any(|(prefix, _)| prefix != range))
    }

    /// Longest-prefix match in a VBR's table (own routes beat learned ones, semantics S8.4).
    pub fn lookup_vbr(
        &self,
        v: &ValidInventory,
        vbr: VbrIx,
        range: Ipv4Net,
    ) -> Option<(Ipv4Net, VbrMatch)> {
        let routed = self.vbr.lookup(vbr)?;
        let own = routed
            .own
            .get_lpm(&range)
            .map(|(prefix, route)| (prefix, VbrMatch::Own(*route)));
        let learned = routed.learned.iter().fold(None, |best, &attachment| {
            let found = self
                .referenced_lpm(v, attachment, range, |_, entry| {
                    self.vbr_learns(v, attachment, entry)
                })
                .map(|(prefix, table, _)| (prefix, VbrMatch::Learned { attachment, table }));
            longer(best, found)
        });
        longer(own, learned)
    }

    /// Whether a VBR learns a TR entry: not its own routes echoed back, and on a
    /// basic-edition CEN nothing from another VBR (semantics S2.6).
    fn vbr_learns(&self, v: &ValidInventory, attachment: AttachmentIx, entry: &TrEntry) -> bool {
        let Some(table) = v
            .tr_attachments
            .lookup(attachment)
            .and_then(|a| a.associated)
        else {
            return false;
        };
        if entry.next_hop() == Some(attachment) {
            return false;
        }
        let basic = v
            .tr_attachments
            .lookup(attachment)
            .and_then(|a| v.transit_routers.lookup(a.tr))
            .and_then(|tr| v.cens.lookup(tr.cen))
            .is_some_and(|cen| cen.edition == CenEdition::Basic);
        if basic {
            let from_vbr = entry.origins(table).iter().any(|origin| match origin {
                Origin::Attachment(a) => {
                    matches!(
                        v.tr_attachments.lookup(*a).map(|a| &a.kind),
                        Some(AttachmentKind::Vbr(_))
                    )
                }
                Origin::Static(_) => false,
            });
            if from_vbr {
                return false;
            }
        }
        true
    }

    /// Whether a VBR table has a route strictly inside `range`.
    pub fn vbr_has_inside(&self, v: &ValidInventory, vbr: VbrIx, range: Ipv4Net) -> bool {
        let Some(routed) = self.vbr.lookup(vbr) else {
            return false;
        };
        routed
            .own
            .children(&range)
            .any(|(prefix, _)| prefix != range)
            || routed.learned.iter().any(|&attachment| {
                self.referenced_has_inside(v, attachment, range, |_, entry| {
                    self.vbr_learns(v, attachment, entry)
                })
            })
    }

    /// Longest-prefix match in a data center's routes.
    pub fn lookup_dc(&self, dc: DataCenterIx, range: Ipv4Net) -> Option<(Ipv4Net, Vec<Via>)> {
        self.dc
            .lookup(dc)?
            .get_lpm(&range)
            .map(|(prefix, via)| (prefix, via.clone()))
    }

    /// Whether a data center has a route strictly inside `range`.
    pub fn dc_has_inside(&self, dc: DataCenterIx, range: Ipv4Net) -> bool {
        self.dc
            .lookup(dc)
            .is_some_and(|t| t.children(&range).any(|(prefix, _)| prefix != range))
    }

    /// The vSwitch of `vpc` whose CIDR holds `range`, if any.
    pub fn vswitch_holding(&self, vpc: VpcIx, range: Ipv4Net) -> Option<VSwitchIx> {
        self.vswitches
            .lookup(vpc)?
            .get_lpm(&range)
            .map(|(_, vsw)| *vsw)
    }
}

/// Splits `range` into the CIDRs that each take one route: a part is split in
/// halves while some route lies strictly inside it. The parts come out in
/// address order. O(k · 32) parts for k routes inside the range.
pub fn split(range: Ipv4Net, has_inside: &dyn Fn(Ipv4Net) -> bool) -> Vec<Ipv4Net> {
    let mut parts = Vec::new();
    let mut stack = vec![range];
    while let Some(part) = stack.pop() {
        if part.prefix_len() >= 32 || !has_inside(part) {
            parts.push(part);
            continue;
        }
        let halves: Vec<Ipv4Net> = part
            .subnets(part.prefix_len() + 1)
            .map(|s| s.collect())
            .unwrap_or_default();
        stack.extend(halves.into_iter().rev());
    }
    parts
}

/// Merges adjacent parts with equal values into the fewest CIDRs
/// (`Ipv4Net::aggregate` per value), keeping address order.
pub fn merge_parts<T: Clone + Ord>(parts: Vec<(Ipv4Net, T)>) -> Vec<(Ipv4Net, T)> {
    let mut by_value: BTreeMap<T, Vec<Ipv4Net>> = BTreeMap::new();
    for (net, value) in parts {
        by_value.entry(value).or_default().push(net);
    }
    let mut merged: Vec<(Ipv4Net, T)> = by_value
        .into_iter()
        .flat_map(|(value, nets)| {
            Ipv4Net::aggregate(&nets)
                .into_iter()
                .map(move |net| (net, value.clone()))
        })
        .collect();
    merged.sort_by_key(|(net, _)| (net.network(), net.prefix_len()));
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn split_stops_at_routes_inside() {
        let inside = [net("10.0.0.0/26")];
        let parts = split(net("10.0.0.0/24"), &|part| {
            inside.iter().any(|r| part.contains(r) && *r != part)
        });
        assert_eq!(
            parts,
            vec![
                net("10.0.0.0/26"),
                net("10.0.0.64/26"),
                net("10.0.0.128/25")
            ]
        );
    }

    #[test]
    fn merge_parts_aggregates_equal_neighbours() {
        let parts = vec![
            (net("10.0.0.0/26"), 1),
            (net("10.0.0.64/26"), 1),
            (net("10.0.0.128/25"), 2),
        ];
        assert_eq!(
            merge_parts(parts),
            vec![(net("10.0.0.0/25"), 1), (net("10.0.0.128/25"), 2)]
        );
    }
}
