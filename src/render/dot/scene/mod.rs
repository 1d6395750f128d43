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

use std::collections::BTreeMap;

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

/// Builds the scene of `v` (see the module documentation): a box or node for
/// each topology node (`nodes.rs`), the internet and classic boxes, then the
/// connections (`edges.rs`).
pub(super) fn build(v: &ValidInventory, topo: &Topology, collapse: bool) -> Scene {
    let mut builder = SceneBuilder {
        v,
        topo,
        collapse,
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
            },
        );
    }
    scene.edges = edges::edges(v, topo, &nodes, collapse);
    scene
}
