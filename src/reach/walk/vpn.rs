//! The walk over IPsec VPN (semantics S3.3, S8.8): a VPN gateway picks a connection,
//! the connection must be established and hold the destination in its
//! remote CIDRs, and leads to the data center behind its customer gateway.
//!
//! Rules obeyed here: the gateway picks, among the connections whose local
//! CIDRs hold every source, the one with the most specific remote CIDR for
//! the destination (first in the gateway's list on a tie).

use std::borrow::Cow;

use ipnet::Ipv4Net;

use super::{Flow, Walk};
use crate::findings::diags::{self, Behind, Down, Lookup, NoRouteAt, PolicySide};
use crate::model::VpnConnectionStatus;
use crate::reach::fix;
use crate::route::split;
use crate::validate::{VpnConnectionIx, VpnGatewayIx};

impl Walk<'_, '_> {
    /// semantics S3.3, S8.8: a VPN gateway picks the connection for the destination.
    pub(super) fn vpn_gateway(&mut self, gateway: VpnGatewayIx, flow: Flow) {
        let v = self.v();
        let g = &v.vpn_gateways[gateway];
        let mut best: Option<(u8, VpnConnectionIx, Ipv4Net)> = None;
        for &c in &g.connections {
            let connection = &v.vpn_connections[c];
            let Some(remote) = connection
                .remote_cidrs
                .iter()
                .filter(|r| r.contains(&flow.dest))
                .max_by_key(|r| r.prefix_len())
            else {
                continue;
            };
            // Every source must be in the connection's local CIDRs (the
            // traffic selectors of the IPsec tunnel), or it does not enter it.
            let local_ok = flow
                .src
                .iter()
                .all(|s| connection.local_cidrs.iter().any(|l| l.contains(s)));
            // Strictly more specific wins: on a tie the first connection of
            // the gateway's list stays.
            if local_ok && best.is_none_or(|(len, _, _)| remote.prefix_len() > len) {
                best = Some((remote.prefix_len(), c, *remote));
            }
        }
        match best {
            // semantics S9.4, S9.8: a connection holds the destination in its remote
            // CIDRs but not the whole source in its local ones: the policy
            // mismatch, on the longest remote match (then the smallest id).
            None if self.policy_mismatch(&g.connections, &flow) => {}
            None => {
                let remedy = fix::vpn_gateway(self.e, gateway, flow.dest, &flow.src);
                let finding = self.route_missing(Lookup::VpnGateway {
                    gateway: &g.id,
                    dest: flow.dest,
                    sources: &flow.src,
                    remedy,
                });
                self.add(finding);
            }
            Some((_, c, remote)) => {
                let id: &str = &v.vpn_connections[c].id;
                self.hop(
                    &g.id,
                    None,
                    Some(remote.to_string()),
                    Some(id),
                    Some(flow.dest),
                    None,
                );
                self.vpn_connection(c, flow);
            }
        }
    }

    /// Whether a VPN connection is up; `link-down` when it is not.
    pub(super) fn vpn_established(&mut self, connection: VpnConnectionIx) -> bool {
        let c = &self.v().vpn_connections[connection];
        if c.status == VpnConnectionStatus::Established {
            return true;
        }
        self.add(diags::link_down(Down::Vpn { connection: &c.id }));
        false
    }

    /// A VPN connection toward its data center: it must be established and
    /// hold the destination in its remote CIDRs; the data center is the one
    /// behind its customer gateway.
    pub(super) fn vpn_connection(&mut self, connection: VpnConnectionIx, flow: Flow) {
        let v = self.v();
        let c = &v.vpn_connections[connection];
        self.transit.insert(Cow::Borrowed(&c.id));
        if !self.vpn_established(connection) {
            return;
        }
        if c.remote_cidrs.iter().any(|r| r.contains(&flow.dest))
            && self.policy_mismatch(&[connection], &flow)
        {
            return;
        }
        if !c.remote_cidrs.iter().any(|r| r.contains(&flow.dest)) {
            self.add(diags::no_route(NoRouteAt::VpnRemoteCidrs {
                connection: &c.id,
                dest: flow.dest,
                cidr: fix::destination_network(self.e, flow.dest),
            }));
            return;
        }
        match self.e.index.dc_behind_vpn(v, connection) {
            Some(dc) => self.data_center(dc, flow),
            None => self.add(diags::leaves_model(
                Behind::VpnConnection {
                    connection: &c.id,
                    customer_gateway: &v.customer_gateways[c.customer_gateway].id,
                },
                flow.dest,
            )),
        }
    }

    /// semantics S9.4, S9.8: among `connections` whose remote CIDRs hold the
    /// destination, the one with the longest matching remote prefix (then
    /// the smallest id); if its local CIDRs miss part of the source, records
    /// `vpn-policy-mismatch` naming that part and returns true.
    fn policy_mismatch(&mut self, connections: &[VpnConnectionIx], flow: &Flow) -> bool {
        let v = self.v();
        let chosen = connections
            .iter()
            .filter_map(|&c| {
                let connection = &v.vpn_connections[c];
                connection
                    .remote_cidrs
                    .iter()
                    .filter(|r| r.contains(&flow.dest))
                    .map(|r| r.prefix_len())
                    .max()
                    .map(|len| (len, connection))
            })
            .min_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        let Some((_, connection)) = chosen else {
            return false;
        };
        let missing = uncovered(&flow.src, &connection.local_cidrs);
        let Some(first) = flow
            .src
            .iter()
            .find(|s| !connection.local_cidrs.iter().any(|l| l.contains(*s)))
        else {
            return false;
        };
        self.add(diags::vpn_policy_mismatch(
            &connection.id,
            PolicySide::Local,
            flow.dest,
            &missing,
            *first,
        ));
        true
    }
}

/// The parts of `ranges` that no CIDR of `cidrs` holds, split where a CIDR lies
/// inside a range (CIDRs nest or are disjoint).
pub(super) fn uncovered(ranges: &[Ipv4Net], cidrs: &[Ipv4Net]) -> Vec<Ipv4Net> {
    let mut parts = Vec::new();
    for range in ranges {
        let has_inside = |p: Ipv4Net| cidrs.iter().any(|c| p.contains(c) && *c != p);
        for part in split(*range, &has_inside) {
            if !cidrs.iter().any(|c| c.contains(&part)) {
                parts.push(part);
            }
        }
    }
    super::dedup(parts)
}
