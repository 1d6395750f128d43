//! The scene: the boxes (Graphviz clusters) and nodes the diagram draws, the
//! box each node sits in, and the connections between nodes, all read from the
//! validated inventory and its topology graph.
//!
//! Boxes nest account → region → VPC → vSwitch; a CEN box (under its account)
//! holds one transit router per region; data centers, the internet and the
//! classic network are boxes outside every account. A VPC is drawn as a box
//! holding a router node (its route tables), which is where peerings and
//! transit-router attachments end and where path hops at the VPC are drawn.
//! Resource groups sit in the vSwitch of their first binding, data sources in
//! the vSwitch, data center, internet or classic box where they live. With
//! `collapse`, vSwitch boxes are left out and their contents sit in the VPC box.
//!
//! Order: every list is in topology order (kind, then id), never in input
//! order, so shuffled inventories give the same scene.

use std::collections::BTreeMap;

use serde::Serialize;

use super::escape::{shorten, Label};
use super::style::{BoxKind, EdgeKind};
use crate::graph::{Edge, Node, Topology};
use crate::model::{
    NatGatewayType, PeeringStatus, PhysicalConnectionStatus, RouteTableKind, TrAttachmentStatus,
    VbrStatus, VpnConnectionStatus,
};
use crate::validate::{
    AttachmentKind, CenIx, DcIx, DsLocation, EipTarget, ValidInventory, Via, VpcIx, VpnAttach,
    VswIx,
};

/// How many characters of a display name a label shows.
const NAME_WIDTH: usize = 48;
/// How many list entries (route tables, routes) a label shows before "… more".
const LIST_LIMIT: usize = 6;

/// A box of the diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Cluster {
    /// An account (its topology node).
    Account(Node),
    /// A region of an account (its topology node).
    Region(Node),
    /// A CEN.
    Cen(CenIx),
    /// A VPC.
    Vpc(VpcIx),
    /// A vSwitch.
    VSwitch(VswIx),
    /// A data center.
    DataCenter(DcIx),
    /// The internet.
    Internet,
    /// The classic network.
    Classic,
}

impl Cluster {
    /// The topology node of the box, for its id and order.
    pub(super) fn node(self) -> Option<Node> {
        match self {
            Cluster::Account(n) | Cluster::Region(n) => Some(n),
            Cluster::Cen(ix) => Some(Node::Cen(ix)),
            Cluster::Vpc(ix) => Some(Node::Vpc(ix)),
            Cluster::VSwitch(ix) => Some(Node::VSwitch(ix)),
            Cluster::DataCenter(ix) => Some(Node::DataCenter(ix)),
            Cluster::Internet | Cluster::Classic => None,
        }
    }
}

/// A box: its parent, kind and label.
#[derive(Debug, Clone)]
pub(super) struct BoxInfo {
    /// The box it sits in; `None`: the top level.
    pub parent: Option<Cluster>,
    /// Its kind (look).
    pub kind: BoxKind,
    /// Its label.
    pub label: Label,
}

/// A node: the box it sits in and its label.
#[derive(Debug, Clone)]
pub(super) struct NodeInfo {
    /// The box it sits in; `None`: the top level.
    pub cluster: Option<Cluster>,
    /// Its label.
    pub label: Label,
}

/// A connection between two drawn nodes.
#[derive(Debug, Clone)]
pub(super) struct SceneEdge {
    /// One end (where the arrow starts, for directed kinds).
    pub from: Node,
    /// The other end.
    pub to: Node,
    /// What it stands for.
    pub kind: EdgeKind,
    /// Its label.
    pub label: Label,
    /// The ids of the resources it stands for (for merged edges' tooltips).
    pub ids: Vec<String>,
    /// Drawn dashed: a connection that carries no traffic in its present state.
    pub inactive: bool,
}

/// Everything the diagram draws before paths and filters.
#[derive(Debug, Clone)]
pub(super) struct Scene {
    /// Boxes.
    pub boxes: BTreeMap<Cluster, BoxInfo>,
    /// Nodes.
    pub nodes: BTreeMap<Node, NodeInfo>,
    /// Connections, in construction (topology) order.
    pub edges: Vec<SceneEdge>,
}

/// The snake_case wire name of a model enum value (`activated`, `down`).
fn wire<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A list of CIDRs or addresses on one line.
fn joined<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds a display name line when there is one.
fn name_line(label: &mut Label, name: &Option<String>) {
    if let Some(name) = name {
        let name = shorten(name, NAME_WIDTH);
        if !name.is_empty() {
            label.line(&name);
        }
    }
}

/// Adds at most [`LIST_LIMIT`] lines, then "… and N more".
fn list_lines(label: &mut Label, lines: &[String]) {
    for line in lines.iter().take(LIST_LIMIT) {
        label.line(line);
    }
    if lines.len() > LIST_LIMIT {
        label.line(&format!("… and {} more", lines.len() - LIST_LIMIT));
    }
}

/// Builds the scene of `v` (see the module documentation).
pub(super) fn build(v: &ValidInventory, topo: &Topology, collapse: bool) -> Scene {
    let mut scene = Scene {
        boxes: BTreeMap::new(),
        nodes: BTreeMap::new(),
        edges: Vec::new(),
    };
    let container = |n: Node, kind: fn(Node) -> bool| -> Option<Node> {
        topo.incoming(n, Edge::Contains)
            .into_iter()
            .find(|&c| kind(c))
    };
    let is_account = |n: Node| matches!(n, Node::Account(_));
    let is_region = |n: Node| matches!(n, Node::Region(_));
    // the box a vSwitch's contents sit in
    let in_vswitch = |vsw: VswIx| -> Cluster {
        if collapse {
            v.vswitches
                .lookup(vsw)
                .map(|s| Cluster::Vpc(s.vpc))
                .unwrap_or(Cluster::VSwitch(vsw))
        } else {
            Cluster::VSwitch(vsw)
        }
    };
    let nodes: Vec<(Node, String)> = topo.nodes().map(|(n, id)| (n, id.to_string())).collect();
    for (n, id) in &nodes {
        let n = *n;
        let mut add_node = |cluster: Option<Cluster>, label: Label| {
            scene.nodes.insert(n, NodeInfo { cluster, label });
        };
        match n {
            Node::Account(_) => {
                scene.boxes.insert(
                    Cluster::Account(n),
                    BoxInfo {
                        parent: None,
                        kind: BoxKind::Account,
                        label: Label::of(&format!("account {id}")),
                    },
                );
            }
            Node::Region(ix) => {
                let name = topo.region(ix).map(|r| r.name.clone()).unwrap_or_default();
                scene.boxes.insert(
                    Cluster::Region(n),
                    BoxInfo {
                        parent: container(n, is_account).map(Cluster::Account),
                        kind: BoxKind::Region,
                        label: Label::of(&format!("region {name}")),
                    },
                );
            }
            Node::Vpc(ix) => {
                let Some(vpc) = v.vpcs.lookup(ix) else {
                    continue;
                };
                let mut label = Label::new();
                label.line("VPC");
                name_line(&mut label, &vpc.name);
                label.line(id);
                label.line(&joined(&vpc.cidrs));
                if !vpc.cidrs_v6.is_empty() {
                    label.line(&joined(&vpc.cidrs_v6));
                }
                if collapse && !vpc.vswitches.is_empty() {
                    let count = vpc.vswitches.len();
                    let noun = if count == 1 { "vSwitch" } else { "vSwitches" };
                    label.line(&format!("{count} {noun} (collapsed)"));
                }
                scene.boxes.insert(
                    Cluster::Vpc(ix),
                    BoxInfo {
                        parent: container(n, is_region).map(Cluster::Region),
                        kind: BoxKind::Vpc,
                        label,
                    },
                );
                let mut router = Label::of("vRouter");
                let mut tables: Vec<(bool, &str, String)> = v
                    .route_tables
                    .iter()
                    .filter(|t| t.vpc == ix)
                    .map(|t| {
                        let system = t.kind == RouteTableKind::System;
                        let mut text = format!("{} ({}", t.id, wire(&t.kind));
                        if t.implied {
                            text.push_str(", implied");
                        }
                        text.push(')');
                        (!system, t.id.as_str(), text)
                    })
                    .collect();
                tables.sort();
                let lines: Vec<String> = tables.into_iter().map(|(_, _, text)| text).collect();
                list_lines(&mut router, &lines);
                add_node(Some(Cluster::Vpc(ix)), router);
            }
            Node::VSwitch(ix) => {
                let Some(vsw) = v.vswitches.lookup(ix) else {
                    continue;
                };
                if collapse {
                    continue;
                }
                let mut label = Label::new();
                label.line("vSwitch");
                name_line(&mut label, &vsw.name);
                label.line(id);
                label.line(&vsw.cidr.to_string());
                if let Some(zone) = &vsw.zone {
                    label.line(zone);
                }
                scene.boxes.insert(
                    Cluster::VSwitch(ix),
                    BoxInfo {
                        parent: Some(Cluster::Vpc(vsw.vpc)),
                        kind: BoxKind::VSwitch,
                        label: label.clone(),
                    },
                );
                // drawn as a node only when nothing is placed in it
                add_node(Some(Cluster::Vpc(vsw.vpc)), label);
            }
            Node::Cen(ix) => {
                let Some(cen) = v.cens.lookup(ix) else {
                    continue;
                };
                scene.boxes.insert(
                    Cluster::Cen(ix),
                    BoxInfo {
                        parent: container(n, is_account).map(Cluster::Account),
                        kind: BoxKind::Cen,
                        label: Label::of(&format!("CEN {id} ({} edition)", wire(&cen.edition))),
                    },
                );
            }
            Node::TransitRouter(ix) => {
                let Some(tr) = v.transit_routers.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of("transit router");
                label.line(id);
                label.line(&tr.region);
                if tr.implied {
                    label.line("(basic CEN)");
                }
                add_node(Some(Cluster::Cen(tr.cen)), label);
            }
            Node::NatGateway(ix) => {
                let Some(nat) = v.nat_gateways.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of(&format!("NAT gateway ({})", wire(&nat.kind)));
                label.line(id);
                let count = nat.snat_entries.len();
                label.line(&format!(
                    "{count} SNAT {}",
                    if count == 1 { "entry" } else { "entries" }
                ));
                add_node(Some(in_vswitch(nat.vswitch)), label);
            }
            Node::Eip(ix) => {
                let Some(eip) = v.eips.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of("EIP");
                label.line(id);
                label.line(&eip.ip.to_string());
                let bound = match eip.bound_to {
                    Some(EipTarget::NatGateway(nat)) => v
                        .nat_gateways
                        .lookup(nat)
                        .map(|nat| in_vswitch(nat.vswitch)),
                    Some(EipTarget::EcsInstance(ecs)) => v
                        .ecs_instances
                        .lookup(ecs)
                        .map(|ecs| in_vswitch(ecs.vswitch)),
                    None => v
                        .nat_gateways
                        .iter()
                        .find(|nat| nat.eips.contains(&ix))
                        .map(|nat| in_vswitch(nat.vswitch)),
                };
                add_node(bound, label);
            }
            Node::VpnGateway(ix) => {
                let Some(gateway) = v.vpn_gateways.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of("VPN gateway");
                label.line(id);
                add_node(Some(Cluster::Vpc(gateway.vpc)), label);
            }
            Node::CustomerGateway(ix) => {
                let Some(cgw) = v.customer_gateways.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of("customer gateway");
                label.line(id);
                label.line(&cgw.ip.to_string());
                add_node(cgw.data_center.map(Cluster::DataCenter), label);
            }
            Node::Vbr(ix) => {
                let Some(vbr) = v.vbrs.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of("VBR");
                label.line(id);
                if vbr.status != VbrStatus::Active {
                    label.line(&format!("({})", wire(&vbr.status)));
                }
                add_node(container(n, is_region).map(Cluster::Region), label);
            }
            Node::PhysicalConnection(ix) => {
                let Some(pc) = v.physical_connections.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of("physical connection");
                label.line(id);
                if pc.status != PhysicalConnectionStatus::Enabled {
                    label.line(&format!("({})", wire(&pc.status)));
                }
                add_node(None, label);
            }
            Node::DataCenter(ix) => {
                let Some(dc) = v.data_centers.lookup(ix) else {
                    continue;
                };
                let mut label = Label::new();
                label.line("data center");
                name_line(&mut label, &dc.name);
                label.line(id);
                label.line(&joined(&dc.cidrs));
                scene.boxes.insert(
                    Cluster::DataCenter(ix),
                    BoxInfo {
                        parent: None,
                        kind: BoxKind::DataCenter,
                        label,
                    },
                );
                let mut routes: Vec<(ipnet::Ipv4Net, String)> = dc
                    .routes
                    .iter()
                    .map(|route| {
                        let via = match route.via {
                            Via::PhysicalConnection(pc) => {
                                v.physical_connections.lookup(pc).map(|x| x.id.as_str())
                            }
                            Via::VpnConnection(vco) => {
                                v.vpn_connections.lookup(vco).map(|x| x.id.as_str())
                            }
                        };
                        (route.destination, via.unwrap_or_default().to_string())
                    })
                    .collect();
                routes.sort();
                let lines: Vec<String> = routes
                    .iter()
                    .map(|(destination, via)| format!("{destination} via {via}"))
                    .collect();
                let mut router = Label::of("on-premises routes");
                if lines.is_empty() {
                    router.line("(none)");
                }
                list_lines(&mut router, &lines);
                add_node(Some(Cluster::DataCenter(ix)), router);
            }
            Node::EcsInstance(ix) => {
                let Some(ecs) = v.ecs_instances.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of("ECS instance");
                label.line(id);
                label.line(&joined(&ecs.private_ips));
                add_node(Some(in_vswitch(ecs.vswitch)), label);
            }
            Node::ResourceGroup(ix) => {
                let Some(rg) = v.resource_groups.lookup(ix) else {
                    continue;
                };
                let mut label = Label::of("resource group");
                name_line(&mut label, &rg.name);
                label.line(id);
                label.line(&wire(&rg.kind).replace('_', " "));
                if let Some(ip) = rg.public_ip {
                    label.line(&format!("public {ip}"));
                }
                let cluster = match rg.bindings.first() {
                    Some(binding) => Some(in_vswitch(binding.vswitch)),
                    None => container(n, is_region).map(Cluster::Region),
                };
                add_node(cluster, label);
            }
            Node::DataSource(ix) => {
                let Some(ds) = v.data_sources.lookup(ix) else {
                    continue;
                };
                let kind = shorten(&ds.kind, 24);
                let mut label = Label::of(&format!("{kind} data source"));
                name_line(&mut label, &ds.name);
                label.line(id);
                label.line(&format!("{}:{}", ds.ip, ds.port));
                let cluster = match ds.location {
                    DsLocation::Vpc(_, Some(vsw)) => in_vswitch(vsw),
                    DsLocation::Vpc(vpc, None) => Cluster::Vpc(vpc),
                    DsLocation::Ecs(ecs) => match v.ecs_instances.lookup(ecs) {
                        Some(ecs) => in_vswitch(ecs.vswitch),
                        None => Cluster::Classic,
                    },
                    DsLocation::DataCenter(dc) => Cluster::DataCenter(dc),
                    DsLocation::Internet => Cluster::Internet,
                    DsLocation::Classic => Cluster::Classic,
                };
                add_node(Some(cluster), label);
            }
            Node::Internet => {
                scene.nodes.insert(
                    n,
                    NodeInfo {
                        cluster: Some(Cluster::Internet),
                        label: Label::of("internet"),
                    },
                );
            }
            Node::RouteTable(_)
            | Node::Peering(_)
            | Node::TrAttachment(_)
            | Node::TrRouteTable(_)
            | Node::VpnConnection(_)
            | Node::SecurityGroup(_) => {}
        }
    }
    for (cluster, kind, text) in [
        (Cluster::Internet, BoxKind::Internet, "internet"),
        (Cluster::Classic, BoxKind::Classic, "classic network"),
    ] {
        scene.boxes.insert(
            cluster,
            BoxInfo {
                parent: None,
                kind,
                label: Label::of(text),
            },
        );
    }
    scene.edges = edges(v, topo, &nodes, collapse);
    scene
}

/// The connections, from the resource that holds each reference, in topology order.
fn edges(
    v: &ValidInventory,
    topo: &Topology,
    nodes: &[(Node, String)],
    collapse: bool,
) -> Vec<SceneEdge> {
    let mut out = Vec::new();
    let mut push =
        |from: Node, to: Node, kind: EdgeKind, label: Label, ids: Vec<String>, inactive| {
            out.push(SceneEdge {
                from,
                to,
                kind,
                label,
                ids,
                inactive,
            });
        };
    for (n, id) in nodes {
        match *n {
            Node::Peering(ix) => {
                let Some(p) = v.peerings.lookup(ix) else {
                    continue;
                };
                let active = p.status == PeeringStatus::Activated;
                let mut label = Label::of(id);
                if !active {
                    label.line(&format!("({})", wire(&p.status)));
                }
                push(
                    Node::Vpc(p.vpc),
                    Node::Vpc(p.peer_vpc),
                    EdgeKind::Peering,
                    label,
                    vec![id.clone()],
                    !active,
                );
            }
            Node::TrAttachment(ix) => {
                let Some(att) = v.tr_attachments.lookup(ix) else {
                    continue;
                };
                let attached = att.status == TrAttachmentStatus::Attached;
                let mut label = Label::of(id);
                if !attached {
                    label.line(&format!("({})", wire(&att.status)));
                }
                if att.associated.is_none() {
                    label.line("(not associated)");
                }
                let tr = Node::TransitRouter(att.tr);
                match &att.kind {
                    AttachmentKind::Vpc { vpc, .. } => push(
                        tr,
                        Node::Vpc(*vpc),
                        EdgeKind::Attachment,
                        label,
                        vec![id.clone()],
                        !attached,
                    ),
                    AttachmentKind::Vbr(vbr) => push(
                        tr,
                        Node::Vbr(*vbr),
                        EdgeKind::Attachment,
                        label,
                        vec![id.clone()],
                        !attached,
                    ),
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
                        if counterpart.is_some_and(|c| c < id.as_str()) {
                            continue; // drawn from the counterpart
                        }
                        let mut label = Label::of(&match counterpart {
                            Some(c) => format!("{id} / {c}"),
                            None => format!("{id} (one side only)"),
                        });
                        match bandwidth_mbps {
                            Some(mbps) => label.line(&format!("{mbps} Mbps")),
                            None => label.line("no bandwidth"),
                        };
                        if !attached {
                            label.line(&format!("({})", wire(&att.status)));
                        }
                        let mut ids = vec![id.clone()];
                        ids.extend(counterpart.map(str::to_string));
                        push(
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
            Node::VpnConnection(ix) => {
                let Some(vco) = v.vpn_connections.lookup(ix) else {
                    continue;
                };
                let up = vco.status == VpnConnectionStatus::Established;
                let terminus = match vco.attach {
                    VpnAttach::Gateway(gateway) => Node::VpnGateway(gateway),
                    VpnAttach::TransitRouter(tr) => Node::TransitRouter(tr),
                };
                let mut label = Label::of(id);
                if !up {
                    label.line(&format!("({})", wire(&vco.status)));
                }
                let mut ids = vec![id.clone()];
                let mut attachments: Vec<&str> = v
                    .tr_attachments
                    .iter()
                    .filter(|a| a.kind == AttachmentKind::Vpn(ix))
                    .map(|a| a.id.as_str())
                    .collect();
                attachments.sort_unstable();
                for attachment in attachments {
                    label.line(&format!("attachment {attachment}"));
                    ids.push(attachment.to_string());
                }
                push(
                    terminus,
                    Node::CustomerGateway(vco.customer_gateway),
                    EdgeKind::Vpn,
                    label,
                    ids,
                    !up,
                );
            }
            Node::CustomerGateway(ix) => {
                if let Some(dc) = v.customer_gateways.lookup(ix).and_then(|c| c.data_center) {
                    push(
                        *n,
                        Node::DataCenter(dc),
                        EdgeKind::Premises,
                        Label::new(),
                        vec![id.clone()],
                        false,
                    );
                }
            }
            Node::Vbr(ix) => {
                if let Some(vbr) = v.vbrs.lookup(ix) {
                    push(
                        *n,
                        Node::PhysicalConnection(vbr.physical_connection),
                        EdgeKind::Express,
                        Label::new(),
                        vec![id.clone()],
                        vbr.status != VbrStatus::Active,
                    );
                }
            }
            Node::PhysicalConnection(ix) => {
                if let Some(pc) = v.physical_connections.lookup(ix) {
                    if let Some(dc) = pc.data_center {
                        push(
                            *n,
                            Node::DataCenter(dc),
                            EdgeKind::Express,
                            Label::new(),
                            vec![id.clone()],
                            pc.status != PhysicalConnectionStatus::Enabled,
                        );
                    }
                }
            }
            Node::NatGateway(ix) => {
                let Some(nat) = v.nat_gateways.lookup(ix) else {
                    continue;
                };
                for eip in topo.neighbors(*n, Edge::HasEip) {
                    push(
                        *n,
                        eip,
                        EdgeKind::Public,
                        Label::new(),
                        vec![id.clone()],
                        false,
                    );
                }
                if nat.kind == NatGatewayType::Internet && nat.eips.is_empty() {
                    // an internet NAT gateway without EIPs still faces the internet
                    push(
                        *n,
                        Node::Internet,
                        EdgeKind::Public,
                        Label::new(),
                        vec![id.clone()],
                        true,
                    );
                }
            }
            Node::Eip(ix) => {
                let Some(eip) = v.eips.lookup(ix) else {
                    continue;
                };
                let bound = eip.bound_to.is_some()
                    || v.nat_gateways.iter().any(|nat| nat.eips.contains(&ix));
                if let Some(EipTarget::EcsInstance(ecs)) = eip.bound_to {
                    push(
                        Node::EcsInstance(ecs),
                        *n,
                        EdgeKind::Public,
                        Label::new(),
                        vec![id.clone()],
                        false,
                    );
                }
                if bound {
                    push(
                        *n,
                        Node::Internet,
                        EdgeKind::Public,
                        Label::new(),
                        vec![id.clone()],
                        false,
                    );
                }
            }
            Node::DataSource(ix) => {
                if let Some(DsLocation::Ecs(ecs)) = v.data_sources.lookup(ix).map(|d| d.location) {
                    push(
                        Node::EcsInstance(ecs),
                        *n,
                        EdgeKind::Hosts,
                        Label::new(),
                        vec![id.clone()],
                        false,
                    );
                }
            }
            Node::ResourceGroup(ix) => {
                let Some(rg) = v.resource_groups.lookup(ix) else {
                    continue;
                };
                let first_vpc = rg.bindings.first().map(|b| b.vpc);
                let mut seen_vpcs = vec![first_vpc];
                for binding in rg.bindings.iter().skip(1) {
                    let vsw_id = v
                        .vswitches
                        .lookup(binding.vswitch)
                        .map(|s| s.id.clone())
                        .unwrap_or_default();
                    if collapse {
                        if seen_vpcs.contains(&Some(binding.vpc)) {
                            continue;
                        }
                        seen_vpcs.push(Some(binding.vpc));
                        push(
                            *n,
                            Node::Vpc(binding.vpc),
                            EdgeKind::Binds,
                            Label::of(&format!("binding {vsw_id}")),
                            vec![id.clone()],
                            false,
                        );
                    } else {
                        push(
                            *n,
                            Node::VSwitch(binding.vswitch),
                            EdgeKind::Binds,
                            Label::of("binding"),
                            vec![id.clone()],
                            false,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}
