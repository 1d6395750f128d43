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
//!
//! This file holds the scene's types and the label helpers; `nodes.rs` the
//! boxes and nodes (one method per node kind), `edges.rs` the connections.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::escape::{shorten, Label};
use super::style::{BoxKind, EdgeKind};
use crate::graph::{Node, Topology};
use crate::validate::{CenIx, DataCenterIx, VSwitchIx, ValidInventory, VpcIx};

mod edges;
mod nodes;

use nodes::SceneBuilder;

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
    VSwitch(VSwitchIx),
    /// A data center.
    DataCenter(DataCenterIx),
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

/// How labels are written: the detail style (names and ids) or the design
/// style (names only, ids in tooltips and DOT comments), and what the design
/// style leaves out.
#[derive(Debug, Clone, Copy)]
pub(super) struct Look<'a> {
    /// The design style.
    pub design: bool,
    /// Display names by id, for resources whose validated type has none
    /// (transit routers, gateways, VBRs, …), read from the loaded inventory.
    pub names: &'a BTreeMap<String, String>,
    /// Draw the empty vSwitches that only hold transit-router ENIs (design style).
    pub show_tr_vswitches: bool,
    /// Fold vSwitches into their VPC.
    pub collapse: bool,
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
    /// The id it stands for (tooltip and DOT comment in the design style).
    pub id: String,
}

/// A node: the box it sits in and its label.
#[derive(Debug, Clone)]
pub(super) struct NodeInfo {
    /// The box it sits in; `None`: the top level.
    pub cluster: Option<Cluster>,
    /// Its label.
    pub label: Label,
    /// The id it stands for (tooltip and DOT comment in the design style).
    pub id: String,
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

/// Builds the scene of `v` (see the module documentation): a box or node for
/// each topology node (`nodes.rs`), the internet and classic boxes, then the
/// connections (`edges.rs`).
pub(super) fn build(v: &ValidInventory, topo: &Topology, look: Look<'_>) -> Scene {
    let collapse = look.collapse;
    let mut builder = SceneBuilder {
        v,
        topo,
        look,
        collapse,
        tr_vswitches: if look.design && !look.show_tr_vswitches {
            tr_vswitches(v)
        } else {
            BTreeSet::new()
        },
        scene: Scene {
            boxes: BTreeMap::new(),
            nodes: BTreeMap::new(),
            edges: Vec::new(),
        },
    };
    let nodes: Vec<(Node, String)> = topo.nodes().map(|(n, id)| (n, id.to_string())).collect();
    for (n, id) in &nodes {
        builder.add(*n, id);
    }
    let mut scene = builder.scene;
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
                id: text.to_string(),
            },
        );
    }
    scene.edges = edges::edges(v, topo, &nodes, look);
    scene
}

/// The vSwitches that transit-router VPC attachments name for their ENIs.
fn tr_vswitches(v: &ValidInventory) -> BTreeSet<VSwitchIx> {
    v.tr_attachments
        .iter()
        .flat_map(|a| match &a.kind {
            crate::validate::AttachmentKind::Vpc { vswitches, .. } => vswitches.clone(),
            _ => Vec::new(),
        })
        .collect()
}

/// Adds, in the design style, the resource that blocks a pair and that the
/// diagram otherwise leaves out (a security group, a route table) as a node in
/// the box of `anchor` (the node it blocks at: the data source, the VPC's
/// router), joined to it by an edge.
pub(super) fn add_blocking_resource(
    v: &ValidInventory,
    scene: &mut Scene,
    resource: Node,
    anchor: Node,
    names: &BTreeMap<String, String>,
) {
    let (word, id, name) = match resource {
        Node::SecurityGroup(sg) => match v.security_groups.lookup(sg) {
            Some(g) => ("security group", g.id.clone(), names.get(&g.id).cloned()),
            None => return,
        },
        Node::RouteTable(rt) => match v.route_tables.lookup(rt) {
            Some(t) => (
                "route table",
                t.id.clone(),
                t.name.clone().or_else(|| names.get(&t.id).cloned()),
            ),
            None => return,
        },
        _ => return,
    };
    let Some(cluster) = scene.nodes.get(&anchor).map(|info| info.cluster) else {
        return;
    };
    if scene.nodes.contains_key(&resource) {
        return;
    }
    let mut label = Label::of(word);
    label.line(&shorten(name.as_deref().unwrap_or(&id), NAME_WIDTH));
    scene.nodes.insert(
        resource,
        NodeInfo {
            cluster,
            label,
            id: id.clone(),
        },
    );
    scene.edges.push(SceneEdge {
        from: resource,
        to: anchor,
        kind: EdgeKind::Applies,
        label: Label::new(),
        ids: vec![id],
        inactive: false,
    });
}
