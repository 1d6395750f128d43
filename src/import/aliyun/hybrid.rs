//! Readers of the hybrid APIs, the links to data centers: VBRs, physical
//! connections, VPN gateways, IPsec connections, customer gateways.

use super::*;

/// VBRs.
pub(super) fn vbrs(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for vbr in items::<raw::Vbr>(b, file, api, list) {
        let Some(id) = vbr.vbr_id.get() else {
            no_id(b, file, "vbr", "VbrId");
            continue;
        };
        let fact = VbrFact {
            id,
            common: common(&vbr.name, &List::default(), &Text::default()),
            region: vbr.region_id.get(),
            physical_connection: vbr.physical_connection_id.as_str().to_string(),
            status: vbr.status.get(),
            table: vbr.route_table_id.get(),
            access_point: vbr.access_point_id.get(),
            local_ip: vbr.local_gateway_ip.get(),
            peer_ip: vbr.peer_gateway_ip.get(),
        };
        b.vbr(file, fact);
    }
}

/// Physical connections (Express Connect).
pub(super) fn physical_connections(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for pc in items::<raw::PhysicalConnection>(b, file, api, list) {
        let Some(id) = pc.physical_connection_id.get() else {
            no_id(b, file, "physical_connection", "PhysicalConnectionId");
            continue;
        };
        let fact = PhysicalConnectionFact {
            id,
            common: common(&pc.name, &List::default(), &Text::default()),
            status: pc.status.get(),
        };
        b.physical_connection(file, fact);
    }
}

/// VPN gateways.
pub(super) fn vpn_gateways(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for gateway in items::<raw::VpnGateway>(b, file, api, list) {
        let Some(id) = gateway.vpn_gateway_id.get() else {
            no_id(b, file, "vpn_gateway", "VpnGatewayId");
            continue;
        };
        let fact = VpnGatewayFact {
            id,
            common: common(&gateway.name, &gateway.tags, &Text::default()),
            vpc: gateway.vpc_id.as_str().to_string(),
            status: gateway.status.get(),
        };
        b.vpn_gateway(file, fact);
    }
}

/// IPsec connections, of a VPN gateway or a transit router.
pub(super) fn vpn_connections(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for connection in items::<raw::VpnConnection>(b, file, api, list) {
        let Some(id) = connection.vpn_connection_id.get() else {
            no_id(b, file, "vpn_connection", "VpnConnectionId");
            continue;
        };
        let tunnels = &connection.tunnel_options_specification;
        let fact = VpnConnectionFact {
            id,
            common: common(&connection.name, &connection.tag, &Text::default()),
            gateway: connection.vpn_gateway_id.get(),
            transit_router: connection.transit_router_id.get(),
            customer_gateway: connection
                .customer_gateway_id
                .get()
                .or_else(|| tunnels.iter().find_map(|t| t.customer_gateway_id.get())),
            local: split_list(connection.local_subnet.as_str()),
            remote: split_list(connection.remote_subnet.as_str()),
            status: connection.status.get(),
            tunnel_statuses: tunnels.iter().filter_map(|t| t.status.get()).collect(),
            publish_to_vpc: None,
        };
        b.vpn_connection(file, fact);
    }
}

/// Customer gateways.
pub(super) fn customer_gateways(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for gateway in items::<raw::CustomerGateway>(b, file, api, list) {
        let Some(id) = gateway.customer_gateway_id.get() else {
            no_id(b, file, "customer_gateway", "CustomerGatewayId");
            continue;
        };
        let fact = CustomerGatewayFact {
            id,
            common: common(&gateway.name, &List::default(), &Text::default()),
            ip: gateway.ip_address.as_str().to_string(),
        };
        b.customer_gateway(file, fact);
    }
}
