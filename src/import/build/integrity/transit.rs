//! The closing pass over the transit family: CENs' basic attachments,
//! transit routers, their attachments, and their route tables (associations,
//! propagations, routes), each kept only where what it refers to is there.

use super::*;

impl Pass<'_, '_> {
    /// The transit family, against the index of the pass.
    pub(super) fn transit(&mut self, inv: &mut Inventory, ix: &Index) {
        self.cens_and_routers(inv, ix);
        self.tr_attachments(inv, ix);
        self.tr_route_tables(inv, ix);
    }

    /// The VPCs and VBRs of basic-edition CENs that are there, and the
    /// transit routers of CENs that are there.
    fn cens_and_routers(&mut self, inv: &mut Inventory, ix: &Index) {
        for cen in &mut inv.cens {
            if let Some(list) = cen.attachments.take() {
                let mut kept = Vec::new();
                for attachment in list {
                    let present = match attachment.kind {
                        BasicAttachmentType::Vpc => ix.vpcs.contains(&attachment.instance),
                        BasicAttachmentType::Vbr => ix.vbrs.contains(&attachment.instance),
                    };
                    if present {
                        kept.push(attachment);
                    } else {
                        let what = match attachment.kind {
                            BasicAttachmentType::Vpc => "VPC",
                            BasicAttachmentType::Vbr => "VBR",
                        };
                        let reason = missing(what, &attachment.instance);
                        let handle = format!("{} {}", cen.id, attachment.instance);
                        let file = self
                            .from
                            .resources
                            .get(&cen.id)
                            .cloned()
                            .unwrap_or_default();
                        self.skipped.push(Item {
                            file,
                            kind: "cen_child_instance".into(),
                            id: handle,
                            reason,
                        });
                        self.changed = true;
                    }
                }
                cen.attachments = (!kept.is_empty()).then_some(kept);
            }
        }
        let mut kept = Vec::new();
        for tr in std::mem::take(&mut inv.transit_routers) {
            if !ix.cens.contains(&tr.cen) {
                let reason = missing("CEN", &tr.cen);
                self.report("transit_router", &tr.id.clone(), &tr.id, reason);
                continue;
            }
            kept.push(tr);
        }
        inv.transit_routers = kept;
    }

    /// Attachments whose transit router and resource are there (a VPN
    /// connection on a transit router, a peer that is another router), with
    /// only the vSwitches of their VPC.
    fn tr_attachments(&mut self, inv: &mut Inventory, ix: &Index) {
        let mut kept = Vec::new();
        for mut att in std::mem::take(&mut inv.tr_attachments) {
            if !ix.transit_routers.contains(&att.transit_router) {
                let reason = missing("transit router", &att.transit_router);
                self.report("tr_attachment", &att.id.clone(), &att.id, reason);
                continue;
            }
            let problem = match att.kind {
                TrAttachmentType::Vpc => {
                    (!ix.vpcs.contains(&att.resource)).then(|| missing("VPC", &att.resource))
                }
                TrAttachmentType::Vbr => {
                    (!ix.vbrs.contains(&att.resource)).then(|| missing("VBR", &att.resource))
                }
                TrAttachmentType::Vpn => match ix.vpn_connections.get(&att.resource) {
                    None => Some(missing("VPN connection", &att.resource)),
                    Some(false) => Some(format!(
                        "VPN connection `{}` is on a VPN gateway, not on a transit router",
                        att.resource
                    )),
                    Some(true) => None,
                },
                TrAttachmentType::Peer => {
                    if !ix.transit_routers.contains(&att.resource) {
                        Some(format!(
                            "{} (another region or account that was not exported?)",
                            missing("transit router", &att.resource)
                        ))
                    } else if att.resource == att.transit_router {
                        Some("a peer attachment to its own transit router".into())
                    } else {
                        None
                    }
                }
            };
            if let Some(reason) = problem {
                self.report("tr_attachment", &att.id.clone(), &att.id, reason);
                continue;
            }
            if let Some(list) = att.vswitches.take() {
                let mut good = Vec::new();
                for vsw in list {
                    if ix.vswitch_vpc.get(&vsw) == Some(&att.resource) {
                        good.push(vsw);
                    } else {
                        let reason =
                            format!("vSwitch `{vsw}` is not imported in VPC `{}`", att.resource);
                        self.report(
                            "tr_attachment_vswitch",
                            &format!("{} {vsw}", att.id),
                            &att.id,
                            reason,
                        );
                    }
                }
                att.vswitches = Some(good);
            }
            kept.push(att);
        }
        inv.tr_attachments = kept;
    }

    /// Route tables of transit routers that are there, with associations,
    /// propagations and routes through attachments of that router (an
    /// attachment associated with one table only).
    fn tr_route_tables(&mut self, inv: &mut Inventory, ix: &Index) {
        let mut associated: BTreeSet<String> = BTreeSet::new();
        let mut kept = Vec::new();
        let mut tables = std::mem::take(&mut inv.tr_route_tables);
        tables.sort_by(|a, b| a.id.cmp(&b.id));
        for mut table in tables {
            if !ix.transit_routers.contains(&table.transit_router) {
                let reason = missing("transit router", &table.transit_router);
                self.report("tr_route_table", &table.id.clone(), &table.id, reason);
                continue;
            }
            let same_tr = |id: &String| {
                ix.attachments
                    .get(id)
                    .is_some_and(|(tr, _, _)| *tr == table.transit_router)
            };
            for association in [true, false] {
                let list = if association {
                    std::mem::take(&mut table.associations)
                } else {
                    std::mem::take(&mut table.propagations)
                };
                let kind = if association {
                    "tr_association"
                } else {
                    "tr_propagation"
                };
                let mut good = Vec::new();
                for att in list {
                    if !same_tr(&att) {
                        let reason = missing("attachment of this transit router", &att);
                        self.report(kind, &format!("{} {att}", table.id), &table.id, reason);
                    } else if association && !associated.insert(att.clone()) {
                        let reason =
                            format!("attachment `{att}` is already associated with another table");
                        self.report(kind, &format!("{} {att}", table.id), &table.id, reason);
                    } else {
                        good.push(att);
                    }
                }
                if association {
                    table.associations = good;
                } else {
                    table.propagations = good;
                }
            }
            let mut routes = Vec::new();
            for route in std::mem::take(&mut table.routes) {
                if let Some(att) = &route.next_hop.id {
                    if route.next_hop.kind == TrNextHopType::Attachment && !same_tr(att) {
                        let reason = missing("attachment of this transit router", att);
                        self.report(
                            "tr_route",
                            &format!("{} {}", table.id, route.destination),
                            &table.id,
                            reason,
                        );
                        continue;
                    }
                }
                routes.push(route);
            }
            table.routes = routes;
            kept.push(table);
        }
        inv.tr_route_tables = kept;
    }
}
