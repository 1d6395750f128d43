//! The return walk (semantics S5): replies from the data source's place back toward
//! the source range (or the NAT gateway's addresses), by the routes of the
//! place they start from.
//!
//! Rules obeyed here: a reply from a VPC or ECS instance starts in its
//! vSwitch's table; a reply from a data center follows the data center's own
//! routes (semantics S5.2), over a physical connection's VBR or a VPN connection whose
//! local CIDRs hold it; a reply toward a VPC NAT gateway's addresses ends on
//! entering the gateway's VPC, where the translation is reversed (semantics S5.1); a
//! reply delivered anywhere but the resource group's vSwitch (or the NAT
//! gateway's VPC) is `return-route-missing`.

use std::borrow::Cow;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::{host, net_text, DeliveredAt, Delivery, Dir, Entry, Flow, PlaceKey, Walk};
use crate::findings::diags::{self, Elsewhere, PolicySide, ReturnStop};
use crate::reach::fix;
use crate::route::split;
use crate::validate::{DataCenterIx, DataSourceIx, DsLocation, Via, VpcIx, VpnAttach};

impl Walk<'_, '_> {
    /// Starts the return walk from the data source's place toward `target`
    /// (the source range, or NAT IPs), with the data source's address as source.
    pub(in crate::reach) fn start_return(
        &mut self,
        ds: DataSourceIx,
        target: Ipv4Net,
        address: Ipv4Addr,
    ) {
        let v = self.v();
        let flow = Flow {
            dest: target,
            src: vec![host(address)],
            src_vsw: None,
            snat: None,
            depth: 0,
        };
        match v.data_sources[ds].location {
            DsLocation::Vpc(vpc, Some(vsw)) => {
                self.vpc(vpc, v.vswitches[vsw].table, Entry::Start, flow)
            }
            DsLocation::Ecs(ecs) => {
                let instance = &v.ecs_instances[ecs];
                self.vpc(
                    instance.vpc,
                    v.vswitches[instance.vswitch].table,
                    Entry::Start,
                    flow,
                )
            }
            DsLocation::DataCenter(dc) => self.dc_return(dc, flow),
            DsLocation::Vpc(_, None) | DsLocation::Internet | DsLocation::Classic => {}
        }
    }

    /// semantics S5.2: a reply from a data center, by its own routes.
    pub(super) fn dc_return(&mut self, dc: DataCenterIx, flow: Flow) {
        let v = self.v();
        let center = &v.data_centers[dc];
        if !self.enter(PlaceKey::Dc(dc), &center.id, &flow) {
            return;
        }
        let r = self.e.r;
        for part in split(flow.dest, &|p| r.dc_has_inside(dc, p)) {
            let mut flow = Flow {
                dest: part,
                ..flow.clone()
            };
            flow.depth += 1;
            match r.lookup_dc(dc, part) {
                None => {
                    let remedy = fix::dc_return(self.e, dc, part);
                    self.add(diags::return_route_missing(ReturnStop::DataCenterRoutes {
                        dc: &center.id,
                        part,
                        remedy,
                    }));
                }
                Some((prefix, mut vias)) => {
                    // ECMP branches in connection id order, not in input order (issue 8).
                    vias.sort_by_cached_key(|via| match via {
                        Via::PhysicalConnection(pc) => v.physical_connections[*pc].id.clone(),
                        Via::VpnConnection(vco) => v.vpn_connections[*vco].id.clone(),
                    });
                    for via in vias {
                        self.dc_via(dc, prefix, via, flow.clone());
                    }
                }
            }
        }
        self.leave();
    }

    /// One ECMP member of a data center's route back (semantics S5.2): over a physical
    /// connection into its VBR, or over a VPN connection whose local CIDRs
    /// must hold the reply, into the VPN gateway's VPC or the transit router.
    pub(super) fn dc_via(&mut self, dc: DataCenterIx, prefix: Ipv4Net, via: Via, flow: Flow) {
        let v = self.v();
        let center = &v.data_centers[dc];
        match via {
            Via::PhysicalConnection(pc) => {
                let connection = &v.physical_connections[pc];
                self.hop(
                    &center.id,
                    None,
                    Some(net_text(prefix)),
                    Some(&connection.id),
                    Some(flow.dest),
                    None,
                );
                self.transit.insert(Cow::Borrowed(&connection.id));
                let Some(&vbr) = connection.vbrs.first() else {
                    self.add(diags::return_route_missing(ReturnStop::NoVbr {
                        connection: &connection.id,
                        dest: flow.dest,
                        dc: &center.id,
                    }));
                    return;
                };
                self.vbr(vbr, flow);
            }
            Via::VpnConnection(c) => {
                let connection = &v.vpn_connections[c];
                self.hop(
                    &center.id,
                    None,
                    Some(net_text(prefix)),
                    Some(&connection.id),
                    Some(flow.dest),
                    None,
                );
                self.transit.insert(Cow::Borrowed(&connection.id));
                if !self.vpn_established(c) {
                    return;
                }
                // The reply must fall in the connection's local CIDRs (semantics S5.2).
                let locals = connection.local_cidrs.clone();
                let has_inside = |p: Ipv4Net| locals.iter().any(|l| p.contains(l) && *l != p);
                for part in split(flow.dest, &has_inside) {
                    let flow = Flow {
                        dest: part,
                        ..flow.clone()
                    };
                    if !locals.iter().any(|l| l.contains(&part)) {
                        self.add(diags::return_route_missing(ReturnStop::OutsideLocalCidrs {
                            connection: &connection.id,
                            part,
                        }));
                        continue;
                    }
                    // semantics S9.4, S9.8: inside the local CIDRs, a data-source
                    // address outside the remote CIDRs is the policy mismatch.
                    let missing = super::vpn::uncovered(&flow.src, &connection.remote_cidrs);
                    if let Some(first) = missing.first() {
                        self.add(diags::vpn_policy_mismatch(
                            &connection.id,
                            PolicySide::Remote,
                            part,
                            &missing,
                            fix::destination_network(self.e, *first),
                        ));
                        continue;
                    }
                    match connection.attach {
                        VpnAttach::Gateway(g) => {
                            let gateway = &v.vpn_gateways[g];
                            self.hop(
                                &gateway.id,
                                None,
                                None,
                                None,
                                Some(part),
                                Some("VPN gateway".into()),
                            );
                            self.vpc(
                                gateway.vpc,
                                v.vpcs[gateway.vpc].system_table,
                                Entry::Gateway,
                                flow,
                            );
                        }
                        VpnAttach::TransitRouter(tr) => {
                            let attachment = self.e.index.vpn_attachment(c);
                            match attachment {
                                Some(a) => self.attachment_out(a, flow),
                                None => self.add(diags::return_route_missing(
                                    ReturnStop::NoVpnAttachment {
                                        connection: &connection.id,
                                        tr: &v.transit_routers[tr].id,
                                    },
                                )),
                            }
                        }
                    }
                }
            }
        }
    }
    /// semantics S5.1: on the way back toward a VPC NAT gateway's addresses, entering
    /// the gateway's VPC ends the walk (the gateway reverses the translation
    /// there). True when `flow` was delivered so.
    pub(super) fn reply_reached_nat(&mut self, vpc: VpcIx, flow: &Flow) -> bool {
        let (Dir::Return, Some((nat_vpc, nat))) = (self.dir, self.nat_target) else {
            return false;
        };
        if nat_vpc != vpc {
            return false;
        }
        let v = self.v();
        self.transit.insert(Cow::Borrowed(&v.nat_gateways[nat].id));
        self.hop(
            &v.vpcs[vpc].id,
            None,
            None,
            None,
            Some(flow.dest),
            Some("reply reaches the NAT gateway's VPC; the translation is reversed there".into()),
        );
        self.deliveries.push(Delivery {
            at: DeliveredAt::NatVpc(vpc),
            range: flow.dest,
            src: flow.src.clone(),
            snat: flow.snat,
        });
        true
    }

    /// A reply delivered at `at`: true (and `return-route-missing`) when that
    /// is not where the reply must go, the resource group's vSwitch, or with
    /// a VPC NAT gateway any place of the gateway's VPC.
    pub(super) fn reply_misdelivered(&mut self, at: DeliveredAt, flow: &Flow) -> bool {
        let Some((source, _)) = self.source else {
            // A return walk with no resource group to return to delivers nothing.
            return true;
        };
        let v = self.v();
        let ok = match (at, self.nat_target) {
            (DeliveredAt::VSwitch(vsw), None) => vsw == source,
            (DeliveredAt::VSwitch(vsw), Some((nat_vpc, _))) => v.vswitches[vsw].vpc == nat_vpc,
            (DeliveredAt::NatVpc(_), Some(_)) => true,
            _ => false,
        };
        if ok {
            return false;
        }
        let place = match at {
            DeliveredAt::VSwitch(vsw) => Elsewhere::VSwitch(&v.vswitches[vsw].id),
            DeliveredAt::DataCenter(dc) => Elsewhere::DataCenter(&v.data_centers[dc].id),
            DeliveredAt::Internet => Elsewhere::Internet,
            DeliveredAt::CloudServices(vpc) => Elsewhere::CloudServices(&v.vpcs[vpc].id),
            DeliveredAt::NatVpc(vpc) => Elsewhere::Vpc(&v.vpcs[vpc].id),
        };
        // The finding is on the last table looked up (else the last place).
        let resource = self
            .hops
            .last()
            .and_then(|h| h.table.clone().or_else(|| Some(h.at.clone())))
            .unwrap_or_default();
        let finding = diags::return_route_missing(ReturnStop::DeliveredElsewhere {
            resource: &resource,
            dest: flow.dest,
            place,
            target: &v.vswitches[source].id,
        });
        self.add(finding);
        true
    }
}
