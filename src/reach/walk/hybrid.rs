//! The walk over Express Connect (semantics S3.3, S3.4): VBRs, their physical
//! connections and the data centers behind them.
//!
//! Rules obeyed here: a VBR forwards only when it is active and its physical
//! connection enabled; its routes lead over the physical connection, through
//! a router interface into a VPC, or (learned) into the transit router it is
//! attached to; a data center delivers only the ranges it holds. A physical
//! connection with no known data center behind it leaves the model (undecided).

use std::borrow::Cow;

use super::{net_text, DeliveredAt, Entry, Flow, PlaceKey, Walk};
use crate::findings::diags::{self, Behind, Down, Lookup};
use crate::model::{PhysicalConnectionStatus, VbrStatus};
use crate::reach::fix;
use crate::route::{split, VbrMatch, VbrRoute};
use crate::validate::{DataCenterIx, PhysicalConnectionIx, VbrIx};

impl Walk<'_, '_> {
    /// semantics S3.3: a VBR (from a TR or a router interface), looked up by longest
    /// prefix in its own routes and the routes it learns from the transit
    /// router it is attached to.
    pub(super) fn vbr(&mut self, vbr: VbrIx, flow: Flow) {
        let v = self.v();
        let router = &v.vbrs[vbr];
        let pc = &v.physical_connections[router.physical_connection];
        self.transit.insert(Cow::Borrowed(&router.id));
        if !self.enter(PlaceKey::Vbr(vbr), &router.id, &flow) {
            return;
        }
        // A VBR forwards only when it is active and its physical connection
        // enabled; the VBR is named first when both are down.
        if router.status != VbrStatus::Active || pc.status != PhysicalConnectionStatus::Enabled {
            let down = if router.status != VbrStatus::Active {
                Down::Vbr {
                    vbr: &router.id,
                    status: router.status,
                    pc: &pc.id,
                }
            } else {
                Down::PhysicalConnection {
                    pc: &pc.id,
                    status: pc.status,
                    vbr: &router.id,
                }
            };
            self.hop(
                &router.id,
                None,
                None,
                None,
                Some(flow.dest),
                Some("link down".into()),
            );
            self.add(diags::link_down(down));
            self.leave();
            return;
        }
        let r = self.e.r;
        for part in split(flow.dest, &|p| r.vbr_has_inside(v, vbr, p)) {
            let mut flow = Flow {
                dest: part,
                ..flow.clone()
            };
            flow.depth += 1;
            match r.lookup_vbr(v, vbr, part) {
                None => {
                    let remedy = fix::vbr_route(self.e, vbr, part, self.dir);
                    self.miss(
                        Some(router.region.clone()),
                        self.e.index.cens_of_vbr(vbr),
                        part,
                        Lookup::Vbr {
                            vbr: &router.id,
                            part,
                            remedy,
                        },
                    );
                }
                // Toward the data center, over the physical connection.
                Some((prefix, VbrMatch::Own(VbrRoute::PhysicalConnection(pc_ix)))) => {
                    let pc_id: &str = &v.physical_connections[pc_ix].id;
                    self.hop(
                        &router.id,
                        Some(&router.id),
                        Some(net_text(prefix)),
                        Some(pc_id),
                        Some(part),
                        None,
                    );
                    self.over_physical_connection(pc_ix, flow);
                }
                // Into a VPC over a router interface: its system table.
                Some((prefix, VbrMatch::Own(VbrRoute::RouterInterface(vpc)))) => {
                    let vpc_id: &str = &v.vpcs[vpc].id;
                    self.hop(
                        &router.id,
                        Some(&router.id),
                        Some(net_text(prefix)),
                        Some(vpc_id),
                        Some(part),
                        Some("router interface".into()),
                    );
                    self.vpc(vpc, v.vpcs[vpc].system_table, Entry::Gateway, flow);
                }
                // Learned from the transit router: back through the VBR's
                // attachment into the table it is associated with.
                Some((prefix, VbrMatch::Learned { attachment, table })) => {
                    let att_id: &str = &v.tr_attachments[attachment].id;
                    self.hop(
                        &router.id,
                        Some(&router.id),
                        Some(net_text(prefix)),
                        Some(att_id),
                        Some(part),
                        Some("learned from the transit router".into()),
                    );
                    if self.attachment_usable(attachment) {
                        self.transit.insert(Cow::Borrowed(
                            &v.transit_routers[v.tr_attachments[attachment].tr].id,
                        ));
                        self.tr(table, flow);
                    }
                }
            }
        }
        self.leave();
    }

    /// Over a physical connection to the data center behind it (the one
    /// holding the destination when several route over it); with none known,
    /// the path leaves the model.
    pub(super) fn over_physical_connection(&mut self, pc: PhysicalConnectionIx, flow: Flow) {
        let v = self.v();
        let connection = &v.physical_connections[pc];
        self.transit.insert(Cow::Borrowed(&connection.id));
        match self.e.index.dc_behind_pc(v, pc, Some(flow.dest)) {
            Some(dc) => self.data_center(dc, flow),
            None => self.add(diags::leaves_model(
                Behind::PhysicalConnection(&connection.id),
                flow.dest,
            )),
        }
    }

    /// semantics S3.4: a data center delivers its own ranges; a destination it does not
    /// hold was captured by routes toward it that are too wide.
    pub(super) fn data_center(&mut self, dc: DataCenterIx, flow: Flow) {
        let v = self.v();
        let center = &v.data_centers[dc];
        if center.cidrs.iter().any(|c| c.contains(&flow.dest)) {
            self.hop(&center.id, None, None, Some("local"), Some(flow.dest), None);
            self.deliver(DeliveredAt::DataCenter(dc), &flow);
        } else {
            let finding = self.route_missing(Lookup::DataCenter {
                dc: &center.id,
                dest: flow.dest,
            });
            self.add(finding);
        }
    }
}
