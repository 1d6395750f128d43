//! Readers of the transit resources: CENs, what is attached to them, their
//! bandwidth limits, transit routers, their attachments, route tables,
//! associations, propagations and static routes.

use super::*;

/// A CEN.
pub(super) fn cen_instance(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(cen) = attrs::<raw::CenInstance>(b, instance) else {
        return;
    };
    let Some(id) = cen.id.get() else {
        return no_id(b, instance, "id");
    };
    b.cen(
        file,
        CenFact {
            id,
            common: common(&[&cen.cen_instance_name, &cen.name], &cen.tags),
        },
    );
}

/// A network attached directly to a CEN (which makes it a basic-edition CEN).
pub(super) fn cen_instance_attachment(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(child) = attrs::<raw::CenInstanceAttachment>(b, instance) else {
        return;
    };
    // Attaching a network directly to the CEN is the basic edition's way.
    b.cen_edition(file, child.instance_id.as_str(), "Basic");
    b.child(ChildFact {
        file: file.to_string(),
        cen: child.instance_id.as_str().to_string(),
        instance: child.child_instance_id.as_str().to_string(),
        kind: child.child_instance_type.as_str().to_string(),
        region: child.child_instance_region_id.get(),
        status: child.status.get(),
    });
}

/// The bandwidth a basic-edition CEN allocates to a pair of regions.
pub(super) fn cen_bandwidth_limit(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(limit) = attrs::<raw::CenBandwidthLimit>(b, instance) else {
        return;
    };
    let regions = texts(&limit.region_ids);
    let [a, z] = regions.as_slice() else {
        b.skip(
            file,
            &instance.kind,
            &instance.address,
            "`region_ids` is not a pair of regions",
        );
        return;
    };
    b.limit(LimitFact {
        file: file.to_string(),
        cen: limit.instance_id.as_str().to_string(),
        region_a: a.clone(),
        region_b: z.clone(),
        mbps: limit.bandwidth_limit.0,
        status: None,
        attachment: None,
    });
}

/// A transit router.
pub(super) fn cen_transit_router(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(tr) = attrs::<raw::TransitRouter>(b, instance) else {
        return;
    };
    let Some(id) = tr.transit_router_id.get() else {
        return no_id(b, instance, "transit_router_id");
    };
    b.transit_router(
        file,
        TrFact {
            id,
            common: common(&[&tr.transit_router_name], &tr.tags),
            cen: tr.cen_id.as_str().to_string(),
            region: None,
            kind: tr.kind.get(),
        },
    );
}

/// One transit-router attachment resource of any of the four kinds.
pub(super) fn attachment(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(att) = attrs::<raw::Attachment>(b, instance) else {
        return;
    };
    // The resource id is `<cen>:<attachment>`; the attachment id has its own attribute.
    let id = att.transit_router_attachment_id.get().or_else(|| {
        att.id
            .get()
            .map(|id| id.rsplit(':').next().unwrap_or_default().to_string())
    });
    let Some(id) = id.filter(|i| !i.is_empty()) else {
        return no_id(b, instance, "transit_router_attachment_id");
    };
    let (resource_type, resource) = match instance.kind.as_str() {
        "alicloud_cen_transit_router_vpc_attachment" => ("VPC", att.vpc_id.as_str()),
        "alicloud_cen_transit_router_vbr_attachment" => ("VBR", att.vbr_id.as_str()),
        "alicloud_cen_transit_router_vpn_attachment" => ("VPN", att.vpn_id.as_str()),
        _ => ("TR", att.peer_transit_router_id.as_str()),
    };
    let vpc = resource_type == "VPC";
    for (flag, what) in [
        (
            att.route_table_association_enabled,
            "route_table_association_enabled",
        ),
        (
            att.route_table_propagation_enabled,
            "route_table_propagation_enabled",
        ),
    ] {
        if vpc && flag.is_true() {
            b.warn(
                file,
                &instance.kind,
                &instance.address,
                format!(
                    "`{what}` (deprecated) names no route table in the state: write the association or propagation as its own resource"
                ),
            );
        }
    }
    let fact = AttachmentFact {
        id,
        common: common(&[&att.transit_router_attachment_name], &att.tags),
        tr: att.transit_router_id.as_str().to_string(),
        resource_type: resource_type.to_string(),
        resource: resource.to_string(),
        status: att.status.get(),
        vswitches: att
            .zone_mappings
            .iter()
            .filter_map(|z| z.vswitch_id.get())
            .collect(),
        route_sync: vpc.then_some(att.auto_publish_route_enabled.0).flatten(),
        bandwidth: att.bandwidth.0,
    };
    b.attachment(file, fact, None);
}

/// A transit-router route table.
pub(super) fn tr_route_table(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(table) = attrs::<raw::TrRouteTable>(b, instance) else {
        return;
    };
    let Some(id) = table.transit_router_route_table_id.get() else {
        return no_id(b, instance, "transit_router_route_table_id");
    };
    b.tr_table(
        file,
        TrTableFact {
            id,
            common: common(&[&table.transit_router_route_table_name], &table.tags),
            tr: table.transit_router_id.as_str().to_string(),
            kind: table.transit_router_route_table_type.get(),
        },
    );
}

/// An association or a propagation between a transit-router table and an attachment.
pub(super) fn tr_link(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(link) = attrs::<raw::TrLink>(b, instance) else {
        return;
    };
    b.tr_link(TrLinkFact {
        file: file.to_string(),
        table: link.transit_router_route_table_id.as_str().to_string(),
        attachment: link.transit_router_attachment_id.as_str().to_string(),
        association: instance.kind.ends_with("association"),
        status: link.status.get(),
    });
}

/// A static route of a transit-router table.
pub(super) fn tr_route_entry(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(entry) = attrs::<raw::TrRouteEntry>(b, instance) else {
        return;
    };
    b.tr_route(TrRouteFact {
        file: file.to_string(),
        table: entry.transit_router_route_table_id.get(),
        id: Some(instance.address.clone()),
        destination: entry
            .transit_router_route_entry_destination_cidr_block
            .as_str()
            .to_string(),
        entry_type: "Static".into(),
        status: entry.status.get(),
        hop_type: entry
            .transit_router_route_entry_next_hop_type
            .as_str()
            .to_string(),
        hop_id: entry.transit_router_route_entry_next_hop_id.get(),
    });
}
