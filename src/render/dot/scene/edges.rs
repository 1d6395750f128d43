//! The connections of the scene, one method per kind of the resource that
//! holds the reference: peerings, transit-router attachments (a peer pair
//! drawn once), VPN connections, express connect, public addresses, hosted
//! data sources and resource groups' extra bindings.
//!
//! Invariant: edges are pushed in topology order (kind, then id), and a
//! connection that carries no traffic in its present state is `inactive`.

use super::{wire, Look, SceneEdge};
use crate::graph::{Edge, Node, Topology};
use crate::model::{
    NatGatewayType, PeeringStatus, PhysicalConnectionStatus, TrAttachmentStatus, VbrStatus,
    VpnConnectionStatus,
};
use crate::render::dot::escape::Label;
use crate::render::dot::style::EdgeKind;
use crate::validate::{
    AttachmentIx, AttachmentKind, DsLocation, EipIx, EipTarget, NatGatewayIx, NextHop, PeeringIx,
    ResourceGroupIx, RouteTableIx, ValidInventory, VbrIx, VpcIx, VpnAttach, VpnConnectionIx,
};

/// The state the edge steps share: the inputs and the edges found so far.
struct EdgeBuilder<'a> {
    v: &'a ValidInventory,
    topo: &'a Topology,
    collapse: bool,
    /// The design style: connections named, not labelled with ids.
    design: bool,
    names: &'a std::collections::BTreeMap<String, String>,
    out: Vec<SceneEdge>,
    /// (VPC, VBR) router interfaces already drawn.
    interfaces: std::collections::BTreeSet<(VpcIx, VbrIx)>,
}

/// The connections, from the resource that holds each reference, in topology order.
pub(super) fn edges(
    v: &ValidInventory,
    topo: &Topology,
    nodes: &[(Node, String)],
    look: Look<'_>,
) -> Vec<SceneEdge> {
    let mut b = EdgeBuilder {
        v,
        topo,
        collapse: look.collapse,
        design: look.design,
        names: look.names,
        out: Vec::new(),
        interfaces: std::collections::BTreeSet::new(),
    };
    for (n, id) in nodes {
        b.add(*n, id);
    }
    b.out
}

impl EdgeBuilder<'_> {
    fn push(
        &mut self,
        from: Node,
        to: Node,
        kind: EdgeKind,
        label: Label,
        ids: Vec<String>,
        inactive: bool,
    ) {
        self.out.push(SceneEdge {
            from,
            to,
            kind,
            label,
            ids,
            inactive,
        });
    }

    /// The first line of a connection's label: its id (detail style), or its
    /// name (design style; none when it has no name).
    fn title(&self, id: &str) -> Label {
        if self.design {
            self.names
                .get(id)
                .map(|name| Label::of(&crate::render::dot::escape::shorten(name, 40)))
                .unwrap_or_default()
        } else {
            Label::of(id)
        }
    }

    /// Adds the connections topology node `n` (id `id`) holds.
    fn add(&mut self, n: Node, id: &str) {
        let v = self.v;
        match n {
            Node::Peering(ix) => self.peering(ix, id),
            Node::TrAttachment(ix) => self.tr_attachment(ix, id),
            Node::VpnConnection(ix) => self.vpn_connection(ix, id),
            Node::CustomerGateway(ix) => {
                if let Some(dc) = v.customer_gateways.lookup(ix).and_then(|c| c.data_center) {
                    let to = Node::DataCenter(dc);
                    self.push(
                        n,
                        to,
                        EdgeKind::Premises,
                        Label::new(),
                        vec![id.into()],
                        false,
                    );
                }
            }
            Node::Vbr(ix) => {
                if let Some(vbr) = v.vbrs.lookup(ix) {
                    self.push(
                        n,
                        Node::PhysicalConnection(vbr.physical_connection),
                        EdgeKind::Express,
                        Label::new(),
                        vec![id.into()],
                        vbr.status != VbrStatus::Active,
                    );
                }
            }
            Node::PhysicalConnection(ix) => {
                if let Some(pc) = v.physical_connections.lookup(ix) {
                    if let Some(dc) = pc.data_center {
                        self.push(
                            n,
                            Node::DataCenter(dc),
                            EdgeKind::Express,
                            Label::new(),
                            vec![id.into()],
                            pc.status != PhysicalConnectionStatus::Enabled,
                        );
                    }
                }
            }
            Node::RouteTable(ix) => self.router_interfaces(n, ix),
            Node::NatGateway(ix) => self.nat_gateway(n, ix, id),
            Node::Eip(ix) => self.eip(n, ix, id),
            Node::DataSource(ix) => {
                if let Some(DsLocation::Ecs(ecs)) = v.data_sources.lookup(ix).map(|d| d.location) {
                    let from = Node::EcsInstance(ecs);
                    self.push(
                        from,
                        n,
                        EdgeKind::Hosts,
                        Label::new(),
                        vec![id.into()],
                        false,
                    );
                }
            }
            Node::ResourceGroup(ix) => self.resource_group(n, ix, id),
            _ => {}
        }
    }

    /// A peering between its two VPC routers, dashed unless activated.
    fn peering(&mut self, ix: PeeringIx, id: &str) {
        let Some(p) = self.v.peerings.lookup(ix) else {
            return;
        };
        let active = p.status == PeeringStatus::Activated;
        let mut label = self.title(id);
        if !active {
            label.line(&format!("({})", wire(&p.status)));
        }
        self.push(
            Node::Vpc(p.vpc),
            Node::Vpc(p.peer_vpc),
            EdgeKind::Peering,
            label,
            vec![id.to_string()],
            !active,
        );
    }

    /// A VPC's router interfaces: one edge from its router to each VBR that a
    /// route of table `n` names as its next hop (`vbr`), once per VPC and VBR
    /// (the first table by id carries it), labelled with the destinations.
    fn router_interfaces(&mut self, n: Node, ix: RouteTableIx) {
        let v = self.v;
        let Some(table) = v.route_tables.lookup(ix) else {
            return;
        };
        let mut vbrs: Vec<(String, VbrIx)> = self
            .topo
            .neighbors(n, Edge::RouterInterface)
            .into_iter()
            .filter_map(|to| match to {
                Node::Vbr(b) => v.vbrs.lookup(b).map(|x| (x.id.clone(), b)),
                _ => None,
            })
            .collect();
        vbrs.sort();
        for (vbr_id, vbr) in vbrs {
            if !self.interfaces.insert((table.vpc, vbr)) {
                continue;
            }
            // every destination routed to this VBR from any table of the VPC
            let mut destinations: Vec<ipnet::Ipv4Net> = v
                .route_tables
                .iter()
                .filter(|t| t.vpc == table.vpc)
                .flat_map(|t| &t.routes)
                .filter(|r| r.next_hops.contains(&NextHop::Vbr(vbr)))
                .map(|r| r.destination)
                .collect();
            destinations.sort();
            destinations.dedup();
            let mut label = Label::of("router interface");
            if !self.design {
                label.line(&super::joined(&destinations));
            }
            let vpc_id = v.vpcs.lookup(table.vpc).map(|x| x.id.clone());
            let ids = vpc_id.into_iter().chain([vbr_id]).collect();
            let inactive = v
                .vbrs
                .lookup(vbr)
                .is_some_and(|x| x.status != VbrStatus::Active);
            self.push(
                Node::Vpc(table.vpc),
                Node::Vbr(vbr),
                EdgeKind::RouterInterface,
                label,
                ids,
                inactive,
            );
        }
    }

    /// A transit-router attachment: to its VPC or VBR; a peer pair once, from
    /// the side with the smaller id; a VPN attachment not at all (it is drawn
    /// on the VPN connection's edge).
    fn tr_attachment(&mut self, ix: AttachmentIx, id: &str) {
        let v = self.v;
        let Some(att) = v.tr_attachments.lookup(ix) else {
            return;
        };
        let attached = att.status == TrAttachmentStatus::Attached;
        let mut label = if self.design {
            Label::new()
        } else {
            Label::of(id)
        };
        if !attached {
            label.line(&format!("({})", wire(&att.status)));
        }
        if att.associated.is_none() {
            label.line("(not associated)");
        }
        let tr = Node::TransitRouter(att.tr);
        let ids = vec![id.to_string()];
        match &att.kind {
            AttachmentKind::Vpc { vpc, .. } => {
                let to = Node::Vpc(*vpc);
                self.push(tr, to, EdgeKind::Attachment, label, ids, !attached);
            }
            AttachmentKind::Vbr(vbr) => {
                let to = Node::Vbr(*vbr);
                self.push(tr, to, EdgeKind::Attachment, label, ids, !attached);
            }
            // drawn on the VPN connection's own edge
            AttachmentKind::Vpn(_) => {}
            AttachmentKind::Peer {
                remote,
                bandwidth_mbps,
            } => {
                let counterpart = att
                    .counterpart
                    .and_then(|c| v.tr_attachments.lookup(c))
                    .map(|c| c.id.as_str());
                if counterpart.is_some_and(|c| c < id) {
                    return; // drawn from the counterpart
                }
                let mut label = match (counterpart, self.design) {
                    (Some(_), true) => Label::new(),
                    (None, true) => Label::of("(one side only)"),
                    (Some(c), false) => Label::of(&format!("{id} / {c}")),
                    (None, false) => Label::of(&format!("{id} (one side only)")),
                };
                match bandwidth_mbps {
                    Some(mbps) => label.line(&format!("{mbps} Mbps")),
                    None => label.line("no bandwidth"),
                };
                if !attached {
                    label.line(&format!("({})", wire(&att.status)));
                }
                let mut ids = ids;
                ids.extend(counterpart.map(str::to_string));
                self.push(
                    tr,
                    Node::TransitRouter(*remote),
                    EdgeKind::InterRegion,
                    label,
                    ids,
                    !attached || counterpart.is_none(),
                );
            }
        }
    }

    /// A VPN connection from its gateway or transit router to its customer
    /// gateway, naming the transit-router attachments that carry it.
    fn vpn_connection(&mut self, ix: VpnConnectionIx, id: &str) {
        let v = self.v;
        let Some(vco) = v.vpn_connections.lookup(ix) else {
            return;
        };
        let up = vco.status == VpnConnectionStatus::Established;
        let terminus = match vco.attach {
            VpnAttach::Gateway(gateway) => Node::VpnGateway(gateway),
            VpnAttach::TransitRouter(tr) => Node::TransitRouter(tr),
        };
        let mut label = self.title(id);
        if !up {
            label.line(&format!("({})", wire(&vco.status)));
        }
        let mut ids = vec![id.to_string()];
        let mut attachments: Vec<&str> = v
            .tr_attachments
            .iter()
            .filter(|a| a.kind == AttachmentKind::Vpn(ix))
            .map(|a| a.id.as_str())
            .collect();
        attachments.sort_unstable();
        for attachment in attachments {
            if !self.design {
                label.line(&format!("attachment {attachment}"));
            }
            ids.push(attachment.to_string());
        }
        self.push(
            terminus,
            Node::CustomerGateway(vco.customer_gateway),
            EdgeKind::Vpn,
            label,
            ids,
            !up,
        );
    }

    /// A NAT gateway to its EIPs; an internet NAT gateway without EIPs still
    /// faces the internet (dashed).
    fn nat_gateway(&mut self, n: Node, ix: NatGatewayIx, id: &str) {
        let Some(nat) = self.v.nat_gateways.lookup(ix) else {
            return;
        };
        for eip in self.topo.neighbors(n, Edge::HasEip) {
            self.push(
                n,
                eip,
                EdgeKind::Public,
                Label::new(),
                vec![id.into()],
                false,
            );
        }
        if nat.kind == NatGatewayType::Internet && nat.eips.is_empty() {
            let to = Node::Internet;
            self.push(n, to, EdgeKind::Public, Label::new(), vec![id.into()], true);
        }
    }

    /// An EIP from the ECS instance it is bound to, and to the internet when
    /// it is bound to anything.
    fn eip(&mut self, n: Node, ix: EipIx, id: &str) {
        let v = self.v;
        let Some(eip) = v.eips.lookup(ix) else {
            return;
        };
        let bound =
            eip.bound_to.is_some() || v.nat_gateways.iter().any(|nat| nat.eips.contains(&ix));
        if let Some(EipTarget::EcsInstance(ecs)) = eip.bound_to {
            let from = Node::EcsInstance(ecs);
            self.push(
                from,
                n,
                EdgeKind::Public,
                Label::new(),
                vec![id.into()],
                false,
            );
        }
        if bound {
            let to = Node::Internet;
            self.push(
                n,
                to,
                EdgeKind::Public,
                Label::new(),
                vec![id.into()],
                false,
            );
        }
    }

    /// A resource group's bindings past the first (which places it): to the
    /// vSwitch, or with `collapse` once per further VPC.
    fn resource_group(&mut self, n: Node, ix: ResourceGroupIx, id: &str) {
        let v = self.v;
        let Some(rg) = v.resource_groups.lookup(ix) else {
            return;
        };
        let first_vpc = rg.bindings.first().map(|b| b.vpc);
        let mut seen_vpcs = vec![first_vpc];
        for binding in rg.bindings.iter().skip(1) {
            let vsw_id = v
                .vswitches
                .lookup(binding.vswitch)
                .map(|s| s.id.clone())
                .unwrap_or_default();
            if self.collapse {
                if seen_vpcs.contains(&Some(binding.vpc)) {
                    continue;
                }
                seen_vpcs.push(Some(binding.vpc));
                self.push(
                    n,
                    Node::Vpc(binding.vpc),
                    EdgeKind::Binds,
                    Label::of(&format!("binding {vsw_id}")),
                    vec![id.to_string()],
                    false,
                );
            } else {
                self.push(
                    n,
                    Node::VSwitch(binding.vswitch),
                    EdgeKind::Binds,
                    Label::of("binding"),
                    vec![id.to_string()],
                    false,
                );
            }
        }
    }
}
