//! The boxes and nodes of the scene, one method per node kind: what box a
//! resource opens (account, region, VPC, vSwitch, CEN, data center), what
//! node it is drawn as, with which label, and in which box it sits.
//!
//! Invariant: a node's box is decided here only, from the validated inventory
//! and the topology's `Contains` edges (never from input order); with
//! `collapse`, whatever a vSwitch holds sits in its VPC's box instead.

use std::collections::BTreeSet;

use super::{joined, list_lines, name_line, wire, BoxInfo, Cluster, Look, NodeInfo, Scene};
use crate::graph::{Edge, Node, Topology};
use crate::model::{PhysicalConnectionStatus, RouteTableKind, VbrStatus};
use crate::render::dot::escape::{shorten, Label};
use crate::render::dot::style::BoxKind;
use crate::validate::{
    CenIx, DataCenterIx, DataSourceIx, DsLocation, EipIx, EipTarget, ResourceGroupIx, VSwitchIx,
    ValidInventory, Via, VpcIx,
};

/// The state the node steps share: the inputs and the scene being filled.
pub(super) struct SceneBuilder<'a> {
    pub(super) v: &'a ValidInventory,
    pub(super) topo: &'a Topology,
    pub(super) look: Look<'a>,
    pub(super) collapse: bool,
    /// vSwitches holding only transit-router ENIs, not drawn as nodes (design style).
    pub(super) tr_vswitches: BTreeSet<VSwitchIx>,
    pub(super) scene: Scene,
}

fn is_account(n: Node) -> bool {
    matches!(n, Node::Account(_))
}

fn is_region(n: Node) -> bool {
    matches!(n, Node::Region(_))
}

impl SceneBuilder<'_> {
    /// The node of `kind` that contains `n` in the topology, if any.
    fn container(&self, n: Node, kind: fn(Node) -> bool) -> Option<Node> {
        self.topo
            .incoming(n, Edge::Contains)
            .into_iter()
            .find(|&c| kind(c))
    }

    /// The box a vSwitch's contents sit in (its VPC's when collapsing).
    fn in_vswitch(&self, vsw: VSwitchIx) -> Cluster {
        if self.collapse {
            self.v
                .vswitches
                .lookup(vsw)
                .map(|s| Cluster::Vpc(s.vpc))
                .unwrap_or(Cluster::VSwitch(vsw))
        } else {
            Cluster::VSwitch(vsw)
        }
    }

    fn add_node(&mut self, n: Node, cluster: Option<Cluster>, label: Label) {
        let id = self.topo.id(n).unwrap_or_default().to_string();
        self.scene.nodes.insert(n, NodeInfo { cluster, label, id });
    }

    fn add_box(&mut self, c: Cluster, parent: Option<Cluster>, kind: BoxKind, label: Label) {
        let id = c
            .node()
            .and_then(|n| self.topo.id(n))
            .unwrap_or_default()
            .to_string();
        self.scene.boxes.insert(
            c,
            BoxInfo {
                parent,
                kind,
                label,
                id,
            },
        );
    }

    /// The display name of `id`: the validated one, else the loaded
    /// inventory's (design style only).
    fn name_of<'n>(&'n self, name: &'n Option<String>, id: &str) -> Option<&'n str> {
        name.as_deref()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| self.look.names.get(id).map(String::as_str))
    }

    /// A resource's title lines: in the detail style its name (when the
    /// validated type has one) and its id; in the design style its name, or
    /// its id when it has none.
    fn title(&self, label: &mut Label, name: &Option<String>, id: &str) {
        if self.look.design {
            let text = self.name_of(name, id).unwrap_or(id);
            label.line(&shorten(text, super::NAME_WIDTH));
        } else {
            name_line(label, name);
            label.line(id);
        }
    }

    /// A box's heading: `word` and the name on one line (design), or `word`
    /// followed by the title lines (detail, [`Self::title`]).
    fn heading(&self, word: &str, name: &Option<String>, id: &str) -> Label {
        if self.look.design {
            let text = self.name_of(name, id).unwrap_or(id);
            Label::of(&format!("{word} {}", shorten(text, super::NAME_WIDTH)))
        } else {
            let mut label = Label::of(word);
            self.title(&mut label, name, id);
            label
        }
    }

    /// Adds the box or node (or both) that topology node `n` (id `id`) is drawn as.
    pub(super) fn add(&mut self, n: Node, id: &str) {
        let v = self.v;
        match n {
            Node::Account(_) => {
                let label = self.heading("account", &None, id);
                let label = if self.look.design {
                    label
                } else {
                    Label::of(&format!("account {id}"))
                };
                self.add_box(Cluster::Account(n), None, BoxKind::Account, label)
            }
            Node::Region(ix) => {
                let name = self
                    .topo
                    .region(ix)
                    .map(|r| r.name.clone())
                    .unwrap_or_default();
                let parent = self.container(n, is_account).map(Cluster::Account);
                let label = Label::of(&format!("region {name}"));
                self.add_box(Cluster::Region(n), parent, BoxKind::Region, label);
            }
            Node::Vpc(ix) => self.vpc(n, ix, id),
            Node::VSwitch(ix) => self.vswitch(ix, id),
            Node::Cen(ix) => self.cen(n, ix, id),
            Node::TransitRouter(ix) => {
                let Some(tr) = v.transit_routers.lookup(ix) else {
                    return;
                };
                let mut label = Label::of("transit router");
                self.title(&mut label, &None, id);
                label.line(&tr.region);
                if tr.implied {
                    label.line("(basic CEN)");
                }
                self.add_node(n, Some(Cluster::Cen(tr.cen)), label);
            }
            Node::NatGateway(ix) => {
                let Some(nat) = v.nat_gateways.lookup(ix) else {
                    return;
                };
                let mut label = Label::of(&format!("NAT gateway ({})", wire(&nat.kind)));
                self.title(&mut label, &None, id);
                let count = nat.snat_entries.len();
                label.line(&format!(
                    "{count} SNAT {}",
                    if count == 1 { "entry" } else { "entries" }
                ));
                let cluster = self.in_vswitch(nat.vswitch);
                self.add_node(n, Some(cluster), label);
            }
            Node::Eip(ix) => self.eip(n, ix, id),
            Node::VpnGateway(ix) => {
                let Some(gateway) = v.vpn_gateways.lookup(ix) else {
                    return;
                };
                let mut label = Label::of("VPN gateway");
                self.title(&mut label, &None, id);
                self.add_node(n, Some(Cluster::Vpc(gateway.vpc)), label);
            }
            Node::CustomerGateway(ix) => {
                let Some(cgw) = v.customer_gateways.lookup(ix) else {
                    return;
                };
                let mut label = Label::of("customer gateway");
                self.title(&mut label, &None, id);
                label.line(&cgw.ip.to_string());
                self.add_node(n, cgw.data_center.map(Cluster::DataCenter), label);
            }
            Node::Vbr(ix) => {
                let Some(vbr) = v.vbrs.lookup(ix) else {
                    return;
                };
                let mut label = Label::of("VBR");
                self.title(&mut label, &None, id);
                if vbr.status != VbrStatus::Active {
                    label.line(&format!("({})", wire(&vbr.status)));
                }
                let cluster = self.container(n, is_region).map(Cluster::Region);
                self.add_node(n, cluster, label);
            }
            Node::PhysicalConnection(ix) => {
                let Some(pc) = v.physical_connections.lookup(ix) else {
                    return;
                };
                let mut label = Label::of("physical connection");
                self.title(&mut label, &None, id);
                if pc.status != PhysicalConnectionStatus::Enabled {
                    label.line(&format!("({})", wire(&pc.status)));
                }
                self.add_node(n, None, label);
            }
            Node::DataCenter(ix) => self.data_center(n, ix, id),
            Node::EcsInstance(ix) => {
                let Some(ecs) = v.ecs_instances.lookup(ix) else {
                    return;
                };
                let mut label = Label::of("ECS instance");
                self.title(&mut label, &None, id);
                label.line(&joined(&ecs.private_ips));
                let cluster = self.in_vswitch(ecs.vswitch);
                self.add_node(n, Some(cluster), label);
            }
            Node::ResourceGroup(ix) => self.resource_group(n, ix, id),
            Node::DataSource(ix) => self.data_source(n, ix, id),
            Node::Internet => self.add_node(n, Some(Cluster::Internet), Label::of("internet")),
            Node::RouteTable(_)
            | Node::Peering(_)
            | Node::TrAttachment(_)
            | Node::TrRouteTable(_)
            | Node::VpnConnection(_)
            | Node::SecurityGroup(_) => {}
        }
    }

    /// A VPC: its box (name, CIDRs, collapsed vSwitches) in its region, and its
    /// router node listing its route tables (system first, then by id).
    fn vpc(&mut self, n: Node, ix: VpcIx, id: &str) {
        let v = self.v;
        let Some(vpc) = v.vpcs.lookup(ix) else {
            return;
        };
        let mut label = self.heading("VPC", &vpc.name, id);
        label.line(&joined(&vpc.cidrs));
        if !vpc.cidrs_v6.is_empty() {
            label.line(&joined(&vpc.cidrs_v6));
        }
        if self.collapse && !vpc.vswitches.is_empty() {
            let count = vpc.vswitches.len();
            let noun = if count == 1 { "vSwitch" } else { "vSwitches" };
            label.line(&format!("{count} {noun} (collapsed)"));
        }
        let parent = self.container(n, is_region).map(Cluster::Region);
        self.add_box(Cluster::Vpc(ix), parent, BoxKind::Vpc, label);
        let mut router = Label::of("vRouter");
        let mut tables: Vec<(bool, &str, String)> = v
            .route_tables
            .iter()
            .filter(|t| t.vpc == ix)
            .map(|t| {
                let system = t.kind == RouteTableKind::System;
                let shown = match (self.look.design, self.name_of(&t.name, &t.id)) {
                    (true, Some(name)) => shorten(name, 32),
                    _ => t.id.clone(),
                };
                let mut text = format!("{shown} ({}", wire(&t.kind));
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
        self.add_node(n, Some(Cluster::Vpc(ix)), router);
    }

    /// A vSwitch (unless collapsing): its box in its VPC, and the same label as
    /// a node for when nothing is placed in it.
    fn vswitch(&mut self, ix: VSwitchIx, id: &str) {
        let Some(vsw) = self.v.vswitches.lookup(ix) else {
            return;
        };
        if self.collapse {
            return;
        }
        let mut label = self.heading("vSwitch", &vsw.name, id);
        match (&vsw.zone, self.look.design) {
            (Some(zone), true) => {
                label.line(&format!("{} · {zone}", vsw.cidr));
            }
            (Some(zone), false) => {
                label.line(&vsw.cidr.to_string());
                label.line(zone);
            }
            (None, _) => {
                label.line(&vsw.cidr.to_string());
            }
        }
        let parent = Some(Cluster::Vpc(vsw.vpc));
        self.add_box(
            Cluster::VSwitch(ix),
            parent,
            BoxKind::VSwitch,
            label.clone(),
        );
        // drawn as a node only when nothing is placed in it (and, in the
        // design style, not when it only holds transit-router ENIs)
        if !self.tr_vswitches.contains(&ix) {
            self.add_node(Node::VSwitch(ix), parent, label);
        }
    }

    /// A CEN: its box in its account.
    fn cen(&mut self, n: Node, ix: CenIx, id: &str) {
        let Some(cen) = self.v.cens.lookup(ix) else {
            return;
        };
        let parent = self.container(n, is_account).map(Cluster::Account);
        let shown = match self.look.design {
            true => self.name_of(&None, id).unwrap_or(id).to_string(),
            false => id.to_string(),
        };
        let label = Label::of(&format!("CEN {shown} ({} edition)", wire(&cen.edition)));
        self.add_box(Cluster::Cen(ix), parent, BoxKind::Cen, label);
    }

    /// An EIP: in the box of what it is bound to (the NAT gateway that lists
    /// it when it names nothing).
    fn eip(&mut self, n: Node, ix: EipIx, id: &str) {
        let v = self.v;
        let Some(eip) = v.eips.lookup(ix) else {
            return;
        };
        let mut label = Label::of("EIP");
        if !self.look.design {
            label.line(id);
        }
        label.line(&eip.ip.to_string());
        let bound = match eip.bound_to {
            Some(EipTarget::NatGateway(nat)) => v
                .nat_gateways
                .lookup(nat)
                .map(|nat| self.in_vswitch(nat.vswitch)),
            Some(EipTarget::EcsInstance(ecs)) => v
                .ecs_instances
                .lookup(ecs)
                .map(|ecs| self.in_vswitch(ecs.vswitch)),
            None => v
                .nat_gateways
                .iter()
                .find(|nat| nat.eips.contains(&ix))
                .map(|nat| self.in_vswitch(nat.vswitch)),
        };
        self.add_node(n, bound, label);
    }

    /// A data center: its box at the top level, and its router node listing
    /// its routes (by destination).
    fn data_center(&mut self, n: Node, ix: DataCenterIx, id: &str) {
        let v = self.v;
        let Some(dc) = v.data_centers.lookup(ix) else {
            return;
        };
        let mut label = self.heading("data center", &dc.name, id);
        label.line(&joined(&dc.cidrs));
        self.add_box(Cluster::DataCenter(ix), None, BoxKind::DataCenter, label);
        let mut routes: Vec<(ipnet::Ipv4Net, String)> = dc
            .routes
            .iter()
            .map(|route| {
                let via = match route.via {
                    Via::PhysicalConnection(pc) => {
                        v.physical_connections.lookup(pc).map(|x| x.id.as_str())
                    }
                    Via::VpnConnection(vco) => v.vpn_connections.lookup(vco).map(|x| x.id.as_str()),
                };
                let via = via.unwrap_or_default();
                let via = match self.look.design {
                    true => self.name_of(&None, via).unwrap_or(via),
                    false => via,
                };
                (route.destination, via.to_string())
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
        self.add_node(n, Some(Cluster::DataCenter(ix)), router);
    }

    /// A resource group: in the vSwitch of its first binding (its region
    /// when it has none).
    fn resource_group(&mut self, n: Node, ix: ResourceGroupIx, id: &str) {
        let Some(rg) = self.v.resource_groups.lookup(ix) else {
            return;
        };
        let mut label = Label::of("resource group");
        self.title(&mut label, &rg.name, id);
        label.line(&wire(&rg.kind).replace('_', " "));
        if let Some(ip) = rg.public_ip {
            label.line(&format!("public {ip}"));
        }
        let cluster = match rg.bindings.first() {
            Some(binding) => Some(self.in_vswitch(binding.vswitch)),
            None => self.container(n, is_region).map(Cluster::Region),
        };
        self.add_node(n, cluster, label);
    }

    /// A data source: in the vSwitch, VPC, data center, internet or classic
    /// box where it lives.
    fn data_source(&mut self, n: Node, ix: DataSourceIx, id: &str) {
        let v = self.v;
        let Some(ds) = v.data_sources.lookup(ix) else {
            return;
        };
        let kind = shorten(&ds.kind, 24);
        let mut label = Label::of(&format!("{kind} data source"));
        self.title(&mut label, &ds.name, id);
        label.line(&format!("{}:{}", ds.ip, ds.port));
        let cluster = match ds.location {
            DsLocation::Vpc(_, Some(vsw)) => self.in_vswitch(vsw),
            DsLocation::Vpc(vpc, None) => Cluster::Vpc(vpc),
            DsLocation::Ecs(ecs) => match v.ecs_instances.lookup(ecs) {
                Some(ecs) => self.in_vswitch(ecs.vswitch),
                None => Cluster::Classic,
            },
            DsLocation::DataCenter(dc) => Cluster::DataCenter(dc),
            DsLocation::Internet => Cluster::Internet,
            DsLocation::Classic => Cluster::Classic,
        };
        self.add_node(n, Some(cluster), label);
    }
}
