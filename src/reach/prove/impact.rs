//! Which pairs a change can affect ([`Impact`]): a route, whitelist, rule or
//! binding reaches the pairs that meet its prefix, data source, security
//! group or group; an association, a peering or a SNAT change the pairs whose
//! footprint holds its resources; a bandwidth or a peer attachment every pair.
//!
//! Invariant: an impact over-approximates (a pair it leaves out cannot be
//! changed by the change), so checking only the pairs it names is a proof.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

use ipnet::Ipv4Net;

use super::first_pass::encode;
use super::Prover;
use crate::findings::Change;
use crate::validate::{AttachmentIx, AttachmentKind, DsLocation, Kind};

/// Which pairs a change can affect.
#[derive(Debug, Clone, Default)]
pub(super) struct Impact {
    /// Every pair.
    all: bool,
    /// Pairs whose footprint holds one of these resources.
    ids: Vec<u32>,
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

impl Impact {
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
        self.ids.extend(&other.ids);
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
            Change::VpcRoute { table, .. } => Impact {
                ids: self.id(table),
                ..Impact::default()
            },
            Change::DcRoute { data_center, .. } => Impact {
                ids: self.id(data_center),
                ..Impact::default()
            },
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
            // Only traffic through that NAT gateway is translated.
            Change::SnatEntry { nat, .. } | Change::SnatIps { nat, .. } => Impact {
                ids: self.id(nat),
                ..Impact::default()
            },
            Change::AcceptPeering { peering } => Impact {
                ids: self.id(peering),
                ..Impact::default()
            },
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
            Change::TrAssociation { attachment, .. } => {
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
                match &att.kind {
                    AttachmentKind::Vpc { vpc, .. } => {
                        for t in v.route_tables.iter().filter(|t| t.vpc == *vpc) {
                            ids.extend(self.id(&t.id));
                        }
                    }
                    AttachmentKind::Vbr(vbr) => ids.extend(self.id(&v.vbrs[*vbr].id)),
                    AttachmentKind::Vpn(c) => ids.extend(self.id(&v.vpn_connections[*c].id)),
                    AttachmentKind::Peer { .. } => return Impact::all(),
                }
                Impact {
                    ids,
                    ..Impact::default()
                }
            }
            Change::CenBandwidth { .. } => Impact::all(),
        }
    }

    /// The pairs of the universe an impact can reach: O(G + D) for the rows and
    /// columns hit, then one pass over the footprints when resources are named.
    pub(super) fn affected(&self, impact: &Impact) -> Vec<usize> {
        let u = &self.universe;
        let reach = self.reach(impact);
        (0..u.len()).filter(|&n| reach.holds(u, n)).collect()
    }

    /// The rows (groups), columns (data sources) and resources an impact
    /// reaches, computed in O(G + D); [`Reach::holds`] then tests one pair.
    fn reach(&self, impact: &Impact) -> Reach {
        let v = self.valid;
        let u = &self.universe;
        if impact.all
            || impact.prefixes.iter().any(|x| {
                v.nat_gateways
                    .iter()
                    .any(|n| n.nat_ips.iter().any(|ip| x.contains(ip)))
            })
        {
            return Reach {
                all: true,
                ..Reach::default()
            };
        }
        let prefixes = &impact.prefixes;
        let overlaps = |net: &Ipv4Net| prefixes.iter().any(|x| x.contains(net) || net.contains(x));
        let rows: Vec<bool> = u
            .groups
            .iter()
            .map(|&rg| {
                let group = &v.resource_groups[rg];
                impact.groups.contains(&group.id)
                    || group
                        .bindings
                        .iter()
                        .any(|b| overlaps(&v.vswitches[b.vswitch].cidr))
                    || group
                        .public_ip
                        .is_some_and(|ip| prefixes.iter().any(|x| x.contains(&ip)))
            })
            .collect();
        let columns: Vec<bool> = u
            .sources
            .iter()
            .map(|&ds| {
                let source = &v.data_sources[ds];
                let guarded = |sg: &String| {
                    source
                        .security_groups
                        .iter()
                        .any(|s| v.security_groups[*s].id == *sg)
                        || matches!(source.location, DsLocation::Ecs(ecs)
                            if v.ecs_instances[ecs].security_groups.iter().any(|s| v.security_groups[*s].id == *sg))
                };
                impact.sources.contains(&source.id)
                    || impact.security_groups.iter().any(guarded)
                    || matches!(source.ip, IpAddr::V4(ip) if prefixes.iter().any(|x| x.contains(&ip)))
            })
            .collect();
        let ids: HashSet<u32> = impact.ids.iter().copied().collect();
        Reach {
            all: false,
            rows,
            columns,
            ids,
        }
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
    /// The pairs whose footprint holds one of these resources.
    ids: HashSet<u32>,
}

impl Reach {
    /// Whether pair `n` of the universe is reached.
    fn holds(&self, u: &super::first_pass::Universe, n: usize) -> bool {
        if n >= u.len() {
            return false;
        }
        if self.all {
            return true;
        }
        let d = u.sources.len();
        let row = n.checked_div(d).and_then(|g| self.rows.get(g)).copied();
        let column = n.checked_rem(d).and_then(|s| self.columns.get(s)).copied();
        row == Some(true)
            || column == Some(true)
            || (!self.ids.is_empty() && u.footprint(n).iter().any(|id| self.ids.contains(id)))
    }
}
