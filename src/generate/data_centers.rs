//! The generator's data centers: one per region (at most 16), each a /16 of
//! 172.16.0.0/12 behind an enabled physical connection and an active VBR with
//! its route, the VBR attached to the region's transit router; a data center
//! returns `10.0.0.0/8` through its connection unless it is broken on purpose.
//!
//! Invariant: data center `k` is named `idc-<region>-<k>` (the data sources
//! placed in it are built from the same name).

use super::plan::{aliyun_id, cidr, dc_base, fault_tags, region_name};
use super::plan::{ACCOUNT_PLATFORM, SUMMARY_VPCS};
use super::Generator;
use crate::model::{
    DataCenter, DataCenterRoute, PhysicalConnection, PhysicalConnectionStatus, TrAttachment,
    TrAttachmentStatus, TrAttachmentType, Vbr, VbrNextHop, VbrNextHopType, VbrRoute, VbrStatus,
};

/// The id of data center `k` in a layout of `regions` regions.
pub(super) fn data_center_id(k: usize, regions: usize) -> String {
    format!("idc-{}-{k:02}", region_name(k % regions))
}

impl Generator {
    /// Draws which data centers are broken (missing their return route), then
    /// adds each with its physical connection, VBR and VBR attachment.
    pub(super) fn data_centers(&mut self) {
        let layout = &self.layout;
        let inv = &mut self.inv;
        let regions = layout.regions;
        self.broken_centers = self.random.choose(layout.centers(), layout.spec.fault_rate);
        for (k, &broken_center) in self.broken_centers.iter().enumerate() {
            let r = k % regions;
            let (dc, pc, vbr) = (
                data_center_id(k, regions),
                aliyun_id("pc", r, k),
                aliyun_id("vbr", r, k),
            );
            let attachment = aliyun_id("tr-attach", r, (1 << 29) + k);
            inv.data_centers.push(DataCenter {
                id: dc.clone(),
                name: Some(format!("data center {k} ({})", region_name(r))),
                tags: if broken_center {
                    fault_tags("return-route-missing")
                } else {
                    None
                },
                account: Some(ACCOUNT_PLATFORM.into()),
                cidrs: vec![cidr(dc_base(k), 16)],
                routes: if broken_center {
                    Vec::new()
                } else {
                    vec![DataCenterRoute {
                        destination: SUMMARY_VPCS.into(),
                        via: pc.clone(),
                    }]
                },
            });
            inv.physical_connections.push(PhysicalConnection {
                id: pc.clone(),
                name: None,
                tags: None,
                account: None,
                data_center: Some(dc),
                status: PhysicalConnectionStatus::Enabled,
            });
            inv.vbrs.push(Vbr {
                id: vbr.clone(),
                name: None,
                tags: None,
                account: None,
                region: region_name(r),
                physical_connection: pc.clone(),
                status: VbrStatus::Active,
                local_ip: None,
                peer_ip: None,
                routes: vec![VbrRoute {
                    destination: cidr(dc_base(k), 16),
                    next_hop: VbrNextHop {
                        kind: VbrNextHopType::PhysicalConnection,
                        id: pc,
                    },
                }],
            });
            inv.tr_attachments.push(TrAttachment {
                id: attachment.clone(),
                name: None,
                tags: None,
                account: None,
                transit_router: layout.ids.tr(r),
                kind: TrAttachmentType::Vbr,
                resource: vbr,
                status: Some(TrAttachmentStatus::Attached),
                vswitches: None,
                route_sync: None,
                advertise: None,
                bandwidth_mbps: None,
            });
            if let Some(table) = inv.tr_route_tables.get_mut(r) {
                table.associations.push(attachment.clone());
                table.propagations.push(attachment);
            }
        }
    }
}
