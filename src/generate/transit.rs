//! The generator's accounts and transit layer: the two accounts, the one
//! Enterprise CEN, a transit router per region with its system route table,
//! and a pair of `peer` attachments (100 Mbit/s) between every two regions.
//!
//! Invariant: `inv.tr_route_tables` holds one table per region, in region
//! order, so later steps find region `r`'s table at position `r`.

use super::plan::{aliyun_id, region_name, ACCOUNT_BUSINESS, ACCOUNT_PLATFORM};
use super::Generator;
use crate::model::{
    Account, Cen, CenEdition, TrAttachment, TrAttachmentStatus, TrAttachmentType, TrRouteTable,
    TrRouteTableKind, TransitRouter,
};

/// The id of the one CEN.
const CEN_ID: &str = "cen-dataworks-backbone";

impl Generator {
    /// Adds the accounts, the CEN, the transit routers with their route
    /// tables and the inter-region peer attachments.
    pub(super) fn accounts_and_transit(&mut self) {
        let layout = &self.layout;
        let inv = &mut self.inv;
        inv.accounts = vec![
            Account {
                id: ACCOUNT_PLATFORM.into(),
                name: Some("data platform".into()),
                tags: None,
            },
            Account {
                id: ACCOUNT_BUSINESS.into(),
                name: Some("business unit".into()),
                tags: None,
            },
        ];
        inv.cens.push(Cen {
            id: CEN_ID.into(),
            name: Some("enterprise backbone".into()),
            tags: None,
            account: Some(ACCOUNT_PLATFORM.into()),
            edition: CenEdition::Enterprise,
            attachments: None,
            bandwidth: None,
        });
        for r in 0..layout.regions {
            inv.transit_routers.push(TransitRouter {
                id: layout.ids.tr(r),
                name: None,
                tags: None,
                account: None,
                cen: CEN_ID.into(),
                region: region_name(r),
            });
            inv.tr_route_tables.push(TrRouteTable {
                id: layout.ids.tr_table(r),
                name: None,
                tags: None,
                account: None,
                transit_router: layout.ids.tr(r),
                kind: Some(TrRouteTableKind::System),
                associations: Vec::new(),
                propagations: Vec::new(),
                routes: Vec::new(),
            });
        }
        // Inter-region connections: a pair of peer attachments between every two regions.
        let regions = layout.regions;
        for (a, table) in inv.tr_route_tables.iter_mut().enumerate() {
            for b in 0..regions {
                if a == b {
                    continue;
                }
                let id = aliyun_id("tr-attach", a, (1 << 28) + a * regions + b);
                inv.tr_attachments.push(TrAttachment {
                    id: id.clone(),
                    name: None,
                    tags: None,
                    account: None,
                    transit_router: layout.ids.tr(a),
                    kind: TrAttachmentType::Peer,
                    resource: layout.ids.tr(b),
                    status: Some(TrAttachmentStatus::Attached),
                    vswitches: None,
                    route_sync: None,
                    advertise: None,
                    bandwidth_mbps: Some(100),
                });
                table.associations.push(id.clone());
                table.propagations.push(id);
            }
        }
    }
}
