//! Readers of the network resources: VPCs and their CIDR blocks, vSwitches,
//! route tables, their bindings and entries, peerings, NAT gateways, SNAT
//! entries, NAT IPs, EIPs and their associations.

use super::*;

/// A VPC.
pub(super) fn vpc(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(vpc) = attrs::<raw::Vpc>(b, instance) else {
        return;
    };
    let Some(id) = vpc.id.get() else {
        return no_id(b, instance, "id");
    };
    let mut cidrs: Vec<String> = vpc.cidr_block.get().into_iter().collect();
    cidrs.extend(texts(&vpc.secondary_cidr_blocks));
    b.vpc(
        file,
        VpcFact {
            id,
            common: common(&[&vpc.vpc_name, &vpc.name], &vpc.tags),
            region: None,
            cidrs,
            ipv6_cidrs: vpc.ipv6_cidr_block.get().into_iter().collect(),
            user_cidrs: texts(&vpc.user_cidrs),
            system_table: vpc.route_table_id.get(),
            table_ids: Vec::new(),
            vrouter: vpc.router_id.get(),
        },
    );
}

/// A secondary CIDR block of a VPC.
pub(super) fn vpc_ipv4_cidr_block(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(block) = attrs::<raw::Ipv4CidrBlock>(b, instance) else {
        return;
    };
    b.vpc_cidr(
        file,
        block.vpc_id.as_str(),
        block.secondary_cidr_block.as_str(),
    );
}

/// A vSwitch.
pub(super) fn vswitch(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(vsw) = attrs::<raw::VSwitch>(b, instance) else {
        return;
    };
    let Some(id) = vsw.id.get() else {
        return no_id(b, instance, "id");
    };
    b.vswitch(
        file,
        VSwitchFact {
            id,
            common: common(&[&vsw.vswitch_name, &vsw.name], &vsw.tags),
            vpc: vsw.vpc_id.as_str().to_string(),
            zone: vsw.zone_id.get().or_else(|| vsw.availability_zone.get()),
            cidr: vsw.cidr_block.as_str().to_string(),
            ipv6_cidr: vsw.ipv6_cidr_block.get(),
            table: None,
            table_type: None,
        },
    );
}

/// A custom route table of a VPC.
pub(super) fn route_table(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(table) = attrs::<raw::RouteTable>(b, instance) else {
        return;
    };
    let Some(id) = table.id.get() else {
        return no_id(b, instance, "id");
    };
    b.table(
        file,
        TableFact {
            id,
            common: common(&[&table.route_table_name, &table.name], &table.tags),
            vpc: table.vpc_id.get(),
            vrouter: None,
            router_type: Some("VRouter".into()),
            router_id: None,
            table_type: Some("Custom".into()),
            associate_type: table.associate_type.get(),
            vswitches: Vec::new(),
        },
    );
}

/// A vSwitch bound to a custom route table.
pub(super) fn route_table_attachment(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(attachment) = attrs::<raw::RouteTableAttachment>(b, instance) else {
        return;
    };
    b.vswitch_table(
        file,
        attachment.vswitch_id.as_str(),
        attachment.route_table_id.as_str(),
    );
}

/// A route entry of a VPC table: `next_hops` where more than one, else the flat `nexthop_*`.
pub(super) fn route_entry(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(entry) = attrs::<raw::RouteEntry>(b, instance) else {
        return;
    };
    let mut hops: Vec<HopFact> = entry
        .next_hops
        .iter()
        .filter(|h| !h.nexthop_type.is_empty() || !h.nexthop_id.is_empty())
        .map(|h| HopFact {
            kind: h.nexthop_type.as_str().to_string(),
            id: h.nexthop_id.as_str().to_string(),
            enabled: h.enabled.0,
            related_id: None,
            related_type: None,
        })
        .collect();
    if hops.len() < 2 && !(entry.nexthop_type.is_empty() && entry.nexthop_id.is_empty()) {
        hops = vec![HopFact {
            kind: entry.nexthop_type.as_str().to_string(),
            id: entry.nexthop_id.as_str().to_string(),
            enabled: hops.first().and_then(|h| h.enabled),
            related_id: None,
            related_type: None,
        }];
    }
    let destination = entry
        .destination_cidr_block
        .get()
        .or_else(|| entry.destination_cidrblock.get())
        .unwrap_or_default();
    b.route(RouteFact {
        file: file.to_string(),
        table: entry.route_table_id.as_str().to_string(),
        id: Some(instance.address.clone()),
        destination,
        entry_type: "Custom".into(),
        service_type: String::new(),
        status: entry.status.get(),
        hops,
        publish: entry
            .route_publish_targets
            .iter()
            .map(|t| PublishFact {
                target_type: t.target_type.as_str().to_string(),
                target_id: t.target_instance_id.get(),
                status: t.publish_status.get(),
            })
            .collect(),
    });
}

/// A VPC peering, from its requester or its accepter (written once, from the requester where both are in the state).
pub(super) fn peer_connection(b: &mut Builder, instance: &Instance, joined: &Joined) {
    let file = instance.file.as_str();
    let Some(peering) = attrs::<raw::PeerConnection>(b, instance) else {
        return;
    };
    let accepter = instance.kind.ends_with("accepter");
    let id = if accepter {
        peering.instance_id.get().or_else(|| peering.id.get())
    } else {
        peering.id.get()
    };
    let Some(id) = id else {
        return no_id(b, instance, "id");
    };
    if accepter && joined.requested.contains(&id) {
        b.implied(
            file,
            &instance.kind,
            &instance.address,
            format!("peering `{id}` is written from its alicloud_vpc_peer_connection"),
        );
        return;
    }
    b.peering(
        file,
        PeeringFact {
            id,
            common: common(&[&peering.peer_connection_name], &peering.tags),
            vpc: peering.vpc_id.as_str().to_string(),
            peer_vpc: peering.accepting_vpc_id.as_str().to_string(),
            status: peering.status.get(),
            bandwidth: peering.bandwidth.0,
        },
    );
}

/// A NAT gateway.
pub(super) fn nat_gateway(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(nat) = attrs::<raw::NatGateway>(b, instance) else {
        return;
    };
    let Some(id) = nat.id.get() else {
        return no_id(b, instance, "id");
    };
    b.nat(
        file,
        NatFact {
            id,
            common: common(&[&nat.nat_gateway_name, &nat.name], &nat.tags),
            vpc: nat.vpc_id.as_str().to_string(),
            vswitch: nat.vswitch_id.get(),
            network_type: nat.network_type.get(),
            status: nat.status.get(),
            ips: Vec::new(),
            snat_tables: split_list(nat.snat_table_ids.as_str()),
        },
    );
}

/// A SNAT entry.
pub(super) fn snat_entry(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(entry) = attrs::<raw::SnatEntry>(b, instance) else {
        return;
    };
    b.snat(SnatFact {
        file: file.to_string(),
        id: entry.snat_entry_id.get(),
        table: entry.snat_table_id.get(),
        nat: None,
        source_vswitch: entry.source_vswitch_id.get(),
        source_cidr: entry.source_cidr.get(),
        ips: split_list(entry.snat_ip.as_str()),
        status: entry.status.get(),
    });
}

/// A NAT IP of a NAT gateway.
pub(super) fn vpc_nat_ip(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(ip) = attrs::<raw::NatIp>(b, instance) else {
        return;
    };
    b.nat_ip(file, ip.nat_gateway_id.as_str(), ip.nat_ip.as_str());
}

/// An EIP.
pub(super) fn eip_address(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(eip) = attrs::<raw::Eip>(b, instance) else {
        return;
    };
    let Some(id) = eip.id.get() else {
        return no_id(b, instance, "id");
    };
    b.eip(
        file,
        EipFact {
            id,
            common: common(&[&eip.address_name, &eip.name], &eip.tags),
            ip: eip.ip_address.as_str().to_string(),
            instance_type: None,
            instance: None,
        },
    );
}

/// An EIP bound to an instance.
pub(super) fn eip_association(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(association) = attrs::<raw::EipAssociation>(b, instance) else {
        return;
    };
    b.eip_binding(
        file,
        association.allocation_id.as_str(),
        association.instance_id.as_str(),
        association.instance_type.as_str(),
    );
}
