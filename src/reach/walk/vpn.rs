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
use crate::findings::diags::{self, Behind, Down, Lookup, NoRouteAt};
use crate::model::VpnConnectionStatus;
use crate::reach::fix;
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
}
