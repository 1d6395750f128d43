//! Readers of the network APIs: VPCs, vSwitches, route tables and their
//! entries, peerings, NAT gateways, SNAT entries, EIPs.

use super::*;

/// VPCs.
pub(super) fn vpcs(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for vpc in items::<raw::Vpc>(b, file, api, list) {
        let Some(id) = vpc.vpc_id.get() else {
            no_id(b, file, "vpc", "VpcId");
            continue;
        };
        let mut cidrs: Vec<String> = vpc.cidr_block.get().into_iter().collect();
        cidrs.extend(texts(&vpc.secondary_cidr_blocks));
        let fact = VpcFact {
            id,
            common: common(&vpc.vpc_name, &vpc.tags, &vpc.owner_id),
            region: vpc.region_id.get(),
            cidrs,
            ipv6_cidrs: vpc.ipv6_cidr_block.get().into_iter().collect(),
            user_cidrs: texts(&vpc.user_cidrs),
            system_table: None,
            table_ids: texts(&vpc.router_table_ids),
            vrouter: vpc.v_router_id.get(),
        };
        b.vpc(file, fact);
    }
}

/// vSwitches.
pub(super) fn vswitches(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for vsw in items::<raw::VSwitch>(b, file, api, list) {
        let Some(id) = vsw.v_switch_id.get() else {
            no_id(b, file, "vswitch", "VSwitchId");
            continue;
        };
        let fact = VSwitchFact {
            id,
            common: common(&vsw.v_switch_name, &vsw.tags, &vsw.owner_id),
            vpc: vsw.vpc_id.as_str().to_string(),
            zone: vsw.zone_id.get(),
            cidr: vsw.cidr_block.as_str().to_string(),
            ipv6_cidr: vsw.ipv6_cidr_block.get(),
            table: vsw.route_table.route_table_id.get(),
            table_type: vsw.route_table.route_table_type.get(),
        };
        b.vswitch(file, fact);
    }
}

/// VPC and VBR route tables (`DescribeRouteTableList`).
pub(super) fn route_table_list(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for table in items::<raw::RouteTableListItem>(b, file, api, list) {
        let Some(id) = table.route_table_id.get() else {
            no_id(b, file, "route_table", "RouteTableId");
            continue;
        };
        let fact = TableFact {
            id,
            common: common(&table.route_table_name, &table.tags, &table.owner_id),
            vpc: table.vpc_id.get(),
            vrouter: None,
            router_type: table.router_type.get(),
            router_id: table.router_id.get(),
            table_type: table.route_table_type.get(),
            associate_type: table.associate_type.get(),
            vswitches: texts(&table.v_switch_ids),
        };
        b.table(file, fact);
    }
}

/// The entries of one VPC route table (`DescribeRouteEntryList`).
pub(super) fn route_entries(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for entry in items::<raw::RouteEntry>(b, file, api, list) {
        route_entry(b, file, &entry, None);
    }
}

/// One route entry, of either API: `NextHops` where present, else the older
/// flat `NextHopType` / `InstanceId`.
pub(super) fn route_entry(
    b: &mut Builder,
    file: &str,
    entry: &raw::RouteEntry,
    table: Option<&str>,
) {
    let table = entry
        .route_table_id
        .get()
        .or_else(|| table.map(str::to_string))
        .unwrap_or_default();
    let mut hops: Vec<HopFact> = entry
        .next_hops
        .iter()
        .map(|hop| HopFact {
            kind: hop.next_hop_type.as_str().to_string(),
            id: hop.next_hop_id.as_str().to_string(),
            enabled: hop.enabled.0,
            related_id: hop.next_hop_related_info.instance_id.get(),
            related_type: hop.next_hop_related_info.instance_type.get(),
        })
        .collect();
    if hops.is_empty() && !(entry.next_hop_type.is_empty() && entry.instance_id.is_empty()) {
        hops.push(HopFact {
            kind: entry.next_hop_type.as_str().to_string(),
            id: entry.instance_id.as_str().to_string(),
            enabled: None,
            related_id: entry.next_hop_oppsite_instance_id.get(),
            related_type: entry.next_hop_oppsite_type.get(),
        });
    }
    let publish = entry
        .route_publish_targets
        .iter()
        .map(|target| PublishFact {
            target_type: target.publish_target_type.as_str().to_string(),
            target_id: target.publish_target_instance_id.get(),
            status: target.publish_status.get(),
        })
        .collect();
    b.route(RouteFact {
        file: file.to_string(),
        table,
        id: entry.route_entry_id.get(),
        destination: entry.destination_cidr_block.as_str().to_string(),
        entry_type: entry.entry_type.as_str().to_string(),
        service_type: entry.service_type.as_str().to_string(),
        status: entry.status.get(),
        hops,
        publish,
    });
}

/// Route tables with their entries (`DescribeRouteTables`, the older API).
pub(super) fn route_tables(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for table in items::<raw::RouteTablesItem>(b, file, api, list) {
        let Some(id) = table.route_table_id.get() else {
            no_id(b, file, "route_table", "RouteTableId");
            continue;
        };
        for entry in table.route_entrys.iter() {
            route_entry(b, file, entry, Some(&id));
        }
        let vbr = table.router_type.as_str().eq_ignore_ascii_case("VBR");
        let fact = TableFact {
            id,
            common: common(&table.route_table_name, &List::default(), &Text::default()),
            vpc: table.vpc_id.get(),
            vrouter: (!vbr).then(|| table.v_router_id.get()).flatten(),
            router_type: table.router_type.get(),
            router_id: vbr.then(|| table.v_router_id.get()).flatten(),
            table_type: table.route_table_type.get(),
            associate_type: None,
            vswitches: texts(&table.v_switch_ids),
        };
        b.table(file, fact);
    }
}

/// VPC peering connections.
pub(super) fn peerings(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for peering in items::<raw::PeerConnection>(b, file, api, list) {
        let Some(id) = peering.instance_id.get() else {
            no_id(b, file, "peering_connection", "InstanceId");
            continue;
        };
        let fact = PeeringFact {
            id,
            common: common(&peering.name, &peering.tags, &peering.owner_id),
            vpc: peering.vpc.vpc_id.as_str().to_string(),
            peer_vpc: peering.accepting_vpc.vpc_id.as_str().to_string(),
            status: peering.status.get(),
            bandwidth: peering.bandwidth.0,
        };
        b.peering(file, fact);
    }
}

/// NAT gateways.
pub(super) fn nats(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for nat in items::<raw::NatGateway>(b, file, api, list) {
        let Some(id) = nat.nat_gateway_id.get() else {
            no_id(b, file, "nat_gateway", "NatGatewayId");
            continue;
        };
        let fact = NatFact {
            id,
            common: common(&nat.name, &nat.tags, &Text::default()),
            vpc: nat.vpc_id.as_str().to_string(),
            vswitch: nat.nat_gateway_private_info.vswitch_id.get(),
            network_type: nat.network_type.get(),
            status: nat.status.get(),
            ips: nat
                .ip_lists
                .iter()
                .map(|ip| {
                    (
                        ip.allocation_id.as_str().to_string(),
                        ip.ip_address.as_str().to_string(),
                    )
                })
                .collect(),
            snat_tables: texts(&nat.snat_table_ids),
        };
        b.nat(file, fact);
    }
}

/// SNAT entries.
pub(super) fn snats(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for entry in items::<raw::SnatEntry>(b, file, api, list) {
        b.snat(SnatFact {
            file: file.to_string(),
            id: entry.snat_entry_id.get(),
            table: entry.snat_table_id.get(),
            nat: entry.nat_gateway_id.get(),
            source_vswitch: entry.source_v_switch_id.get(),
            source_cidr: entry.source_cidr.get(),
            ips: split_list(entry.snat_ip.as_str()),
            status: entry.status.get(),
        });
    }
}

/// EIPs.
pub(super) fn eips(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for eip in items::<raw::Eip>(b, file, api, list) {
        let Some(id) = eip.allocation_id.get() else {
            no_id(b, file, "eip", "AllocationId");
            continue;
        };
        let fact = EipFact {
            id,
            common: common(&eip.name, &eip.tags, &Text::default()),
            ip: eip.ip_address.as_str().to_string(),
            instance_type: eip.instance_type.get(),
            instance: eip.instance_id.get(),
        };
        b.eip(file, fact);
    }
}
