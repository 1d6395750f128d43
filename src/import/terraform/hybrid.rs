//! Readers of the hybrid resources, the links to data centers: VPN gateways,
//! customer gateways, IPsec connections, VPN routes, physical connections and
//! VBRs.

use super::*;

/// A VPN gateway.
pub(super) fn vpn_gateway(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(gateway) = attrs::<raw::VpnGateway>(b, instance) else {
        return;
    };
    let Some(id) = gateway.id.get() else {
        return no_id(b, instance, "id");
    };
    b.vpn_gateway(
        file,
        VpnGatewayFact {
            id,
            common: common(&[&gateway.vpn_gateway_name, &gateway.name], &gateway.tags),
            vpc: gateway.vpc_id.as_str().to_string(),
            status: gateway.status.get(),
        },
    );
}

/// A customer gateway.
pub(super) fn vpn_customer_gateway(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(gateway) = attrs::<raw::CustomerGateway>(b, instance) else {
        return;
    };
    let Some(id) = gateway.id.get() else {
        return no_id(b, instance, "id");
    };
    b.customer_gateway(
        file,
        CustomerGatewayFact {
            id,
            common: common(&[&gateway.customer_gateway_name, &gateway.name], &None),
            ip: gateway.ip_address.as_str().to_string(),
        },
    );
}

/// An IPsec connection, published to the VPC where a VPN route entry of it says so.
pub(super) fn vpn_connection(b: &mut Builder, instance: &Instance, joined: &Joined) {
    let file = instance.file.as_str();
    let Some(connection) = attrs::<raw::VpnConnection>(b, instance) else {
        return;
    };
    let Some(id) = connection.id.get() else {
        return no_id(b, instance, "id");
    };
    let tunnels = &connection.tunnel_options_specification;
    let split = |list: &List<Text>| -> Vec<String> {
        list.iter().flat_map(|t| split_list(t.as_str())).collect()
    };
    let publish = joined.published.contains(&id).then_some(true);
    b.vpn_connection(
        file,
        VpnConnectionFact {
            id,
            common: common(
                &[&connection.vpn_connection_name, &connection.name],
                &connection.tags,
            ),
            gateway: connection.vpn_gateway_id.get(),
            transit_router: None,
            customer_gateway: connection
                .customer_gateway_id
                .get()
                .or_else(|| tunnels.iter().find_map(|t| t.customer_gateway_id.get())),
            local: split(&connection.local_subnet),
            remote: split(&connection.remote_subnet),
            status: connection.status.get(),
            tunnel_statuses: tunnels.iter().filter_map(|t| t.status.get()).collect(),
            publish_to_vpc: publish,
        },
    );
}

/// A route of a VPN gateway: implied by its connection, reported.
pub(super) fn vpn_route_entry(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(entry) = attrs::<raw::VpnRouteEntry>(b, instance) else {
        return;
    };
    let reason = if entry.publish_vpc.is_true() {
        format!(
            "VPN gateway route {}: written as `publish_to_vpc` on connection `{}`",
            entry.route_dest.as_str(),
            entry.next_hop.as_str()
        )
    } else {
        format!(
            "VPN gateway route {} (not published to the VPC): the gateway's own routes follow the connection's remote CIDRs",
            entry.route_dest.as_str()
        )
    };
    b.implied(file, &instance.kind, &instance.address, reason);
}

/// A physical connection (Express Connect).
pub(super) fn physical_connection(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(pc) = attrs::<raw::PhysicalConnection>(b, instance) else {
        return;
    };
    let Some(id) = pc.id.get() else {
        return no_id(b, instance, "id");
    };
    b.physical_connection(
        file,
        PhysicalConnectionFact {
            id,
            common: common(&[&pc.physical_connection_name], &None),
            status: pc.status.get(),
        },
    );
}

/// A VBR.
pub(super) fn virtual_border_router(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(vbr) = attrs::<raw::Vbr>(b, instance) else {
        return;
    };
    let Some(id) = vbr.id.get() else {
        return no_id(b, instance, "id");
    };
    b.vbr(
        file,
        VbrFact {
            id,
            common: common(&[&vbr.virtual_border_router_name], &None),
            region: None,
            physical_connection: vbr.physical_connection_id.as_str().to_string(),
            status: vbr.status.get(),
            table: vbr.route_table_id.get(),
            access_point: None,
            local_ip: vbr.local_gateway_ip.get(),
            peer_ip: vbr.peer_gateway_ip.get(),
        },
    );
}
