//! Which pairs a change can affect ([`Impact`]): a transit-router, VBR or VPN
//! route, a whitelist, rule or binding reaches the pairs that meet its prefix,
//! data source, security group or group; a VPC or data-center route, an
//! association, a peering or a SNAT change the pairs whose footprint holds its
//! resources and that meet each of its conditions ([`Part`]); a bandwidth or a
//! peer attachment every pair.
//!
//! The conditions rest on two facts of the engine: a lookup's result changes
//! only for addresses inside the prefixes whose routes changed (longest-prefix
//! match), and a walk is in a VPC or a data center only where it starts (the
//! group's vSwitch, the data source) or where a route elsewhere sends an
//! address into it ([`Prover::ranges_into_vpc`]). A walk looks up the data
//! source's address forward and the group's source range (or a NAT address,
//! which voids the condition) on the way back.
//!
//! Invariant: an impact over-approximates (a pair it leaves out cannot be
//! changed by the change), so checking only the pairs it names is a proof;
//! the footprints of the pairs it may name are computed on demand, never for
//! the whole inventory unless a part has no condition.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::rc::Rc;

use ipnet::Ipv4Net;
use prefix_trie::PrefixSet;

use super::first_pass::encode;
use super::Prover;
use crate::findings::Change;
use crate::route::VbrRoute;
use crate::validate::{
    AttachmentIx, AttachmentKind, DataCenterIx, DsLocation, Kind, NextHop, PeeringIx, SnatSource,
    TrRouteTableIx, VSwitchIx, Via, VpcIx, VpnAttach,
};

/// Which pairs a change can affect.
#[derive(Debug, Clone, Default)]
pub(super) struct Impact {
    /// Every pair.
    all: bool,
    /// Pairs whose footprint holds one of a part's resources and that meet
    /// every one of its conditions.
    parts: Vec<Part>,
    /// Pairs that look up an address of one of these ranges (the data source's
    /// address, a source range of the group, a NAT IP on the way).
    prefixes: Vec<Ipv4Net>,
    /// Pairs of these resource groups.
    groups: Vec<String>,
    /// Pairs toward these data sources.
    sources: Vec<String>,
    /// Pairs toward data sources these security groups guard.
    security_groups: Vec<String>,
}

/// The pairs whose footprint holds one of `ids` (the resources a change
/// touches), narrowed by `within`: a pair must look up an address of each of
/// these lists of ranges (a group's source range or the data source's
/// address meets one of its ranges). Each condition is necessary for the
/// change to matter to a pair; none means every pair whose footprint holds
/// one of `ids`.
#[derive(Debug, Clone, Default)]
struct Part {
    ids: Vec<u32>,
    within: Vec<Vec<Ipv4Net>>,
}

impl Impact {
    /// The pairs whose footprint holds one of `ids`, within every known
    /// condition (an unknown one, `None`, does not narrow).
    fn part(ids: Vec<u32>, within: Vec<Option<Vec<Ipv4Net>>>) -> Impact {
        Impact {
            parts: vec![Part {
                ids,
                within: within.into_iter().flatten().collect(),
            }],
            ..Impact::default()
        }
    }

    /// Every pair.
    fn all() -> Impact {
        Impact {
            all: true,
            ..Impact::default()
        }
    }

    /// Adds what `other` reaches.
    pub(super) fn merge(&mut self, other: &Impact) {
        self.all |= other.all;
        self.parts.extend(other.parts.iter().cloned());
        self.prefixes.extend(&other.prefixes);
        self.groups.extend(other.groups.iter().cloned());
        self.sources.extend(other.sources.iter().cloned());
        self.security_groups
            .extend(other.security_groups.iter().cloned());
    }
}

impl Prover<'_> {
    /// The impact of `change`, computed once per proof.
    pub(super) fn impact_of<'m>(
        &self,
        cache: &'m mut HashMap<Change, Impact>,
        change: &Change,
    ) -> &'m Impact {
        cache
            .entry(change.clone())
            .or_insert_with(|| self.impact(change))
    }

    /// Whether `change` can affect one of `pairs` (to blame it for them).
    pub(super) fn reaches(
        &self,
        cache: &mut HashMap<Change, Impact>,
        change: &Change,
        pairs: &[usize],
    ) -> bool {
        // Only the named pairs are tested (not every pair of the universe): a
        // proof of a few scattered pairs blames each change in O(G + D + pairs).
        self.universe.ensure_prints(pairs);
        let reach = self.reach(self.impact_of(cache, change));
        pairs.iter().any(|&n| reach.holds(&self.universe, n))
    }

    /// A resource of the base world by id, as the footprints hold it.
    fn id(&self, id: &str) -> Vec<u32> {
        encode(self.valid, id).into_iter().collect()
    }

    /// Which pairs `change` can affect.
    fn impact(&self, change: &Change) -> Impact {
        let v = self.valid;
        let prefix = |net: Ipv4Net| Impact {
            prefixes: vec![net],
            ..Impact::default()
        };
        match change {
            Change::Bind { group, .. } | Change::GroupRoute { group, .. } => Impact {
                groups: vec![group.clone()],
                ..Impact::default()
            },
            // A VPC table's and a data center's routes go nowhere else: only the
            // pairs that looked up that table see them (their footprint holds it).
            // A route changes the lookups of addresses of its destination
            // only, and a walk looks a VPC table up only in that VPC.
            Change::VpcRoute {
                table,
                vpc,
                destination,
                ..
            } => Impact::part(
                self.id(table),
                vec![Some(vec![*destination]), self.ranges_into_vpc_named(vpc)],
            ),
            Change::DcRoute {
                data_center,
                destination,
                ..
            } => Impact::part(
                self.id(data_center),
                vec![Some(vec![*destination]), self.ranges_into_dc(data_center)],
            ),
            // Transit-router and VBR routes propagate: every table that learns
            // them changes, for addresses of that prefix only.
            Change::TrRoute { destination, .. }
            | Change::TrRouteReplace { destination, .. }
            | Change::VbrRoute { destination, .. } => prefix(*destination),
            Change::VpnRemoteCidr { cidr, .. } | Change::VpnLocalCidr { cidr, .. } => prefix(*cidr),
            Change::Whitelist { data_source, .. } => Impact {
                sources: vec![data_source.clone()],
                ..Impact::default()
            },
            Change::SecurityGroupRule { group, revoke, .. } => {
                let mut groups = vec![group.clone()];
                groups.extend(revoke.iter().map(|r| r.group.clone()));
                Impact {
                    security_groups: groups,
                    ..Impact::default()
                }
            }
            // Only traffic through that NAT gateway from the entry's source
            // range is translated.
            Change::SnatEntry { nat, .. } | Change::SnatIps { nat, .. } => {
                let vpc = v.nat_gateways.iter().find(|g| g.id == *nat).map(|g| g.vpc);
                Impact::part(
                    self.id(nat),
                    vec![
                        self.snat_scope(change),
                        vpc.map(|x| self.ranges_into_vpc(x)),
                    ],
                )
            }
            // A peering carries the addresses that routes send to it.
            Change::AcceptPeering { peering } => {
                Impact::part(self.id(peering), vec![self.peering_scope(peering)])
            }
            Change::TrPropagation { attachment, .. } => {
                // The table gains what the attachment propagates: prefix-local.
                let Some((Kind::TrAttachment, i)) = v.lookup(attachment) else {
                    return Impact::all();
                };
                let Some(att) = v.tr_attachments.lookup(AttachmentIx::at(i)) else {
                    return Impact::all();
                };
                match &att.kind {
                    AttachmentKind::Vpc { vpc, advertise, .. } => Impact {
                        prefixes: v.vpcs[*vpc]
                            .cidrs
                            .iter()
                            .chain(advertise)
                            .copied()
                            .collect(),
                        ..Impact::default()
                    },
                    AttachmentKind::Vbr(vbr) => Impact {
                        prefixes: v.vbrs[*vbr].routes.iter().map(|r| r.destination).collect(),
                        ..Impact::default()
                    },
                    AttachmentKind::Vpn(c) => Impact {
                        prefixes: v.vpn_connections[*c].remote_cidrs.clone(),
                        ..Impact::default()
                    },
                    AttachmentKind::Peer { .. } => Impact::all(),
                }
            }
            Change::TrAssociation { attachment, table } => {
                // Traffic entering from the attachment (it is a next hop in the
                // footprint of every pair that used it), and what its VPC or VBR
                // learns from the table; the table itself does not change.
                let Some((Kind::TrAttachment, i)) = v.lookup(attachment) else {
                    return Impact::all();
                };
                let Some(att) = v.tr_attachments.lookup(AttachmentIx::at(i)) else {
                    return Impact::all();
                };
                let mut ids = self.id(attachment);
                let mut place = None;
                match &att.kind {
                    AttachmentKind::Vpc { vpc, .. } => {
                        for t in v.route_tables.iter().filter(|t| t.vpc == *vpc) {
                            ids.extend(self.id(&t.id));
                        }
                        // It changes only what happens in its VPC.
                        place = Some(self.ranges_into_vpc(*vpc));
                    }
                    AttachmentKind::Vbr(vbr) => ids.extend(self.id(&v.vbrs[*vbr].id)),
                    AttachmentKind::Vpn(c) => ids.extend(self.id(&v.vpn_connections[*c].id)),
                    AttachmentKind::Peer { .. } => return Impact::all(),
                }
                Impact::part(
                    ids,
                    vec![self.association_scope(AttachmentIx::at(i), table), place],
                )
            }
            Change::CenBandwidth { .. } => Impact::all(),
        }
    }

    /// The source range of the SNAT entry a change adds or edits (where it
    /// translates), or `None` when it cannot be told.
    fn snat_scope(&self, change: &Change) -> Option<Vec<Ipv4Net>> {
        let v = self.valid;
        let cidr_of = |source: &SnatSource| match source {
            SnatSource::Cidr(cidr) => *cidr,
            SnatSource::VSwitch(vsw) => v.vswitches[*vsw].cidr,
        };
        match change {
            Change::SnatEntry {
                source_cidr: Some(cidr),
                ..
            } => Some(vec![*cidr]),
            Change::SnatEntry {
                source_vswitch: Some(vswitch),
                ..
            } => match v.lookup(vswitch)? {
                (Kind::VSwitch, i) => Some(vec![v.vswitches.lookup(VSwitchIx::at(i))?.cidr]),
                _ => None,
            },
            Change::SnatIps { nat, entry, .. } => {
                let gateway = v.nat_gateways.iter().find(|g| g.id == *nat)?;
                let entry = gateway.snat_entries.iter().find(|e| e.id == *entry)?;
                Some(vec![cidr_of(&entry.source)])
            }
            _ => None,
        }
    }

    /// The addresses whose lookups an association of `attachment` with
    /// `table` can change (semantics S2.7): traffic enters the transit router
    /// from the attachment only for what its side routes there (the written
    /// routes of VPC tables toward it, a data center's routes over its VPN
    /// connection) or learns from its table (the routes of its table before
    /// and after: what a synchronized VPC table or a VBR learns). `None` when
    /// a table is not known.
    fn association_scope(&self, attachment: AttachmentIx, table: &str) -> Option<Vec<Ipv4Net>> {
        let v = self.valid;
        let routing = self.universe.routing();
        let att = v.tr_attachments.lookup(attachment)?;
        let (Kind::TrRouteTable, t) = v.lookup(table)? else {
            return None;
        };
        let mut scope: Vec<Ipv4Net> = Vec::new();
        for tr_table in [Some(TrRouteTableIx::at(t)), att.associated]
            .into_iter()
            .flatten()
        {
            scope.extend(
                routing
                    .tr
                    .lookup(tr_table)?
                    .routes
                    .iter()
                    .map(|(net, _)| net),
            );
        }
        let target = NextHop::TrAttachment(attachment);
        scope.extend(
            v.route_tables
                .iter()
                .flat_map(|t| t.routes.iter())
                .filter(|r| r.next_hops.contains(&target))
                .map(|r| r.destination),
        );
        if let AttachmentKind::Vpn(c) = att.kind {
            scope.extend(
                v.data_centers
                    .iter()
                    .flat_map(|dc| dc.routes.iter())
                    .filter(|r| r.via == Via::VpnConnection(c))
                    .map(|r| r.destination),
            );
        }
        Some(scope)
    }

    /// [`Prover::ranges_into_vpc`] of the VPC with id `vpc`, if it is known.
    fn ranges_into_vpc_named(&self, vpc: &str) -> Option<Vec<Ipv4Net>> {
        match self.valid.lookup(vpc)? {
            (Kind::Vpc, i) => {
                self.valid.vpcs.lookup(VpcIx::at(i))?;
                Some(self.ranges_into_vpc(VpcIx::at(i)))
            }
            _ => None,
        }
    }

    /// The addresses a walk can be in VPC `vpc` for: the VPC's own ranges
    /// (a group bound there, a data source there) and the destinations of
    /// every route that leads into it from elsewhere (a transit-router entry
    /// toward one of its attachments or with no single next hop, a peer VPC's
    /// route over a peering with it, a VBR's router-interface reply, a data
    /// center's route over a VPN connection of its VPN gateway). A walk only
    /// reaches a VPC where it starts or by one of these routes, so a pair
    /// none of whose addresses meets these ranges never looks anything up
    /// there.
    fn ranges_into_vpc(&self, vpc: VpcIx) -> Vec<Ipv4Net> {
        let (each, shared) = self.into.get_or_init(|| self.ranges_into_every_vpc());
        let mut scope = each.get(vpc.ix()).cloned().unwrap_or_default();
        scope.extend(shared);
        scope
    }

    /// [`Prover::ranges_into_vpc`] of every VPC at once, in one pass over the
    /// routes (O(routes)): per VPC, and the entries with no single next hop
    /// (a conflict or a blackhole), which count for every VPC.
    fn ranges_into_every_vpc(&self) -> (Vec<Vec<Ipv4Net>>, Vec<Ipv4Net>) {
        let v = self.valid;
        let routing = self.universe.routing();
        let mut each: Vec<Vec<Ipv4Net>> = v
            .vpcs
            .iter()
            .map(|vpc| vpc.cidrs.iter().chain(&vpc.user_cidrs).copied().collect())
            .collect();
        let mut shared: Vec<Ipv4Net> = Vec::new();
        let mut push = |vpc: VpcIx, net: Ipv4Net| {
            if let Some(list) = each.get_mut(vpc.ix()) {
                list.push(net);
            }
        };
        let owner: Vec<Option<VpcIx>> = v
            .tr_attachments
            .iter()
            .map(|a| match a.kind {
                AttachmentKind::Vpc { vpc, .. } => Some(vpc),
                _ => None,
            })
            .collect();
        for table in routing.tr.iter() {
            for (net, entry) in table.routes.iter() {
                match entry.next_hop() {
                    Some(a) => {
                        if let Some(Some(vpc)) = owner.get(a.ix()) {
                            push(*vpc, net);
                        }
                    }
                    None => shared.push(net),
                }
            }
        }
        for route in v.route_tables.iter().flat_map(|t| t.routes.iter()) {
            for hop in &route.next_hops {
                if let NextHop::VpcPeer(p) = hop {
                    let peering = &v.peerings[*p];
                    push(peering.vpc, route.destination);
                    push(peering.peer_vpc, route.destination);
                }
            }
        }
        for vbr in routing.vbr.iter() {
            for (net, route) in vbr.own.iter() {
                if let VbrRoute::RouterInterface(vpc) = route {
                    push(*vpc, net);
                }
            }
        }
        for route in v.data_centers.iter().flat_map(|dc| dc.routes.iter()) {
            if let Via::VpnConnection(c) = route.via {
                if let VpnAttach::Gateway(g) = v.vpn_connections[c].attach {
                    push(v.vpn_gateways[g].vpc, route.destination);
                }
            }
        }
        (each, shared)
    }

    /// The addresses a walk can be at the data center with id `dc` for: its
    /// own ranges (a data source there), what a VBR routes over one of its
    /// physical connections (or one whose data center is not written), and
    /// the remote CIDRs of every VPN connection (a customer gateway names no
    /// data center). A walk reaches a data center only by one of these.
    fn ranges_into_dc(&self, dc: &str) -> Option<Vec<Ipv4Net>> {
        let v = self.valid;
        let routing = self.universe.routing();
        let (Kind::DataCenter, i) = v.lookup(dc)? else {
            return None;
        };
        let at = DataCenterIx::at(i);
        let mut scope = v.data_centers.lookup(at)?.cidrs.clone();
        for vbr in routing.vbr.iter() {
            for (net, route) in vbr.own.iter() {
                if let VbrRoute::PhysicalConnection(pc) = route {
                    if v.physical_connections[*pc]
                        .data_center
                        .is_none_or(|d| d == at)
                    {
                        scope.push(net);
                    }
                }
            }
        }
        for connection in v.vpn_connections.iter() {
            scope.extend(&connection.remote_cidrs);
        }
        Some(scope)
    }

    /// The destinations of every route that sends traffic to `peering`: the
    /// only addresses a change of the peering can carry differently.
    fn peering_scope(&self, peering: &str) -> Option<Vec<Ipv4Net>> {
        let v = self.valid;
        let (Kind::Peering, i) = v.lookup(peering)? else {
            return None;
        };
        let target = NextHop::VpcPeer(PeeringIx::at(i));
        Some(
            v.route_tables
                .iter()
                .flat_map(|t| t.routes.iter())
                .filter(|r| r.next_hops.contains(&target))
                .map(|r| r.destination)
                .collect(),
        )
    }

    /// The pairs of the universe an impact can reach, each with its verdict
    /// before the change known. The rows and columns hit are listed in
    /// O(G + D + pairs listed); a part's resources are looked for in the
    /// footprints of the pairs that meet all its conditions only (computed
    /// then, once per pair); an impact on every pair, or a part with no
    /// condition, needs every pair of the inventory (the whole first pass,
    /// once).
    pub(super) fn affected(&self, impact: &Impact) -> Vec<usize> {
        let u = &self.universe;
        let reach = crate::timings::stage("prove: reach", || self.reach(impact));
        let d = u.sources.len();
        let out: Vec<usize> = if reach.all {
            (0..u.len()).collect()
        } else if reach.parts.iter().any(|p| p.within.is_empty()) {
            u.ensure_every_print();
            (0..u.len()).filter(|&n| reach.holds(u, n)).collect()
        } else {
            let mut out = lines(&reach.rows, &reach.columns, d);
            let more = self.part_pairs(&reach, &out);
            out.extend(more);
            out.sort_unstable();
            out.dedup();
            out
        };
        u.ensure_before(&out);
        out
    }

    /// The pairs outside `reached` (sorted) that a part of `reach` reaches:
    /// per part, the lines of its smallest condition that meet the others
    /// too, whose footprint (computed now, once per pair) holds one of the
    /// part's resources.
    fn part_pairs(&self, reach: &Reach, reached: &[usize]) -> Vec<usize> {
        let u = &self.universe;
        let d = u.sources.len();
        let g = u.groups.len();
        let size = |(r, c): &(Vec<bool>, Vec<bool>)| {
            r.iter().filter(|x| **x).count() * d + c.iter().filter(|x| **x).count() * g
        };
        let candidates: Vec<Vec<usize>> = reach
            .parts
            .iter()
            .map(|part| {
                let Some(smallest) = part.within.iter().min_by_key(|w| size(w.as_ref())) else {
                    return Vec::new();
                };
                let mut list = lines(&smallest.0, &smallest.1, d);
                list.retain(|&n| part.meets_all(n, d) && reached.binary_search(&n).is_err());
                list
            })
            .collect();
        let mut every: Vec<usize> = candidates.iter().flatten().copied().collect();
        every.sort_unstable();
        every.dedup();
        crate::timings::stage("prove: footprints", || u.ensure_prints(&every));
        reach
            .parts
            .iter()
            .zip(candidates)
            .flat_map(|(part, list)| list.into_iter().filter(|&n| u.meets(n, &part.ids)))
            .collect()
    }

    /// The rows (groups), columns (data sources) and resources an impact
    /// reaches, computed in O(G + D); [`Reach::holds`] then tests one pair.
    fn reach(&self, impact: &Impact) -> Reach {
        let v = self.valid;
        let u = &self.universe;
        let prefixes = trie_of(&impact.prefixes);
        if impact.all || self.holds_nat_address(&prefixes) {
            return Reach {
                all: true,
                ..Reach::default()
            };
        }
        let (mut rows, mut columns) = self.lines_of(&prefixes);
        // Sets, so that a round of thousands of changes costs O(G + D), not
        // O((G + D) × changes).
        let groups: HashSet<&str> = impact.groups.iter().map(String::as_str).collect();
        let sources: HashSet<&str> = impact.sources.iter().map(String::as_str).collect();
        let guards: HashSet<&str> = impact.security_groups.iter().map(String::as_str).collect();
        for (row, &rg) in rows.iter_mut().zip(&u.groups) {
            *row |= groups.contains(v.resource_groups[rg].id.as_str());
        }
        for (column, &ds) in columns.iter_mut().zip(&u.sources) {
            let source = &v.data_sources[ds];
            let ecs = match source.location {
                DsLocation::Ecs(ecs) => v.ecs_instances[ecs].security_groups.as_slice(),
                _ => &[],
            };
            let guarded = || {
                !guards.is_empty()
                    && source
                        .security_groups
                        .iter()
                        .chain(ecs)
                        .any(|s| guards.contains(v.security_groups[*s].id.as_str()))
            };
            *column |= sources.contains(source.id.as_str()) || guarded();
        }
        // A condition holding a NAT gateway's address reaches replies
        // translated anywhere: it does not narrow. Parts of a round share
        // their conditions (the ranges into one VPC), so each distinct list
        // of ranges is turned into rows and columns once.
        let mut conditions: HashMap<&[Ipv4Net], Option<Rc<Lines>>> = HashMap::new();
        let parts = impact
            .parts
            .iter()
            .filter(|part| !part.ids.is_empty())
            .map(|part| ReachPart {
                ids: part.ids.iter().copied().collect(),
                within: part
                    .within
                    .iter()
                    .filter_map(|ranges| {
                        conditions
                            .entry(ranges.as_slice())
                            .or_insert_with(|| {
                                let trie = trie_of(ranges);
                                (!self.holds_nat_address(&trie))
                                    .then(|| Rc::new(self.lines_of(&trie)))
                            })
                            .clone()
                    })
                    .collect(),
            })
            .collect();
        Reach {
            all: false,
            rows,
            columns,
            parts,
        }
    }

    /// Whether one of the ranges of `trie` holds an address of a NAT gateway
    /// (replies to it come from every group the gateway translates).
    fn holds_nat_address(&self, trie: &PrefixSet<Ipv4Net>) -> bool {
        self.valid.nat_gateways.iter().any(|n| {
            n.nat_ips
                .iter()
                .any(|ip| trie.get_lpm(&Ipv4Net::from(*ip)).is_some())
        })
    }

    /// The groups whose source range, and the data sources whose address,
    /// meet one of the ranges of `trie`, by position: O((G + D) × 32) (a
    /// scope can hold a whole transit-router table).
    fn lines_of(&self, trie: &PrefixSet<Ipv4Net>) -> (Vec<bool>, Vec<bool>) {
        let v = self.valid;
        let u = &self.universe;
        let holds = |net: Ipv4Net| trie.get_lpm(&net).is_some();
        let overlaps = |net: Ipv4Net| holds(net) || trie.children(&net).next().is_some();
        let rows = u
            .groups
            .iter()
            .map(|&rg| {
                let group = &v.resource_groups[rg];
                group
                    .bindings
                    .iter()
                    .any(|b| overlaps(v.vswitches[b.vswitch].cidr.trunc()))
                    || group.public_ip.is_some_and(|ip| holds(Ipv4Net::from(ip)))
            })
            .collect();
        let columns = u
            .sources
            .iter()
            .map(|&ds| matches!(v.data_sources[ds].ip, IpAddr::V4(ip) if holds(Ipv4Net::from(ip))))
            .collect();
        (rows, columns)
    }
}

/// What an impact reaches, as [`Prover::reach`] computes it.
#[derive(Default)]
struct Reach {
    /// Every pair.
    all: bool,
    /// Per group position: every pair of the group.
    rows: Vec<bool>,
    /// Per data-source position: every pair of the data source.
    columns: Vec<bool>,
    /// The pairs whose footprint holds one of a part's resources, within
    /// all its conditions.
    parts: Vec<ReachPart>,
}

/// A [`Part`] as rows and columns: its resources, and per condition the
/// groups and data sources (by position) that meet it.
struct ReachPart {
    ids: HashSet<u32>,
    within: Vec<Rc<Lines>>,
}

/// Per group position and per data-source position, whether it is hit.
type Lines = (Vec<bool>, Vec<bool>);

impl ReachPart {
    /// Whether pair `n` meets every condition.
    fn meets_all(&self, n: usize, d: usize) -> bool {
        self.within.iter().all(|within| {
            let (rows, columns) = within.as_ref();
            let row = n.checked_div(d).and_then(|g| rows.get(g)).copied();
            let column = n.checked_rem(d).and_then(|s| columns.get(s)).copied();
            row == Some(true) || column == Some(true)
        })
    }
}

/// `ranges` as a trie, for lookups in O(32) whatever their number.
fn trie_of(ranges: &[Ipv4Net]) -> PrefixSet<Ipv4Net> {
    let mut trie: PrefixSet<Ipv4Net> = PrefixSet::new();
    for range in ranges {
        trie.insert(range.trunc());
    }
    trie
}

/// The pairs of the rows and columns hit, sorted: O(hit rows × D + G × hit
/// columns).
fn lines(rows: &[bool], columns: &[bool], d: usize) -> Vec<usize> {
    let g = rows.len();
    let mut out: Vec<usize> = Vec::new();
    for (gi, _) in rows.iter().enumerate().filter(|(_, hit)| **hit) {
        out.extend((0..d).map(|s| gi * d + s));
    }
    for (si, _) in columns.iter().enumerate().filter(|(_, hit)| **hit) {
        out.extend((0..g).map(|gi| gi * d + si));
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl Reach {
    /// Whether pair `n` of the universe is reached.
    fn holds(&self, u: &super::first_pass::Universe<'_>, n: usize) -> bool {
        if n >= u.len() {
            return false;
        }
        if self.all {
            return true;
        }
        let d = u.sources.len();
        let row = n.checked_div(d).and_then(|g| self.rows.get(g)).copied();
        let column = n.checked_rem(d).and_then(|s| self.columns.get(s)).copied();
        if row == Some(true) || column == Some(true) {
            return true;
        }
        self.parts
            .iter()
            .any(|part| part.meets_all(n, d) && u.meets(n, &part.ids))
    }
}
