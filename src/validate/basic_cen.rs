//! The expansion of a basic-edition CEN into the enterprise model (semantics S2.6): one
//! implied transit router per region among its attachments, each with one route
//! table with which every attachment of that region is associated and into which
//! each propagates; every VPC attachment synchronizes routes into its VPC; each
//! `bandwidth` entry with `mbps > 0` is an inter-region connection (a pair of
//! peer attachments). VBR-to-VBR traffic is refused by the engine, which asks
//! the CEN's edition.
//!
//! Implied ids are `<cen>/<region>` (router), `<cen>/<region>/table` (table),
//! `<cen>/<instance>` (attachment) and `<cen>/<region>-><other region>` (peer).

use std::collections::BTreeMap;

use super::spans::{implied_id, link_counterparts};
use super::types::*;
use crate::diag::{InputError, SourceMap};
use crate::model::{BasicAttachmentType, CenEdition, Inventory, TrAttachmentStatus};

/// Expands every basic-edition CEN of `inventory` into `v`.
pub fn expand(
    inventory: &Inventory,
    v: &mut ValidInventory,
    errors: &mut Vec<InputError>,
    sources: &SourceMap,
) {
    for (c, cen) in inventory.cens.iter().enumerate() {
        if cen.edition != CenEdition::Basic {
            continue;
        }
        // region -> attachments (instance kind, index), in id order
        let mut regions: BTreeMap<String, Vec<(BasicAttachmentType, usize, String)>> =
            BTreeMap::new();
        for (a, attachment) in cen.attachments.iter().flatten().enumerate() {
            let Some(&(kind, index)) = v.ids.get(&attachment.instance) else {
                continue;
            };
            let instance_region = match kind {
                Kind::Vpc => v
                    .vpcs
                    .lookup(VpcIx::at(index))
                    .map(|vpc| vpc.region.clone()),
                Kind::Vbr => v
                    .vbrs
                    .lookup(VbrIx::at(index))
                    .map(|vbr| vbr.region.clone()),
                _ => None,
            };
            let Some(instance_region) = instance_region else {
                continue;
            };
            if let Some(region) = &attachment.region {
                if *region != instance_region {
                    errors.push(InputError {
                        location: sources.locate("cens", c, &format!("/attachments/{a}/region")),
                        message: format!(
                            "`{}` is in region `{instance_region}`, not `{region}`",
                            attachment.instance
                        ),
                        hint: Some("leave `region` out to use the instance's region".into()),
                    });
                    continue;
                }
            }
            regions.entry(instance_region).or_default().push((
                attachment.kind,
                index,
                attachment.instance.clone(),
            ));
        }
        let cen_ix = CenIx::at(c);
        let mut tables: BTreeMap<String, TrRouteTableIx> = BTreeMap::new();
        for (region, mut attachments) in regions {
            attachments.sort_by(|a, b| a.2.cmp(&b.2));
            attachments.dedup_by(|a, b| a.2 == b.2);
            let tr_id = implied_id(&v.ids, &format!("{}/{region}", cen.id));
            let tr = TransitRouterIx::at(v.transit_routers.len());
            v.transit_routers.push(TransitRouter {
                id: tr_id.clone(),
                cen: cen_ix,
                region: region.clone(),
                account: v.cens[cen_ix].account.clone(),
                implied: true,
                attachments: Vec::new(),
                tables: Vec::new(),
            });
            v.ids.insert(tr_id.clone(), (Kind::TransitRouter, tr.ix()));
            v.cens[cen_ix].transit_routers.push(tr);
            let table_id = implied_id(&v.ids, &format!("{tr_id}/table"));
            let table = TrRouteTableIx::at(v.tr_route_tables.len());
            v.tr_route_tables.push(TrRouteTable {
                id: table_id.clone(),
                tr,
                implied: true,
                associations: Vec::new(),
                propagations: Vec::new(),
                routes: Vec::new(),
            });
            v.ids.insert(table_id, (Kind::TrRouteTable, table.ix()));
            v.transit_routers[tr].tables.push(table);
            tables.insert(region, table);
            for (kind, index, instance) in attachments {
                let kind = match kind {
                    BasicAttachmentType::Vpc => AttachmentKind::Vpc {
                        vpc: VpcIx::at(index),
                        vswitches: Vec::new(),
                        route_sync: true,
                        advertise: Vec::new(),
                    },
                    BasicAttachmentType::Vbr => AttachmentKind::Vbr(VbrIx::at(index)),
                };
                add_attachment(v, &format!("{}/{instance}", cen.id), tr, table, kind);
            }
        }
        for bandwidth in cen.bandwidth.iter().flatten() {
            let (Some(a), Some(b)) = (bandwidth.regions.first(), bandwidth.regions.get(1)) else {
                continue;
            };
            if bandwidth.mbps == 0 {
                continue;
            }
            let (Some(&table_a), Some(&table_b)) = (tables.get(a), tables.get(b)) else {
                continue;
            };
            let (tr_a, tr_b) = (v.tr_route_tables[table_a].tr, v.tr_route_tables[table_b].tr);
            let peer = |remote| AttachmentKind::Peer {
                remote,
                bandwidth_mbps: Some(bandwidth.mbps),
            };
            add_attachment(
                v,
                &format!("{}/{a}->{b}", cen.id),
                tr_a,
                table_a,
                peer(tr_b),
            );
            add_attachment(
                v,
                &format!("{}/{b}->{a}", cen.id),
                tr_b,
                table_b,
                peer(tr_a),
            );
        }
    }
    link_counterparts(v);
}

fn add_attachment(
    v: &mut ValidInventory,
    wanted: &str,
    tr: TransitRouterIx,
    table: TrRouteTableIx,
    kind: AttachmentKind,
) {
    let id = implied_id(&v.ids, wanted);
    let att = AttachmentIx::at(v.tr_attachments.len());
    v.tr_attachments.push(TrAttachment {
        id: id.clone(),
        tr,
        kind,
        status: TrAttachmentStatus::Attached,
        implied: true,
        associated: Some(table),
        propagates_to: vec![table],
        counterpart: None,
    });
    v.ids.insert(id, (Kind::TrAttachment, att.ix()));
    v.transit_routers[tr].attachments.push(att);
    let table = &mut v.tr_route_tables[table];
    table.associations.push(att);
    table.propagations.push(att);
}
