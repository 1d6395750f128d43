//! The topology graph built from a `ValidInventory` (petgraph): one node per
//! resource, per account in use, per region of an account and one `Internet`
//! node; edges for containment and for every connection the inventory writes.
//! It is the map the route engine walks and the renderer draws; it decides no
//! reachability itself.
//!
//! Accounts: one node per distinct account id, declared in `accounts` or named
//! by a VPC, vSwitch, CEN, transit router, VBR, data center, ECS instance,
//! resource group or data source (after validation filled in inherited
//! accounts). The implicit account has no node.
//!
//! Regions: one node per (account, region) pair that holds a VPC, transit
//! router, VBR or resource group, under its account when one applies. Its id is
//! the region (`cn-hangzhou`) in the implicit account and `<account>/<region>`
//! under an account, so that containment stays a tree even when two accounts use
//! the same region. A transit router without an account takes its CEN's. CENs
//! are global: they hang under their account directly, as do data centers.
//!
//! Edges point from the container or the referring resource (see [`Edge`]). A
//! data source in a VPC is placed in the vSwitch holding its address, or in the
//! VPC when there is none (an IPv6 address); a classic-network data source has
//! no place edge. A customer gateway or physical connection is linked to a data
//! center only where the inventory names one; the data center's own routes give
//! the `RoutesVia` edges. Parallel edges of one kind are merged.
//!
//! Order: nodes are added kind by kind (in [`Node`] order) and by id inside a
//! kind; edges from the resource holding the reference, in the same order. No
//! hash-map iteration order reaches the graph, so two inventories that differ
//! only in list order give the same graph up to node indices, and the same
//! [`Topology::canonical_edges`].
//!
//! Complexity: O(n + r) node, edge and hash-map operations for n resources and r
//! references, plus one sort of each kind's ids (O(n log n) comparisons) that
//! buys the list-order independence.

mod build;
mod node;

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

pub use node::{AccountIx, Edge, Node, Region, RegionIx};

use crate::validate::{DataSourceIx, DsLocation, ValidInventory};

/// The id of the single `Internet` node.
pub const INTERNET_ID: &str = "internet";

/// The topology graph of a validated inventory.
#[derive(Debug, Clone)]
pub struct Topology {
    /// The graph; node weights hold typed indices into the `ValidInventory`.
    pub graph: DiGraph<Node, Edge>,
    index: HashMap<Node, NodeIndex>,
    /// The id of each node, by node index.
    ids: Vec<String>,
    /// Account ids, by `AccountIx`.
    accounts: Vec<String>,
    /// Regions, by `RegionIx`.
    regions: Vec<Region>,
}

/// Builds the topology graph of `v`.
pub fn build(v: &ValidInventory) -> Topology {
    build::build(v)
}

/// The node a data source is placed in; `None` for the classic network.
pub(crate) fn place_of(location: DsLocation) -> Option<Node> {
    match location {
        DsLocation::Vpc(_, Some(vsw)) => Some(Node::VSwitch(vsw)),
        DsLocation::Vpc(vpc, None) => Some(Node::Vpc(vpc)),
        DsLocation::Ecs(ecs) => Some(Node::EcsInstance(ecs)),
        DsLocation::DataCenter(dc) => Some(Node::DataCenter(dc)),
        DsLocation::Internet => Some(Node::Internet),
        DsLocation::Classic => None,
    }
}

impl Topology {
    /// Builds the topology graph of `v` (the same as [`build`]).
    pub fn build(v: &ValidInventory) -> Topology {
        build::build(v)
    }

    /// The graph index of a node, if the graph has it.
    pub fn node(&self, n: Node) -> Option<NodeIndex> {
        self.index.get(&n).copied()
    }

    /// The node at a graph index.
    pub fn weight(&self, ix: NodeIndex) -> Option<Node> {
        self.graph.node_weight(ix).copied()
    }

    /// The id of a node: the resource id, the account id, the region id
    /// (`cn-hangzhou` or `<account>/cn-hangzhou`) or `internet`.
    pub fn id(&self, n: Node) -> Option<&str> {
        self.node(n).and_then(|ix| self.id_at(ix))
    }

    /// The id of the node at a graph index.
    pub fn id_at(&self, ix: NodeIndex) -> Option<&str> {
        self.ids.get(ix.index()).map(String::as_str)
    }

    /// Every node with its id, in graph order (kind, then id).
    pub fn nodes(&self) -> impl Iterator<Item = (Node, &str)> + '_ {
        self.graph
            .node_indices()
            .filter_map(|ix| Some((self.weight(ix)?, self.id_at(ix)?)))
    }

    /// The number of nodes of each kind name (kinds without nodes are left out).
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for n in self.graph.node_weights() {
            *counts.entry(n.kind()).or_insert(0) += 1;
        }
        counts
    }

    /// The account id of an account node.
    pub fn account(&self, ix: AccountIx) -> Option<&str> {
        self.accounts.get(ix.0 as usize).map(String::as_str)
    }

    /// The node of an account id, if the account is in use.
    pub fn account_node(&self, id: &str) -> Option<Node> {
        let position = self
            .accounts
            .binary_search_by(|account| account.as_str().cmp(id))
            .ok()?;
        Some(Node::Account(AccountIx(u32::try_from(position).ok()?)))
    }

    /// The region of a region node.
    pub fn region(&self, ix: RegionIx) -> Option<&Region> {
        self.regions.get(ix.0 as usize)
    }

    /// The targets of `n`'s outgoing edges of kind `edge`, in graph order.
    pub fn neighbors(&self, n: Node, edge: Edge) -> Vec<Node> {
        self.adjacent(n, edge, Direction::Outgoing)
    }

    /// The sources of `n`'s incoming edges of kind `edge`, in graph order.
    pub fn incoming(&self, n: Node, edge: Edge) -> Vec<Node> {
        self.adjacent(n, edge, Direction::Incoming)
    }

    fn adjacent(&self, n: Node, edge: Edge, direction: Direction) -> Vec<Node> {
        let Some(ix) = self.node(n) else {
            return Vec::new();
        };
        let mut found: Vec<NodeIndex> = self
            .graph
            .edges_directed(ix, direction)
            .filter(|e| *e.weight() == edge)
            .map(|e| {
                if direction == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                }
            })
            .collect();
        // petgraph lists edges newest first; graph order is the fixed one
        found.sort_unstable();
        found.into_iter().filter_map(|ix| self.weight(ix)).collect()
    }

    /// Whether the graph has the edge `from -edge-> to`.
    pub fn has_edge(&self, from: Node, edge: Edge, to: Node) -> bool {
        let (Some(a), Some(b)) = (self.node(from), self.node(to)) else {
            return false;
        };
        self.graph
            .edges_connecting(a, b)
            .any(|e| *e.weight() == edge)
    }

    /// The place of a data source (its `LocatedIn` target); `None` on the classic network.
    pub fn place(&self, ds: DataSourceIx) -> Option<Node> {
        self.neighbors(Node::DataSource(ds), Edge::LocatedIn)
            .first()
            .copied()
    }

    /// Every edge as (from id, edge kind name, to id), sorted: independent of
    /// node indices, for tests and diffing.
    pub fn canonical_edges(&self) -> Vec<(String, String, String)> {
        let mut edges: Vec<(String, String, String)> = self
            .graph
            .edge_references()
            .filter_map(|e| {
                let from = self.id_at(e.source())?;
                let to = self.id_at(e.target())?;
                Some((
                    from.to_string(),
                    e.weight().name().to_string(),
                    to.to_string(),
                ))
            })
            .collect();
        edges.sort_unstable();
        edges
    }
}
