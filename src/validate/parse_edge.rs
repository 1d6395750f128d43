//! Phase one of validation for NAT, VPN, VBR, data centers, hosts, resource
//! groups and data sources: each step parses one list of the inventory into its
//! arena, as in `parse_network`. The arrival-side helpers (`port_range`,
//! `location`) are here because security groups and data sources use them.

use std::net::{IpAddr, Ipv4Addr};

use super::check::{Cx, BAD};
use super::types::*;
use crate::model::{self, ResourceGroupType};

impl Cx<'_> {
    /// NAT gateways: VPC, vSwitch, SNAT entries and their addresses.
    pub(super) fn parse_nat_gateways(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, nat) in inv.nat_gateways.iter().enumerate() {
            self.account(&nat.account, Kind::NatGateway, i);
            let vpc = VpcIx(self.reference1(&nat.vpc, Kind::Vpc, Kind::NatGateway, i, "/vpc"));
            let vswitch = VSwitchIx(self.reference1(
                &nat.vswitch,
                Kind::VSwitch,
                Kind::NatGateway,
                i,
                "/vswitch",
            ));
            let eips = nat
                .eips
                .iter()
                .flatten()
                .enumerate()
                .map(|(e, id)| {
                    EipIx(self.reference1(
                        id,
                        Kind::Eip,
                        Kind::NatGateway,
                        i,
                        &format!("/eips/{e}"),
                    ))
                })
                .collect();
            let nat_ips = nat
                .nat_ips
                .iter()
                .flatten()
                .enumerate()
                .filter_map(|(n, text)| {
                    self.address4(text, Kind::NatGateway, i, &format!("/nat_ips/{n}"))
                })
                .collect();
            let mut snat_entries = Vec::new();
            for (s, entry) in nat.snat_entries.iter().enumerate() {
                let at = format!("/snat_entries/{s}");
                let source = match (&entry.source_vswitch, &entry.source_cidr) {
                    (Some(id), None) => Some(SnatSource::VSwitch(VSwitchIx(self.reference1(
                        id,
                        Kind::VSwitch,
                        Kind::NatGateway,
                        i,
                        &format!("{at}/source_vswitch"),
                    )))),
                    (None, Some(text)) => self
                        .cidr4(text, Kind::NatGateway, i, &format!("{at}/source_cidr"))
                        .map(SnatSource::Cidr),
                    _ => {
                        self.err(
                            Kind::NatGateway,
                            i,
                            &at,
                            "a SNAT entry needs exactly one of `source_vswitch` and `source_cidr`",
                            None,
                        );
                        None
                    }
                };
                let snat_ips: Vec<Ipv4Addr> = entry
                    .snat_ips
                    .iter()
                    .enumerate()
                    .filter_map(|(n, text)| {
                        self.address4(text, Kind::NatGateway, i, &format!("{at}/snat_ips/{n}"))
                    })
                    .collect();
                if entry.snat_ips.is_empty() {
                    self.err(
                        Kind::NatGateway,
                        i,
                        &format!("{at}/snat_ips"),
                        "a SNAT entry needs at least one address in `snat_ips`",
                        None,
                    );
                }
                if let Some(source) = source {
                    let id = entry
                        .id
                        .clone()
                        .unwrap_or_else(|| format!("{}#snat{s}", nat.id));
                    snat_entries.push(SnatEntry {
                        id,
                        source,
                        snat_ips,
                    });
                }
            }
            v.nat_gateways.push(NatGateway {
                id: nat.id.clone(),
                vpc,
                vswitch,
                kind: nat.kind,
                eips,
                nat_ips,
                snat_entries,
            });
        }
    }

    /// Elastic IP addresses and what each is bound to.
    pub(super) fn parse_eips(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, eip) in inv.eips.iter().enumerate() {
            self.account(&eip.account, Kind::Eip, i);
            let ip = self
                .address(&eip.ip, Kind::Eip, i, "/ip")
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            let bound_to = match &eip.bound_to {
                Some(id) => match self.reference(
                    id,
                    &[Kind::NatGateway, Kind::EcsInstance],
                    Kind::Eip,
                    i,
                    "/bound_to",
                ) {
                    Some(target) => match self.ids.get(id.as_str()) {
                        Some((Kind::NatGateway, _)) => {
                            Some(EipTarget::NatGateway(NatGatewayIx::at(target)))
                        }
                        _ => Some(EipTarget::EcsInstance(EcsIx::at(target))),
                    },
                    None => None,
                },
                None => None,
            };
            v.eips.push(Eip {
                id: eip.id.clone(),
                ip,
                bound_to,
            });
        }
    }

    /// VPN gateways: VPC.
    pub(super) fn parse_vpn_gateways(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, gateway) in inv.vpn_gateways.iter().enumerate() {
            self.account(&gateway.account, Kind::VpnGateway, i);
            let vpc = VpcIx(self.reference1(&gateway.vpc, Kind::Vpc, Kind::VpnGateway, i, "/vpc"));
            v.vpn_gateways.push(VpnGateway {
                id: gateway.id.clone(),
                vpc,
                connections: Vec::new(),
            });
        }
    }

    /// Customer gateways: address, data center.
    pub(super) fn parse_customer_gateways(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, cgw) in inv.customer_gateways.iter().enumerate() {
            self.account(&cgw.account, Kind::CustomerGateway, i);
            let ip = self
                .address(&cgw.ip, Kind::CustomerGateway, i, "/ip")
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            let data_center = cgw.data_center.as_ref().map(|id| {
                DataCenterIx(self.reference1(
                    id,
                    Kind::DataCenter,
                    Kind::CustomerGateway,
                    i,
                    "/data_center",
                ))
            });
            v.customer_gateways.push(CustomerGateway {
                id: cgw.id.clone(),
                ip,
                data_center,
            });
        }
    }

    /// IPsec connections: gateway or transit router, customer gateway, local and remote CIDRs.
    pub(super) fn parse_vpn_connections(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, vco) in inv.vpn_connections.iter().enumerate() {
            self.account(&vco.account, Kind::VpnConnection, i);
            let attach = match (&vco.vpn_gateway, &vco.transit_router) {
                (Some(id), None) => VpnAttach::Gateway(VpnGatewayIx(self.reference1(
                    id,
                    Kind::VpnGateway,
                    Kind::VpnConnection,
                    i,
                    "/vpn_gateway",
                ))),
                (None, Some(id)) => {
                    if vco.publish_to_vpc.is_some() {
                        self.err(
                            Kind::VpnConnection,
                            i,
                            "/publish_to_vpc",
                            "`publish_to_vpc` applies to connections on a VPN gateway",
                            None,
                        );
                    }
                    VpnAttach::TransitRouter(TransitRouterIx(self.reference1(
                        id,
                        Kind::TransitRouter,
                        Kind::VpnConnection,
                        i,
                        "/transit_router",
                    )))
                }
                _ => {
                    self.err(
                        Kind::VpnConnection,
                        i,
                        "",
                        "a VPN connection needs exactly one of `vpn_gateway` and `transit_router`",
                        None,
                    );
                    VpnAttach::Gateway(VpnGatewayIx(BAD))
                }
            };
            let customer_gateway = CustomerGatewayIx(self.reference1(
                &vco.customer_gateway,
                Kind::CustomerGateway,
                Kind::VpnConnection,
                i,
                "/customer_gateway",
            ));
            let local_cidrs = self.cidrs4(&vco.local_cidrs, Kind::VpnConnection, i, "/local_cidrs");
            let remote_cidrs =
                self.cidrs4(&vco.remote_cidrs, Kind::VpnConnection, i, "/remote_cidrs");
            v.vpn_connections.push(VpnConnection {
                id: vco.id.clone(),
                attach,
                customer_gateway,
                local_cidrs,
                remote_cidrs,
                status: vco.status,
                publish_to_vpc: vco.publish_to_vpc.unwrap_or(false),
            });
        }
    }

    /// Virtual border routers: physical connection, routes, interconnect addresses.
    pub(super) fn parse_vbrs(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, vbr) in inv.vbrs.iter().enumerate() {
            let account = self.account(&vbr.account, Kind::Vbr, i);
            let physical_connection = PhysicalConnectionIx(self.reference1(
                &vbr.physical_connection,
                Kind::PhysicalConnection,
                Kind::Vbr,
                i,
                "/physical_connection",
            ));
            let mut routes = Vec::new();
            for (r, route) in vbr.routes.iter().enumerate() {
                let destination = self.cidr4(
                    &route.destination,
                    Kind::Vbr,
                    i,
                    &format!("/routes/{r}/destination"),
                );
                let pc = PhysicalConnectionIx(self.reference1(
                    &route.next_hop.id,
                    Kind::PhysicalConnection,
                    Kind::Vbr,
                    i,
                    &format!("/routes/{r}/next_hop/id"),
                ));
                if route.next_hop.id != vbr.physical_connection && pc.0 != BAD {
                    self.err(
                        Kind::Vbr,
                        i,
                        &format!("/routes/{r}/next_hop/id"),
                        format!(
                            "`{}` is not the physical connection of VBR `{}` (`{}`)",
                            route.next_hop.id, vbr.id, vbr.physical_connection
                        ),
                        Some(
                            "a VBR route's next hop must be the VBR's own physical connection"
                                .into(),
                        ),
                    );
                }
                if let Some(destination) = destination {
                    routes.push(VbrRoute {
                        destination,
                        physical_connection: pc,
                    });
                }
            }
            let local_ip = vbr
                .local_ip
                .as_ref()
                .and_then(|text| self.address4(text, Kind::Vbr, i, "/local_ip"));
            if let Some(text) = &vbr.peer_ip {
                self.address4(text, Kind::Vbr, i, "/peer_ip");
            }
            v.vbrs.push(Vbr {
                id: vbr.id.clone(),
                region: vbr.region.clone(),
                account,
                physical_connection,
                status: vbr.status,
                local_ip,
                routes,
            });
        }
    }

    /// Physical connections (Express Connect lines).
    pub(super) fn parse_physical_connections(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, pc) in inv.physical_connections.iter().enumerate() {
            self.account(&pc.account, Kind::PhysicalConnection, i);
            let data_center = pc.data_center.as_ref().map(|id| {
                DataCenterIx(self.reference1(
                    id,
                    Kind::DataCenter,
                    Kind::PhysicalConnection,
                    i,
                    "/data_center",
                ))
            });
            v.physical_connections.push(PhysicalConnection {
                id: pc.id.clone(),
                data_center,
                status: pc.status,
                vbrs: Vec::new(),
            });
        }
    }

    /// Data centers: CIDRs and the routes back to the cloud.
    pub(super) fn parse_data_centers(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, dc) in inv.data_centers.iter().enumerate() {
            let account = self.account(&dc.account, Kind::DataCenter, i);
            let cidrs = self.cidrs4(&dc.cidrs, Kind::DataCenter, i, "/cidrs");
            if dc.cidrs.is_empty() {
                self.err(
                    Kind::DataCenter,
                    i,
                    "/cidrs",
                    "a data center needs at least one CIDR",
                    None,
                );
            }
            let mut routes = Vec::new();
            for (r, route) in dc.routes.iter().enumerate() {
                let destination = self.cidr4(
                    &route.destination,
                    Kind::DataCenter,
                    i,
                    &format!("/routes/{r}/destination"),
                );
                let via = self.reference(
                    &route.via,
                    &[Kind::PhysicalConnection, Kind::VpnConnection],
                    Kind::DataCenter,
                    i,
                    &format!("/routes/{r}/via"),
                );
                if let (Some(destination), Some(target)) = (destination, via) {
                    let via = match self.ids.get(route.via.as_str()) {
                        Some((Kind::PhysicalConnection, _)) => {
                            Via::PhysicalConnection(PhysicalConnectionIx::at(target))
                        }
                        _ => Via::VpnConnection(VpnConnectionIx::at(target)),
                    };
                    routes.push(DataCenterRoute { destination, via });
                }
            }
            v.data_centers.push(DataCenter {
                id: dc.id.clone(),
                name: dc.name.clone(),
                account,
                cidrs,
                routes,
            });
        }
    }

    /// ECS instances: vSwitch, addresses, security groups.
    pub(super) fn parse_ecs_instances(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, ecs) in inv.ecs_instances.iter().enumerate() {
            let account = self.account(&ecs.account, Kind::EcsInstance, i);
            let vswitch = VSwitchIx(self.reference1(
                &ecs.vswitch,
                Kind::VSwitch,
                Kind::EcsInstance,
                i,
                "/vswitch",
            ));
            let private_ips = ecs
                .private_ips
                .iter()
                .enumerate()
                .filter_map(|(p, text)| {
                    self.address(text, Kind::EcsInstance, i, &format!("/private_ips/{p}"))
                })
                .collect();
            if ecs.private_ips.is_empty() {
                self.err(
                    Kind::EcsInstance,
                    i,
                    "/private_ips",
                    "an ECS instance needs at least one private address",
                    None,
                );
            }
            let public_ip = ecs
                .public_ip
                .as_ref()
                .and_then(|text| self.address(text, Kind::EcsInstance, i, "/public_ip"));
            let security_groups = ecs
                .security_groups
                .iter()
                .enumerate()
                .map(|(s, id)| {
                    SecurityGroupIx(self.reference1(
                        id,
                        Kind::SecurityGroup,
                        Kind::EcsInstance,
                        i,
                        &format!("/security_groups/{s}"),
                    ))
                })
                .collect();
            v.ecs_instances.push(EcsInstance {
                id: ecs.id.clone(),
                account,
                vswitch,
                vpc: VpcIx(BAD),
                private_ips,
                public_ip,
                security_groups,
            });
        }
    }

    /// Security groups and their rules (direction, policy, protocol, ports, priority).
    pub(super) fn parse_security_groups(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, sg) in inv.security_groups.iter().enumerate() {
            self.account(&sg.account, Kind::SecurityGroup, i);
            let vpc = VpcIx(self.reference1(&sg.vpc, Kind::Vpc, Kind::SecurityGroup, i, "/vpc"));
            let mut rules = Vec::new();
            for (r, rule) in sg.rules.iter().enumerate() {
                let at = format!("/rules/{r}");
                let ports = self.port_range(&rule.port_range, i, &format!("{at}/port_range"));
                if !(1..=100).contains(&rule.priority) {
                    self.err(
                        Kind::SecurityGroup,
                        i,
                        &format!("{at}/priority"),
                        format!("priority {} is out of range", rule.priority),
                        Some("security-group priorities run from 1 (first) to 100".into()),
                    );
                }
                let source = rule.source_cidr.as_ref().and_then(|text| {
                    self.cidr(text, Kind::SecurityGroup, i, &format!("{at}/source_cidr"))
                });
                if let Some(text) = &rule.dest_cidr {
                    self.cidr(text, Kind::SecurityGroup, i, &format!("{at}/dest_cidr"));
                }
                if let Some(ports) = ports {
                    rules.push(SecurityGroupRule {
                        direction: rule.direction,
                        policy: rule.policy,
                        protocol: rule.protocol,
                        ports,
                        source,
                        priority: rule.priority,
                        index: r,
                    });
                }
            }
            v.security_groups.push(SecurityGroup {
                id: sg.id.clone(),
                vpc,
                rules,
            });
        }
    }

    /// Resource groups: kind, bindings, route lists, public address.
    pub(super) fn parse_resource_groups(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, rg) in inv.resource_groups.iter().enumerate() {
            let account = self.account(&rg.account, Kind::ResourceGroup, i);
            // semantics S9.8: an old-version group without bindings reaches the
            // internet alone; a serverless group has no network without one.
            if rg.networks.is_empty() && rg.kind == ResourceGroupType::Serverless {
                self.err(
                    Kind::ResourceGroup,
                    i,
                    "/networks",
                    "a serverless resource group needs at least one network binding",
                    Some(
                        "bind the group to a VPC and vSwitch: `{\"vpc\": …, \"vswitch\": …}`"
                            .into(),
                    ),
                );
            }
            let mut bindings = Vec::new();
            for (b, binding) in rg.networks.iter().enumerate() {
                let at = format!("/networks/{b}");
                let vpc = VpcIx(self.reference1(
                    &binding.vpc,
                    Kind::Vpc,
                    Kind::ResourceGroup,
                    i,
                    &format!("{at}/vpc"),
                ));
                let vswitch = VSwitchIx(self.reference1(
                    &binding.vswitch,
                    Kind::VSwitch,
                    Kind::ResourceGroup,
                    i,
                    &format!("{at}/vswitch"),
                ));
                let routes = binding.routes.as_ref().map(|routes| {
                    self.cidrs4(routes, Kind::ResourceGroup, i, &format!("{at}/routes"))
                });
                bindings.push(Binding {
                    vpc,
                    vswitch,
                    routes,
                });
            }
            let public_ip = rg
                .public_ip
                .as_ref()
                .and_then(|text| self.address4(text, Kind::ResourceGroup, i, "/public_ip"));
            if let Some(address) = public_ip {
                if !super::is_public(address) {
                    self.err(
                        Kind::ResourceGroup,
                        i,
                        "/public_ip",
                        format!("`{address}` is not a public address"),
                        Some("`public_ip` is the group's own internet egress address".into()),
                    );
                }
            }
            v.resource_groups.push(ResourceGroup {
                id: rg.id.clone(),
                name: rg.name.clone(),
                account,
                kind: rg.kind,
                region: rg.region.clone(),
                bindings,
                public_ip,
            });
        }
    }

    /// Data sources: address, port, location, whitelist, security groups.
    pub(super) fn parse_data_sources(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, ds) in inv.data_sources.iter().enumerate() {
            let account = self.account(&ds.account, Kind::DataSource, i);
            let ip = self.address(&ds.ip, Kind::DataSource, i, "/ip");
            let port = match u16::try_from(ds.port) {
                Ok(port) if port >= 1 => port,
                _ => {
                    self.err(
                        Kind::DataSource,
                        i,
                        "/port",
                        format!("port {} is out of range", ds.port),
                        Some("ports run from 1 to 65535".into()),
                    );
                    0
                }
            };
            let location = self.location(&ds.location, i);
            let whitelist = ds.whitelist.as_ref().map(|list| {
                list.iter()
                    .enumerate()
                    .filter_map(|(w, text)| {
                        self.cidr(text, Kind::DataSource, i, &format!("/whitelist/{w}"))
                    })
                    .collect()
            });
            let security_groups = ds
                .security_groups
                .iter()
                .flatten()
                .enumerate()
                .map(|(s, id)| {
                    SecurityGroupIx(self.reference1(
                        id,
                        Kind::SecurityGroup,
                        Kind::DataSource,
                        i,
                        &format!("/security_groups/{s}"),
                    ))
                })
                .collect();
            v.data_sources.push(DataSource {
                id: ds.id.clone(),
                name: ds.name.clone(),
                account,
                kind: ds.kind.clone(),
                host: ds.host.clone(),
                ip: ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
                port,
                protocol: ds.protocol.unwrap_or(model::DataSourceProtocol::Tcp),
                location: location.unwrap_or(DsLocation::Classic),
                whitelist,
                security_groups,
            });
        }
    }

    /// Tasks (semantics S9.1, S9.8): their resource group and data sources resolved,
    /// `destination` only on `sync` tasks and never the source itself.
    pub(super) fn parse_tasks(&mut self, v: &mut ValidInventory) {
        let inv = self.inv;
        for (i, task) in inv.tasks.iter().enumerate() {
            let resource_group = ResourceGroupIx(self.reference1(
                &task.resource_group,
                Kind::ResourceGroup,
                Kind::Task,
                i,
                "/resource_group",
            ));
            let source = DataSourceIx(self.reference1(
                &task.source,
                Kind::DataSource,
                Kind::Task,
                i,
                "/source",
            ));
            let destination = task.destination.as_ref().and_then(|id| {
                if task.kind != model::TaskType::Sync {
                    self.err(
                        Kind::Task,
                        i,
                        "/destination",
                        format!(
                            "a `{}` task has no destination (only `sync` tasks do)",
                            task.kind.as_str()
                        ),
                        Some(format!(
                            "remove `destination`, or make the task `\"type\": \"sync\"` if it writes to `{id}`"
                        )),
                    );
                    return None;
                }
                if *id == task.source {
                    self.err(
                        Kind::Task,
                        i,
                        "/destination",
                        format!("the task's destination `{id}` is also its source"),
                        Some(
                            "a sync task reads one data source and writes another; remove `destination` if it writes to a DataWorks-internal target".into(),
                        ),
                    );
                    return None;
                }
                Some(DataSourceIx(self.reference1(
                    id,
                    Kind::DataSource,
                    Kind::Task,
                    i,
                    "/destination",
                )))
            });
            v.tasks.push(Task {
                id: task.id.clone(),
                name: task.name.clone(),
                kind: task.kind,
                resource_group,
                source,
                destination,
            });
        }
    }

    // ---- helpers of the steps above ----

    fn port_range(&mut self, text: &str, index: usize, rest: &str) -> Option<PortRange> {
        if text == "-1/-1" {
            return Some(PortRange::ALL);
        }
        let parsed = text
            .split_once('/')
            .and_then(|(from, to)| Some((from.parse::<u32>().ok()?, to.parse::<u32>().ok()?)));
        match parsed {
            Some((from, to))
                if (1..=65535).contains(&from) && (1..=65535).contains(&to) && from <= to =>
            {
                Some(PortRange {
                    from: from as u16,
                    to: to as u16,
                })
            }
            Some((from, to)) => {
                let hint = if from > to {
                    "the first port must not exceed the last"
                } else {
                    "ports run from 1 to 65535; `-1/-1` means every port"
                };
                self.err(
                    Kind::SecurityGroup,
                    index,
                    rest,
                    format!("port range `{text}` is out of range"),
                    Some(hint.to_string()),
                );
                None
            }
            None => {
                self.err(
                    Kind::SecurityGroup,
                    index,
                    rest,
                    format!("invalid port range `{text}`"),
                    Some("write `start/end`, e.g. `3306/3306`, or `-1/-1` for every port".into()),
                );
                None
            }
        }
    }

    fn location(&mut self, location: &model::Location, i: usize) -> Option<DsLocation> {
        let mut variants = Vec::new();
        if location.vpc.is_some() {
            variants.push("vpc");
        }
        if location.ecs_instance.is_some() {
            variants.push("ecs_instance");
        }
        if location.data_center.is_some() {
            variants.push("data_center");
        }
        if location.internet.is_some() {
            variants.push("internet");
        }
        if location.classic.is_some() {
            variants.push("classic");
        }
        if variants.len() != 1 {
            let found = if variants.is_empty() {
                "none".to_string()
            } else {
                variants.join(", ")
            };
            self.err(
                Kind::DataSource,
                i,
                "/location",
                format!("`location` must have exactly one of `vpc`, `ecs_instance`, `data_center`, `internet`, `classic`; found {found}"),
                Some("for example `{\"vpc\": \"vpc-…\"}` or `{\"internet\": true}`".into()),
            );
            return None;
        }
        if let Some(id) = &location.vpc {
            return self
                .reference(id, &[Kind::Vpc], Kind::DataSource, i, "/location/vpc")
                .map(|v| DsLocation::Vpc(VpcIx::at(v), None));
        }
        if let Some(id) = &location.ecs_instance {
            return self
                .reference(
                    id,
                    &[Kind::EcsInstance],
                    Kind::DataSource,
                    i,
                    "/location/ecs_instance",
                )
                .map(|e| DsLocation::Ecs(EcsIx::at(e)));
        }
        if let Some(id) = &location.data_center {
            return self
                .reference(
                    id,
                    &[Kind::DataCenter],
                    Kind::DataSource,
                    i,
                    "/location/data_center",
                )
                .map(|d| DsLocation::DataCenter(DataCenterIx::at(d)));
        }
        for (name, value, place) in [
            ("internet", location.internet, DsLocation::Internet),
            ("classic", location.classic, DsLocation::Classic),
        ] {
            if let Some(value) = value {
                if !value {
                    self.err(
                        Kind::DataSource,
                        i,
                        &format!("/location/{name}"),
                        format!("`{name}` must be `true`"),
                        None,
                    );
                    return None;
                }
                return Some(place);
            }
        }
        None
    }
}
