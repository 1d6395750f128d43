//! Lookups the walks need on a miss or at a border, precomputed once per
//! engine: the CENs a VPC or VBR is attached to and in which regions, which
//! regions an inter-region connection joins, the data center behind a
//! physical connection or customer gateway, and the TR attachment of a VPN
//! connection.
//!
//! Invariant: built from the `ValidInventory` alone, in id order where the
//! order can reach a report, so that the same input in any order gives the
//! same lookups.

use std::collections::{HashMap, HashSet};

use ipnet::Ipv4Net;

use crate::validate::{
    Arena, AttachmentIx, AttachmentKind, CenIx, CustomerGatewayIx, DataCenterIx,
    PhysicalConnectionIx, ValidInventory, VbrIx, Via, VpcIx, VpnConnectionIx,
};

/// Lookups the walks need on a miss or at a border, precomputed once per
/// engine so that no pair scans every attachment or data center:
/// O(attachments + data-center routes) to build.
#[derive(Debug, Default)]
pub(super) struct Index {
    vpc_cens: Arena<VpcIx, Vec<CenIx>>,
    vbr_cens: Arena<VbrIx, Vec<CenIx>>,
    /// (CEN, network) → the regions where the network is attached to the CEN.
    pub(super) vpc_regions: HashMap<(CenIx, VpcIx), Vec<String>>,
    /// (CEN, network) → the regions where the network is attached to the CEN.
    pub(super) dc_regions: HashMap<(CenIx, DataCenterIx), Vec<String>>,
    joined: HashSet<(CenIx, String, String)>,
    pc_route_dcs: Arena<PhysicalConnectionIx, Vec<DataCenterIx>>,
    cgw_route_dcs: Arena<CustomerGatewayIx, Vec<DataCenterIx>>,
    vpn_attachment: HashMap<VpnConnectionIx, AttachmentIx>,
}

impl Index {
    /// Builds the lookups of `v`.
    pub(super) fn build(v: &ValidInventory) -> Index {
        let mut index = Index {
            vpc_cens: Arena::filled(v.vpcs.len(), Vec::new()),
            vbr_cens: Arena::filled(v.vbrs.len(), Vec::new()),
            pc_route_dcs: Arena::filled(v.physical_connections.len(), Vec::new()),
            cgw_route_dcs: Arena::filled(v.customer_gateways.len(), Vec::new()),
            ..Index::default()
        };
        let mut dcs: Vec<DataCenterIx> = v.data_centers.indices().collect();
        dcs.sort_by(|a, b| v.data_centers[*a].id.cmp(&v.data_centers[*b].id));
        for d in dcs {
            for route in &v.data_centers[d].routes {
                let list = match route.via {
                    Via::PhysicalConnection(pc) => index.pc_route_dcs.lookup_mut(pc),
                    Via::VpnConnection(c) => index
                        .cgw_route_dcs
                        .lookup_mut(v.vpn_connections[c].customer_gateway),
                };
                if let Some(list) = list {
                    if !list.contains(&d) {
                        list.push(d);
                    }
                }
            }
        }
        for (a, att) in v.tr_attachments.iter().enumerate() {
            let tr = &v.transit_routers[att.tr];
            match &att.kind {
                AttachmentKind::Vpc { vpc, .. } => {
                    index.vpc_cens[*vpc].push(tr.cen);
                    index
                        .vpc_regions
                        .entry((tr.cen, *vpc))
                        .or_default()
                        .push(tr.region.clone());
                }
                AttachmentKind::Vbr(vbr) => {
                    index.vbr_cens[*vbr].push(tr.cen);
                    if let Some(dc) = index.dc_behind_pc(v, v.vbrs[*vbr].physical_connection, None)
                    {
                        index
                            .dc_regions
                            .entry((tr.cen, dc))
                            .or_default()
                            .push(tr.region.clone());
                    }
                }
                AttachmentKind::Vpn(c) => {
                    index
                        .vpn_attachment
                        .entry(*c)
                        .or_insert(AttachmentIx::at(a));
                    if let Some(dc) = index.dc_behind_vpn(v, *c) {
                        index
                            .dc_regions
                            .entry((tr.cen, dc))
                            .or_default()
                            .push(tr.region.clone());
                    }
                }
                AttachmentKind::Peer { remote, .. } => {
                    if att.counterpart.is_some() {
                        let remote_region = v.transit_routers[*remote].region.clone();
                        index
                            .joined
                            .insert((tr.cen, tr.region.clone(), remote_region));
                    }
                }
            }
        }
        for list in index.vpc_cens.iter_mut().chain(index.vbr_cens.iter_mut()) {
            list.sort();
            list.dedup();
        }
        index
    }

    /// The CENs a VPC is attached to.
    pub(super) fn cens_of_vpc(&self, vpc: VpcIx) -> Vec<CenIx> {
        self.vpc_cens.lookup(vpc).cloned().unwrap_or_default()
    }

    /// The CENs a VBR is attached to.
    pub(super) fn cens_of_vbr(&self, vbr: VbrIx) -> Vec<CenIx> {
        self.vbr_cens.lookup(vbr).cloned().unwrap_or_default()
    }

    /// semantics S8.9: a direct inter-region connection (both peer attachments present).
    pub(super) fn regions_joined(&self, cen: CenIx, a: &str, b: &str) -> bool {
        self.joined.contains(&(cen, a.to_string(), b.to_string()))
    }

    /// The attachment of a VPN connection on a transit router.
    pub(super) fn vpn_attachment(&self, connection: VpnConnectionIx) -> Option<AttachmentIx> {
        self.vpn_attachment.get(&connection).copied()
    }

    /// The data center behind a physical connection: its `data_center`, else the
    /// one whose routes go via it (the one holding `dest` when several do).
    pub(super) fn dc_behind_pc(
        &self,
        v: &ValidInventory,
        pc: PhysicalConnectionIx,
        dest: Option<Ipv4Net>,
    ) -> Option<DataCenterIx> {
        if let Some(dc) = v.physical_connections[pc].data_center {
            return Some(dc);
        }
        pick(v, self.pc_route_dcs.lookup(pc), dest)
    }

    /// The data center behind a VPN connection: its customer gateway's
    /// `data_center`, else the one whose routes go via a connection of that gateway.
    pub(super) fn dc_behind_vpn(
        &self,
        v: &ValidInventory,
        connection: VpnConnectionIx,
    ) -> Option<DataCenterIx> {
        let cgw = v.vpn_connections[connection].customer_gateway;
        if let Some(dc) = v.customer_gateways[cgw].data_center {
            return Some(dc);
        }
        pick(v, self.cgw_route_dcs.lookup(cgw), None)
    }
}

/// Of the data centers `candidates`, the one holding `dest`, else the first.
fn pick(
    v: &ValidInventory,
    candidates: Option<&Vec<DataCenterIx>>,
    dest: Option<Ipv4Net>,
) -> Option<DataCenterIx> {
    let candidates = candidates?;
    if let Some(dest) = dest {
        if let Some(holder) = candidates
            .iter()
            .find(|d| v.data_centers[**d].cidrs.iter().any(|c| c.contains(&dest)))
        {
            return Some(*holder);
        }
    }
    candidates.first().copied()
}
