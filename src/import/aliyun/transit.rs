//! Readers of the transit APIs: CENs, what is attached to them, their
//! bandwidth, transit routers, their attachments, route tables, routes,
//! associations and propagations.

use super::*;

/// CEN instances.
pub(super) fn cens(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for cen in items::<raw::Cen>(b, file, api, list) {
        let Some(id) = cen.cen_id.get() else {
            no_id(b, file, "cen", "CenId");
            continue;
        };
        let fact = CenFact {
            id,
            common: common(&cen.name, &cen.tags, &Text::default()),
        };
        b.cen(file, fact);
    }
}

/// What is attached to a CEN (VPCs, VBRs, in each region).
pub(super) fn cen_children(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for child in items::<raw::ChildInstance>(b, file, api, list) {
        b.child(ChildFact {
            file: file.to_string(),
            cen: child.cen_id.as_str().to_string(),
            instance: child.child_instance_id.as_str().to_string(),
            kind: child.child_instance_type.as_str().to_string(),
            region: child.child_instance_region_id.get(),
            status: child.status.get(),
        });
    }
}

/// Bandwidth packages: not modelled, each reported.
pub(super) fn bandwidth_packages(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for package in items::<raw::BandwidthPackage>(b, file, api, list) {
        let cens = texts(&package.cen_ids).join(", ");
        b.skip(
            file,
            "cen_bandwidth_package",
            package.cen_bandwidth_package_id.as_str(),
            format!(
                "bandwidth packages are not modelled (CEN {cens}): the inventory takes the bandwidth allocated to each region pair or inter-region connection"
            ),
        );
    }
}

/// The bandwidth a basic-edition CEN allocates to a pair of regions.
pub(super) fn bandwidth_limits(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for limit in items::<raw::BandwidthLimit>(b, file, api, list) {
        b.limit(LimitFact {
            file: file.to_string(),
            cen: limit.cen_id.as_str().to_string(),
            region_a: limit.local_region_id.as_str().to_string(),
            region_b: limit.opposite_region_id.as_str().to_string(),
            mbps: limit.bandwidth_limit.0,
            status: limit.status.get(),
            attachment: limit.transit_router_attachment_id.get(),
        });
    }
}

/// Transit routers.
pub(super) fn transit_routers(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for tr in items::<raw::TransitRouter>(b, file, api, list) {
        let Some(id) = tr.transit_router_id.get() else {
            no_id(b, file, "transit_router", "TransitRouterId");
            continue;
        };
        let fact = TrFact {
            id,
            common: common(&tr.transit_router_name, &tr.tags, &tr.ali_uid),
            cen: tr.cen_id.as_str().to_string(),
            region: tr.region_id.get(),
            kind: tr.kind.get(),
        };
        b.transit_router(file, fact);
    }
}

/// Transit-router attachments of the four kinds (VPC, VBR, VPN, peer transit router).
pub(super) fn attachments(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for (index, value) in list.iter().enumerate() {
        let kind = value.as_object().map(attachment_type).unwrap_or_default();
        let Some(att) = items::<raw::Attachment>(b, file, api, std::slice::from_ref(value)).pop()
        else {
            continue;
        };
        let Some(id) = att.transit_router_attachment_id.get() else {
            b.skip(
                file,
                "tr_attachment",
                &format!("{api}[{index}]"),
                "item without `TransitRouterAttachmentId`",
            );
            continue;
        };
        let upper = kind.to_ascii_uppercase();
        let resource = match upper.as_str() {
            "VPC" => att.vpc_id.as_str(),
            "VBR" => att.vbr_id.as_str(),
            "VPN" => att.vpn_id.as_str(),
            "TR" => att.peer_transit_router_id.as_str(),
            _ => "",
        }
        .to_string();
        let fact = AttachmentFact {
            id,
            common: common(
                &att.transit_router_attachment_name,
                &att.tags,
                &Text::default(),
            ),
            tr: att.transit_router_id.as_str().to_string(),
            resource_type: kind,
            resource,
            status: att.status.get(),
            vswitches: att
                .zone_mappings
                .iter()
                .filter_map(|z| z.v_switch_id.get())
                .collect(),
            route_sync: (upper == "VPC")
                .then_some(att.auto_publish_route_enabled.0)
                .flatten(),
            bandwidth: att.bandwidth.0,
        };
        b.attachment(file, fact, att.vbr_region_id.get());
    }
}

/// Which of the four attachment APIs a `TransitRouterAttachments` page is.
pub(super) fn attachments_api(items: &[Value]) -> String {
    let kinds: BTreeSet<String> = items
        .iter()
        .filter_map(|item| item.as_object())
        .map(|item| attachment_type(item).to_ascii_uppercase())
        .collect();
    let name = match kinds
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["VPC"] => "Vpc",
        ["VBR"] => "Vbr",
        ["VPN"] => "Vpn",
        ["TR"] => "Peer",
        _ => "*",
    };
    format!("ListTransitRouter{name}Attachments")
}

/// The `ResourceType` of an attachment, or what its fields say it is.
pub(super) fn attachment_type(item: &Map<String, Value>) -> String {
    let said = item
        .get("ResourceType")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if !said.is_empty() {
        return said.to_string();
    }
    let has = |key: &str| {
        item.get(key)
            .and_then(Value::as_str)
            .is_some_and(|v| !v.trim().is_empty())
    };
    if has("PeerTransitRouterId") {
        "TR"
    } else if has("VbrId") {
        "VBR"
    } else if has("VpnId") {
        "VPN"
    } else if has("VpcId") {
        "VPC"
    } else {
        ""
    }
    .to_string()
}

/// Transit-router route tables.
pub(super) fn tr_route_tables(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for table in items::<raw::TrRouteTable>(b, file, api, list) {
        let Some(id) = table.transit_router_route_table_id.get() else {
            no_id(b, file, "tr_route_table", "TransitRouterRouteTableId");
            continue;
        };
        let fact = TrTableFact {
            id,
            common: common(
                &table.transit_router_route_table_name,
                &table.tags,
                &Text::default(),
            ),
            tr: table.transit_router_id.as_str().to_string(),
            kind: table.transit_router_route_table_type.get(),
        };
        b.tr_table(file, fact);
    }
}

/// The entries of one transit-router route table (the response does not name it).
pub(super) fn tr_route_entries(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    for entry in items::<raw::TrRouteEntry>(b, file, api, list) {
        b.tr_route(TrRouteFact {
            file: file.to_string(),
            table: None,
            id: entry.transit_router_route_entry_id.get(),
            destination: entry
                .transit_router_route_entry_destination_cidr_block
                .as_str()
                .to_string(),
            entry_type: entry.transit_router_route_entry_type.as_str().to_string(),
            status: entry.transit_router_route_entry_status.get(),
            hop_type: entry
                .transit_router_route_entry_next_hop_type
                .as_str()
                .to_string(),
            hop_id: entry.transit_router_route_entry_next_hop_id.get(),
        });
    }
}

/// Associations and propagations between transit-router tables and attachments.
pub(super) fn tr_links(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
    let association = api.ends_with("Associations");
    for link in items::<raw::TrLink>(b, file, api, list) {
        b.tr_link(TrLinkFact {
            file: file.to_string(),
            table: link.transit_router_route_table_id.as_str().to_string(),
            attachment: link.transit_router_attachment_id.as_str().to_string(),
            association,
            status: link.status.get(),
        });
    }
}
