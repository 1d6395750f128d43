//! Phase one of validation for the VPC and transit layer: each step parses
//! one list of the inventory into its arena, every value checked and every
//! reference resolved to a typed index (an unresolved one is an input error and
//! a `BAD` index that phase two never sees, since phase two runs only when
//! phase one found no error). Steps are independent and run in list order.

use ipnet::IpNet;

use super::check::{Cx, BAD};
use super::types::*;
use crate::model::{self, NextHopType, RouteOrigin, RouteStatus, TrAttachmentType};

impl Cx<'_> {
    /// VPCs: CIDRs (IPv4 and IPv6 apart), region, user CIDRs.
    pub(super) fn parse_vpcs(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, vpc) in inv.vpcs.iter().enumerate() {
            let account = self.account(&vpc.account, Kind::Vpc, i);
            let mut cidrs = Vec::new();
            let mut cidrs_v6 = Vec::new();
            for (c, text) in vpc.cidrs.iter().enumerate() {
                match self.cidr(text, Kind::Vpc, i, &format!("/cidrs/{c}")) {
                    Some(IpNet::V4(net)) => cidrs.push(net),
                    Some(net @ IpNet::V6(_)) => cidrs_v6.push(net),
                    None => {}
                }
            }
            if vpc.cidrs.is_empty() {
                self.err(
                    Kind::Vpc,
                    i,
                    "/cidrs",
                    "a VPC needs at least one CIDR",
                    None,
                );
            }
            if vpc.region.is_empty() {
                self.err(
                    Kind::Vpc,
                    i,
                    "/region",
                    "empty region",
                    Some("write the region id, e.g. `cn-hangzhou`".into()),
                );
            }
            let user_cidrs = self.cidrs4(
                vpc.user_cidrs.as_deref().unwrap_or(&[]),
                Kind::Vpc,
                i,
                "/user_cidrs",
            );
            v.vpcs.push(Vpc {
                id: vpc.id.clone(),
                name: vpc.name.clone(),
                account,
                region: vpc.region.clone(),
                cidrs,
                cidrs_v6,
                user_cidrs,
                vswitches: Vec::new(),
                system_table: RouteTableIx(BAD),
            });
        }
    }

    /// vSwitches: VPC, CIDR, custom route table.
    pub(super) fn parse_vswitches(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, vsw) in inv.vswitches.iter().enumerate() {
            let account = self.account(&vsw.account, Kind::VSwitch, i);
            let vpc = VpcIx(self.reference1(&vsw.vpc, Kind::Vpc, Kind::VSwitch, i, "/vpc"));
            let cidr = self
                .cidr4(&vsw.cidr, Kind::VSwitch, i, "/cidr")
                .unwrap_or_default();
            let table = match &vsw.route_table {
                Some(id) => RouteTableIx(self.reference1(
                    id,
                    Kind::RouteTable,
                    Kind::VSwitch,
                    i,
                    "/route_table",
                )),
                None => RouteTableIx(BAD),
            };
            v.vswitches.push(VSwitch {
                id: vsw.id.clone(),
                name: vsw.name.clone(),
                account,
                vpc,
                zone: vsw.zone.clone(),
                cidr,
                table,
            });
        }
    }

    /// VPC route tables and their routes: destinations, next hops (one, or ECMP), origin and status.
    pub(super) fn parse_route_tables(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, table) in inv.route_tables.iter().enumerate() {
            self.account(&table.account, Kind::RouteTable, i);
            let vpc = VpcIx(self.reference1(&table.vpc, Kind::Vpc, Kind::RouteTable, i, "/vpc"));
            let mut routes = Vec::new();
            for (r, route) in table.routes.iter().enumerate() {
                let at = format!("/routes/{r}");
                let destination = self.cidr(
                    &route.destination,
                    Kind::RouteTable,
                    i,
                    &format!("{at}/destination"),
                );
                let written: Vec<(String, &model::NextHop)> =
                    match (&route.next_hop, &route.next_hops) {
                        (Some(hop), None) => vec![(format!("{at}/next_hop"), hop)],
                        (None, Some(hops)) if !hops.is_empty() => hops
                            .iter()
                            .enumerate()
                            .map(|(h, hop)| (format!("{at}/next_hops/{h}"), hop))
                            .collect(),
                        (None, Some(_)) => {
                            self.err(
                                Kind::RouteTable,
                                i,
                                &format!("{at}/next_hops"),
                                "`next_hops` is empty",
                                None,
                            );
                            Vec::new()
                        }
                        (None, None) => {
                            self.err(
                                Kind::RouteTable,
                                i,
                                &at,
                                "a route needs `next_hop` (or `next_hops` for ECMP)",
                                None,
                            );
                            Vec::new()
                        }
                        (Some(_), Some(_)) => {
                            self.err(
                                Kind::RouteTable,
                                i,
                                &at,
                                "a route has both `next_hop` and `next_hops`",
                                Some("write one `next_hop`, or the ECMP list `next_hops`".into()),
                            );
                            Vec::new()
                        }
                    };
                let mut next_hops = Vec::new();
                for (pointer, hop) in written {
                    let rest = format!("{pointer}/id");
                    let resolved = match hop.kind {
                        NextHopType::NatGateway => NextHop::NatGateway(NatGatewayIx(
                            self.reference1(&hop.id, Kind::NatGateway, Kind::RouteTable, i, &rest),
                        )),
                        NextHopType::VpcPeer => NextHop::VpcPeer(PeeringIx(self.reference1(
                            &hop.id,
                            Kind::Peering,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::TrAttachment => {
                            NextHop::TrAttachment(AttachmentIx(self.reference1(
                                &hop.id,
                                Kind::TrAttachment,
                                Kind::RouteTable,
                                i,
                                &rest,
                            )))
                        }
                        NextHopType::VpnGateway => NextHop::VpnGateway(VpnGatewayIx(
                            self.reference1(&hop.id, Kind::VpnGateway, Kind::RouteTable, i, &rest),
                        )),
                        NextHopType::Vbr => NextHop::Vbr(VbrIx(self.reference1(
                            &hop.id,
                            Kind::Vbr,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::Instance => NextHop::Instance(EcsIx(self.reference1(
                            &hop.id,
                            Kind::EcsInstance,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::NetworkInterface => NextHop::NetworkInterface(hop.id.clone()),
                        NextHopType::Havip => NextHop::Havip(hop.id.clone()),
                        NextHopType::Ipv4Gateway => NextHop::Ipv4Gateway(hop.id.clone()),
                    };
                    next_hops.push(resolved);
                }
                if let Some(IpNet::V4(destination)) = destination {
                    routes.push(Route {
                        destination,
                        next_hops,
                        status: route.status.unwrap_or(RouteStatus::Available),
                        origin: route.origin.unwrap_or(RouteOrigin::Custom),
                        invalid: false,
                        index: r,
                    });
                }
            }
            v.route_tables.push(RouteTable {
                id: table.id.clone(),
                name: table.name.clone(),
                vpc,
                kind: table.kind,
                implied: false,
                routes,
            });
        }
    }

    /// VPC peering connections: both VPCs, status.
    pub(super) fn parse_peerings(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, peering) in inv.peering_connections.iter().enumerate() {
            self.account(&peering.account, Kind::Peering, i);
            let vpc = VpcIx(self.reference1(&peering.vpc, Kind::Vpc, Kind::Peering, i, "/vpc"));
            let peer_vpc =
                VpcIx(self.reference1(&peering.peer_vpc, Kind::Vpc, Kind::Peering, i, "/peer_vpc"));
            if peering.vpc == peering.peer_vpc {
                self.err(
                    Kind::Peering,
                    i,
                    "/peer_vpc",
                    format!(
                        "peering `{}` joins VPC `{}` to itself",
                        peering.id, peering.vpc
                    ),
                    None,
                );
            }
            v.peerings.push(Peering {
                id: peering.id.clone(),
                vpc,
                peer_vpc,
                status: peering.status,
                bandwidth_mbps: peering.bandwidth_mbps,
            });
        }
    }

    /// CENs: edition and inter-region bandwidths.
    pub(super) fn parse_cens(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, cen) in inv.cens.iter().enumerate() {
            let account = self.account(&cen.account, Kind::Cen, i);
            if cen.edition == model::CenEdition::Enterprise {
                if cen.attachments.is_some() {
                    self.err(
                        Kind::Cen,
                        i,
                        "/attachments",
                        "`attachments` belongs to basic-edition CENs",
                        Some("an enterprise CEN uses `transit_routers`, `tr_attachments` and `tr_route_tables`".into()),
                    );
                }
                if cen.bandwidth.is_some() {
                    self.err(
                        Kind::Cen,
                        i,
                        "/bandwidth",
                        "`bandwidth` belongs to basic-edition CENs",
                        Some("an enterprise CEN joins regions with `peer` attachments".into()),
                    );
                }
            }
            for (a, attachment) in cen.attachments.iter().flatten().enumerate() {
                let expected = match attachment.kind {
                    model::BasicAttachmentType::Vpc => Kind::Vpc,
                    model::BasicAttachmentType::Vbr => Kind::Vbr,
                };
                self.reference1(
                    &attachment.instance,
                    expected,
                    Kind::Cen,
                    i,
                    &format!("/attachments/{a}/instance"),
                );
            }
            for (b, bandwidth) in cen.bandwidth.iter().flatten().enumerate() {
                if bandwidth.regions.len() != 2
                    || bandwidth.regions.first() == bandwidth.regions.get(1)
                {
                    self.err(
                        Kind::Cen,
                        i,
                        &format!("/bandwidth/{b}/regions"),
                        "`regions` must name two different regions",
                        None,
                    );
                }
            }
            v.cens.push(Cen {
                id: cen.id.clone(),
                account,
                edition: cen.edition,
                transit_routers: Vec::new(),
            });
        }
    }

    /// Transit routers: CEN and region.
    pub(super) fn parse_transit_routers(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, tr) in inv.transit_routers.iter().enumerate() {
            let account = self.account(&tr.account, Kind::TransitRouter, i);
            let cen = CenIx(self.reference1(&tr.cen, Kind::Cen, Kind::TransitRouter, i, "/cen"));
            if let Some(c) = inv.cens.get(cen.ix()) {
                if c.edition == model::CenEdition::Basic {
                    self.err(
                        Kind::TransitRouter,
                        i,
                        "/cen",
                        format!(
                            "`{}` is a basic-edition CEN; its transit routers are implied",
                            c.id
                        ),
                        Some(
                            "list the networks in the CEN's `attachments`, or make it `enterprise`"
                                .into(),
                        ),
                    );
                }
            }
            v.transit_routers.push(TransitRouter {
                id: tr.id.clone(),
                cen,
                region: tr.region.clone(),
                account,
                implied: false,
                attachments: Vec::new(),
                tables: Vec::new(),
            });
        }
    }

    /// Transit-router attachments of every kind: what each attaches, its association and propagations.
    pub(super) fn parse_tr_attachments(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, att) in inv.tr_attachments.iter().enumerate() {
            self.account(&att.account, Kind::TrAttachment, i);
            let tr = TransitRouterIx(self.reference1(
                &att.transit_router,
                Kind::TransitRouter,
                Kind::TrAttachment,
                i,
                "/transit_router",
            ));
            let vpc_only = |field: &str| format!("`{field}` applies to `vpc` attachments only");
            if att.kind != TrAttachmentType::Vpc {
                for (field, present) in [
                    ("vswitches", att.vswitches.is_some()),
                    ("route_sync", att.route_sync.is_some()),
                    ("advertise", att.advertise.is_some()),
                ] {
                    if present {
                        self.err(
                            Kind::TrAttachment,
                            i,
                            &format!("/{field}"),
                            vpc_only(field),
                            None,
                        );
                    }
                }
            }
            if att.kind != TrAttachmentType::Peer && att.bandwidth_mbps.is_some() {
                self.err(
                    Kind::TrAttachment,
                    i,
                    "/bandwidth_mbps",
                    "`bandwidth_mbps` applies to `peer` attachments only",
                    None,
                );
            }
            let kind = match att.kind {
                TrAttachmentType::Vpc => {
                    let vpc = VpcIx(self.reference1(
                        &att.resource,
                        Kind::Vpc,
                        Kind::TrAttachment,
                        i,
                        "/resource",
                    ));
                    let vswitches = att
                        .vswitches
                        .iter()
                        .flatten()
                        .enumerate()
                        .map(|(s, id)| {
                            VSwitchIx(self.reference1(
                                id,
                                Kind::VSwitch,
                                Kind::TrAttachment,
                                i,
                                &format!("/vswitches/{s}"),
                            ))
                        })
                        .collect();
                    let advertise = self.cidrs4(
                        att.advertise.as_deref().unwrap_or(&[]),
                        Kind::TrAttachment,
                        i,
                        "/advertise",
                    );
                    AttachmentKind::Vpc {
                        vpc,
                        vswitches,
                        route_sync: att.route_sync.unwrap_or(false),
                        advertise,
                    }
                }
                TrAttachmentType::Vbr => AttachmentKind::Vbr(VbrIx(self.reference1(
                    &att.resource,
                    Kind::Vbr,
                    Kind::TrAttachment,
                    i,
                    "/resource",
                ))),
                TrAttachmentType::Vpn => AttachmentKind::Vpn(VpnConnectionIx(self.reference1(
                    &att.resource,
                    Kind::VpnConnection,
                    Kind::TrAttachment,
                    i,
                    "/resource",
                ))),
                TrAttachmentType::Peer => AttachmentKind::Peer {
                    remote: TransitRouterIx(self.reference1(
                        &att.resource,
                        Kind::TransitRouter,
                        Kind::TrAttachment,
                        i,
                        "/resource",
                    )),
                    bandwidth_mbps: att.bandwidth_mbps,
                },
            };
            v.tr_attachments.push(TrAttachment {
                id: att.id.clone(),
                tr,
                kind,
                status: att.status.unwrap_or(model::TrAttachmentStatus::Attached),
                implied: false,
                associated: None,
                propagates_to: Vec::new(),
                counterpart: None,
            });
        }
    }

    /// Transit-router route tables and their static routes.
    pub(super) fn parse_tr_route_tables(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, table) in inv.tr_route_tables.iter().enumerate() {
            self.account(&table.account, Kind::TrRouteTable, i);
            let tr = TransitRouterIx(self.reference1(
                &table.transit_router,
                Kind::TransitRouter,
                Kind::TrRouteTable,
                i,
                "/transit_router",
            ));
            let associations = table
                .associations
                .iter()
                .enumerate()
                .map(|(a, id)| {
                    AttachmentIx(self.reference1(
                        id,
                        Kind::TrAttachment,
                        Kind::TrRouteTable,
                        i,
                        &format!("/associations/{a}"),
                    ))
                })
                .collect();
            let propagations = table
                .propagations
                .iter()
                .enumerate()
                .map(|(a, id)| {
                    AttachmentIx(self.reference1(
                        id,
                        Kind::TrAttachment,
                        Kind::TrRouteTable,
                        i,
                        &format!("/propagations/{a}"),
                    ))
                })
                .collect();
            let mut routes = Vec::new();
            for (r, route) in table.routes.iter().enumerate() {
                let destination = self.cidr4(
                    &route.destination,
                    Kind::TrRouteTable,
                    i,
                    &format!("/routes/{r}/destination"),
                );
                let next_hop = match (route.next_hop.kind, &route.next_hop.id) {
                    (model::TrNextHopType::Attachment, Some(id)) => {
                        Some(AttachmentIx(self.reference1(
                            id,
                            Kind::TrAttachment,
                            Kind::TrRouteTable,
                            i,
                            &format!("/routes/{r}/next_hop/id"),
                        )))
                    }
                    (model::TrNextHopType::Attachment, None) => {
                        self.err(
                            Kind::TrRouteTable,
                            i,
                            &format!("/routes/{r}/next_hop"),
                            "an `attachment` next hop needs an `id`",
                            None,
                        );
                        None
                    }
                    (model::TrNextHopType::Blackhole, Some(_)) => {
                        self.err(
                            Kind::TrRouteTable,
                            i,
                            &format!("/routes/{r}/next_hop/id"),
                            "a `blackhole` next hop takes no `id`",
                            None,
                        );
                        None
                    }
                    (model::TrNextHopType::Blackhole, None) => None,
                };
                if let Some(destination) = destination {
                    routes.push(TrRoute {
                        destination,
                        next_hop,
                    });
                }
            }
            v.tr_route_tables.push(TrRouteTable {
                id: table.id.clone(),
                tr,
                implied: false,
                associations,
                propagations,
                routes,
            });
        }
    }
}
