//! Finishing the hybrid family, the links to data centers: VPN gateways,
//! customer gateways and IPsec connections; physical connections and VBRs
//! (with the routes toward the data center read in [`super::network`]).

use super::*;

const VPN_GATEWAY_STATUS: &[(&str, VpnGatewayStatus)] = &[
    ("init", VpnGatewayStatus::Init),
    ("provisioning", VpnGatewayStatus::Provisioning),
    ("active", VpnGatewayStatus::Active),
    ("updating", VpnGatewayStatus::Updating),
    ("deleting", VpnGatewayStatus::Deleting),
];

const VPN_CONNECTION_STATUS: &[(&str, VpnConnectionStatus)] = &[
    ("ipsec_sa_established", VpnConnectionStatus::Established),
    ("ipsec_sa_not_established", VpnConnectionStatus::Down),
    ("ike_sa_established", VpnConnectionStatus::Down),
    ("ike_sa_not_established", VpnConnectionStatus::Down),
];

const VBR_STATUS: &[(&str, VbrStatus)] = &[
    ("active", VbrStatus::Active),
    ("unconfirmed", VbrStatus::Unconfirmed),
    ("terminating", VbrStatus::Terminating),
    ("terminated", VbrStatus::Terminated),
    ("recovering", VbrStatus::Recovering),
    ("deleting", VbrStatus::Deleting),
];

const PHYSICAL_CONNECTION_STATUS: &[(&str, PhysicalConnectionStatus)] = &[
    ("Enabled", PhysicalConnectionStatus::Enabled),
    ("Initial", PhysicalConnectionStatus::Initial),
    ("Approved", PhysicalConnectionStatus::Approved),
    ("Allocating", PhysicalConnectionStatus::Allocating),
    ("Allocated", PhysicalConnectionStatus::Allocated),
    ("Confirmed", PhysicalConnectionStatus::Confirmed),
    ("Rejected", PhysicalConnectionStatus::Rejected),
    ("Canceled", PhysicalConnectionStatus::Canceled),
    (
        "AllocationFailed",
        PhysicalConnectionStatus::AllocationFailed,
    ),
    ("Terminating", PhysicalConnectionStatus::Terminating),
    ("Terminated", PhysicalConnectionStatus::Terminated),
];

impl Finisher {
    pub(super) fn vpn(&mut self) {
        let gateways: Vec<(String, VpnGatewayFact, String)> = self
            .b
            .vpn_gateways
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in gateways {
            let status = match fact.status.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => match lookup(s, VPN_GATEWAY_STATUS) {
                    Some(status) => Some(status),
                    None => {
                        self.warn(
                            &file,
                            "vpn_gateway",
                            &id,
                            format!("unknown status `{s}`: written without `status`"),
                        );
                        None
                    }
                },
            };
            self.from.insert(id.clone(), file);
            self.out.vpn_gateways.push(VpnGateway {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vpc: fact.vpc,
                status,
            });
        }
        let customer: Vec<(String, CustomerGatewayFact, String)> = self
            .b
            .customer_gateways
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in customer {
            let ip = match ip4(&fact.ip) {
                Ok(ip) => ip,
                Err(reason) => {
                    self.skip(&file, "customer_gateway", &id, reason);
                    continue;
                }
            };
            self.from.insert(id.clone(), file);
            self.out.customer_gateways.push(CustomerGateway {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                ip,
                data_center: None,
            });
        }
        let connections: Vec<(String, VpnConnectionFact, String)> = self
            .b
            .vpn_connections
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in connections {
            let said: Vec<String> = match fact.status.clone().filter(|s| !s.trim().is_empty()) {
                Some(s) => vec![s],
                None => fact.tunnel_statuses.clone(),
            };
            if said.is_empty() {
                self.skip(
                    &file,
                    "vpn_connection",
                    &id,
                    "no status in the source (looked for `Status`, in any case, and `TunnelOptionsSpecification[].Status`)",
                );
                continue;
            }
            let mut status = VpnConnectionStatus::Down;
            let mut unknown = None;
            for s in &said {
                match lookup(s, VPN_CONNECTION_STATUS) {
                    Some(VpnConnectionStatus::Established) => {
                        status = VpnConnectionStatus::Established
                    }
                    Some(VpnConnectionStatus::Down) => {}
                    None => unknown = Some(s.clone()),
                }
            }
            if let Some(s) = unknown {
                if status != VpnConnectionStatus::Established {
                    self.skip(
                        &file,
                        "vpn_connection",
                        &id,
                        format!("unknown tunnel status `{s}`"),
                    );
                    continue;
                }
            }
            let gateway = fact.gateway.clone().filter(|g| !g.trim().is_empty());
            let transit_router = fact.transit_router.clone().filter(|t| !t.trim().is_empty());
            let (vpn_gateway, transit_router) = match (gateway, transit_router) {
                (Some(g), _) => (Some(g), None),
                (None, Some(t)) => (None, Some(t)),
                (None, None) => {
                    self.skip(
                        &file,
                        "vpn_connection",
                        &id,
                        "attached to neither a VPN gateway nor a transit router",
                    );
                    continue;
                }
            };
            let Some(customer_gateway) = fact
                .customer_gateway
                .clone()
                .filter(|c| !c.trim().is_empty())
            else {
                self.skip(&file, "vpn_connection", &id, "no customer gateway");
                continue;
            };
            let mut sides = [Vec::new(), Vec::new()];
            for (side, list) in sides.iter_mut().zip([&fact.local, &fact.remote]) {
                for text in list.iter() {
                    match cidr4(text) {
                        Ok(cidr) => side.push(cidr),
                        Err(reason) => {
                            self.skip(&file, "vpn_subnet", &format!("{id} {text}"), reason)
                        }
                    }
                }
                side.sort();
                side.dedup();
            }
            let [local_cidrs, remote_cidrs] = sides;
            self.from.insert(id.clone(), file);
            self.out.vpn_connections.push(VpnConnection {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                vpn_gateway,
                transit_router,
                customer_gateway,
                local_cidrs,
                remote_cidrs,
                status,
                publish_to_vpc: fact.publish_to_vpc,
            });
        }
    }

    pub(super) fn vbrs(&mut self) {
        let mut regions: BTreeMap<String, String> = BTreeMap::new();
        for child in &self.b.children {
            if child.kind.eq_ignore_ascii_case("VBR") {
                if let Some(region) = &child.region {
                    regions.insert(child.instance.clone(), region.clone());
                }
            }
        }
        for (vbr, region) in &self.b.vbr_regions {
            regions.insert(vbr.clone(), region.clone());
        }
        let facts: Vec<(String, VbrFact, String)> = self
            .b
            .vbrs
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        let mut routes = std::mem::take(&mut self.vbr_routes);
        for (id, fact, file) in facts {
            let region = fact
                .region
                .clone()
                .filter(|r| !r.trim().is_empty())
                .or_else(|| regions.get(&id).cloned())
                .or_else(|| fact.access_point.as_deref().and_then(access_point_region))
                .or_else(|| self.b.region.clone());
            let Some(region) = region else {
                self.skip(
                    &file,
                    "vbr",
                    &id,
                    "no region (looked for `RegionId`, an attachment or CEN child naming the VBR, and a region in `AccessPointId`); pass --region",
                );
                continue;
            };
            let mut interconnect = |key: &str, value: &Option<String>| {
                let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
                match ip4(value) {
                    Ok(ip) => Some(ip),
                    Err(reason) => {
                        self.b.warn(
                            &file,
                            "vbr",
                            &id,
                            format!("`{key}` `{value}` is not read: {reason}"),
                        );
                        None
                    }
                }
            };
            let local_ip = interconnect("LocalGatewayIp", &fact.local_ip);
            let peer_ip = interconnect("PeerGatewayIp", &fact.peer_ip);
            let status = match fact.status.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => match lookup(s, VBR_STATUS) {
                    Some(status) => status,
                    None => {
                        self.skip(&file, "vbr", &id, format!("unknown VBR status `{s}`"));
                        continue;
                    }
                },
                _ => {
                    self.skip(
                        &file,
                        "vbr",
                        &id,
                        "no status in the source (looked for `Status`)",
                    );
                    continue;
                }
            };
            if fact.physical_connection.trim().is_empty() {
                self.skip(
                    &file,
                    "vbr",
                    &id,
                    "no physical connection (looked for `PhysicalConnectionId`)",
                );
                continue;
            }
            let own_routes = routes.remove(&id).unwrap_or_default();
            self.from.insert(id.clone(), file);
            self.out.vbrs.push(Vbr {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                region,
                physical_connection: fact.physical_connection,
                status,
                routes: own_routes.into_iter().map(|(route, _)| route).collect(),
                local_ip,
                peer_ip,
            });
        }
        let pcs: Vec<(String, PhysicalConnectionFact, String)> = self
            .b
            .physical_connections
            .iter()
            .map(|(id, fact, file)| (id.clone(), fact.clone(), file.clone()))
            .collect();
        for (id, fact, file) in pcs {
            let status = match fact.status.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() => match lookup(s, PHYSICAL_CONNECTION_STATUS) {
                    Some(status) => status,
                    None => {
                        self.skip(
                            &file,
                            "physical_connection",
                            &id,
                            format!("unknown physical connection status `{s}`"),
                        );
                        continue;
                    }
                },
                _ => {
                    self.skip(
                        &file,
                        "physical_connection",
                        &id,
                        "no status in the source (looked for `Status`)",
                    );
                    continue;
                }
            };
            self.from.insert(id.clone(), file);
            self.out.physical_connections.push(PhysicalConnection {
                id,
                name: fact.common.name,
                tags: fact.common.tags,
                account: fact.common.account,
                data_center: None,
                status,
            });
        }
    }
}

/// The region an access point id names: `ap-cn-beijing-dx-A` → `cn-beijing`,
/// `ap-ap-southeast-1-sg-B`-like ids → `ap-southeast-1`.
fn access_point_region(access_point: &str) -> Option<String> {
    let rest = access_point.trim().strip_prefix("ap-")?;
    let parts: Vec<&str> = rest.split('-').collect();
    let (first, second) = (parts.first()?, parts.get(1)?);
    if first.is_empty() || second.is_empty() {
        return None;
    }
    let mut region = format!("{first}-{second}");
    if let Some(number) = parts
        .get(2)
        .filter(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        region.push('-');
        region.push_str(number);
    }
    Some(region)
}
