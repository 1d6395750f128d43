//! Emission: the scene, the highlighted paths and the focus filter turned into
//! a graphviz-rust DOT tree and printed. Every id and label goes through
//! `escape`; everything is emitted in topology order (kind, then id), so the
//! text is the same byte for byte whatever the order of the input lists.
//!
//! Connections of one kind between the same two boxes are merged into one edge
//! that names their count and ends at the boxes' borders; a vSwitch box with
//! nothing in it is drawn as a node; the internet node only when something
//! reaches it; boxes left empty by `--focus` not at all. Path overlays take no
//! part in ranking (`constraint=false`), so highlighting keeps the diagram's
//! shape (Graphviz may still shift nodes sideways).
//!
//! No text is placed where an edge can run over it: a box's title is a
//! plaintext node at its top (invisible edges keep it above the box's
//! contents), a failing pair's finding and proved fixes are a note node joined
//! to the blocker, and a base edge that a highlighted path runs alongside keeps
//! its label in its tooltip only. Graphviz routes edges around nodes and edge
//! labels, not around box labels or external labels (`xlabel`), so none of
//! those is used. `tests/integration/render.rs` checks it on the SVG.
//!
//! The design style adds: ids as tooltips and DOT `comment`s, a compact legend
//! of lines and colours only (every label names its kind), wider spacing.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

mod extras;

use super::escape::{id as quote, Label};
use super::paths::{Dir, PairPath, Tone};
use super::scene::{Cluster, Scene, SceneEdge};
use super::style::{self, EdgeKind, LegendContent};
use crate::graph::{Node, Topology};
use crate::reach::Verdict;

/// How many highlighted pairs the pair list names before "… more".
const PAIR_LIST_LIMIT: usize = 24;
/// How many blocker descriptions one node's tooltip holds.
const TOOLTIP_LIMIT: usize = 8;

/// What to draw.
pub(super) struct Input<'a> {
    /// The topology (ids and order).
    pub topo: &'a Topology,
    /// The scene.
    pub scene: &'a Scene,
    /// Highlighted pairs, in order.
    pub paths: &'a [PairPath],
    /// `--focus`: only these nodes (and the boxes holding them).
    pub keep: Option<&'a BTreeSet<Node>>,
    /// The design style: ids as tooltips and comments, a compact legend.
    pub design: bool,
    /// Draw the legend.
    pub legend: bool,
}

fn attr(key: &str, value: String) -> Attribute {
    Attribute(Id::Plain(key.to_string()), Id::Escaped(value))
}

/// A quoted program constant.
fn q(text: &str) -> String {
    quote(text)
}

/// The DOT name of a node: `<kind>:<id>` (`internet` for the internet).
fn node_name(topo: &Topology, n: Node) -> String {
    match n {
        Node::Internet => "internet".to_string(),
        _ => format!("{}:{}", n.kind(), topo.id(n).unwrap_or_default()),
    }
}

/// The DOT name of a box: `cluster_` and its node's name.
fn box_name(topo: &Topology, c: Cluster) -> String {
    match (c, c.node()) {
        (Cluster::Internet, _) => "cluster_internet".to_string(),
        (Cluster::Classic, _) | (_, None) => "cluster_classic".to_string(),
        (_, Some(n)) => format!("cluster_{}", node_name(topo, n)),
    }
}

fn order(topo: &Topology, n: Node) -> usize {
    topo.node(n).map_or(usize::MAX, |ix| ix.index())
}

fn box_order(topo: &Topology, c: Cluster) -> (usize, u8) {
    match (c, c.node()) {
        (Cluster::Internet, _) => (usize::MAX, 0),
        (_, None) => (usize::MAX, 1),
        (_, Some(n)) => (order(topo, n), 0),
    }
}

fn vertex(topo: &Topology, n: Node) -> Vertex {
    Vertex::N(NodeId(Id::Escaped(quote(&node_name(topo, n))), None))
}

/// A drawn base edge: its ends (after redirection) and the boxes it is clipped at.
struct Drawn<'a> {
    edge: &'a SceneEdge,
    from: Node,
    to: Node,
    lhead: Option<Cluster>,
}

/// What the emission steps share: the input, the nodes and boxes drawn after
/// `--focus` and pruning, the base edges between them and the blockers'
/// outlines. Fixed once built; each step reads it and adds statements.
struct Emitter<'a> {
    topo: &'a Topology,
    scene: &'a Scene,
    paths: &'a [PairPath],
    /// Drawn nodes and the box each sits in (`None`: the top level).
    nodes: BTreeMap<Node, Option<Cluster>>,
    /// Base edges between drawn nodes.
    drawn: Vec<Drawn<'a>>,
    /// Boxes holding a drawn node, with their ancestors.
    boxes: BTreeSet<Cluster>,
    /// Blocker nodes: their outline tone and the blockers' descriptions.
    blockers: BTreeMap<Node, (Tone, Vec<Label>)>,
    /// The drawn boxes under each box (`None`: the top level), in topology order.
    children: BTreeMap<Option<Cluster>, Vec<Cluster>>,
    /// The drawn nodes in each box (`None`: the top level), in topology order.
    in_box: BTreeMap<Option<Cluster>, Vec<Node>>,
    /// The design style.
    design: bool,
    /// The pairs of drawn nodes a highlighted path goes between, both ways:
    /// a base edge between them keeps its label in its tooltip only, since the
    /// path's edge runs alongside it and over its label.
    followed: BTreeSet<(Node, Node)>,
    /// The blockers' notes, by the box they sit in: the note node and its
    /// edge to the blocker.
    notes: BTreeMap<Option<Cluster>, Vec<Stmt>>,
}

/// Prints the diagram: the graph attributes, the box tree with its nodes, the
/// invisible ranking edges, the base edges, the path overlays and the legend.
pub(super) fn emit(input: &Input<'_>) -> String {
    let emitter = Emitter::new(input);
    let mut stmts = header(input.design);
    emitter.box_tree(&mut stmts);
    emitter.invisible_structure(&mut stmts);
    emitter.title_structure(&mut stmts);
    let edge_kinds = emitter.base_edges(&mut stmts);
    let mut legend = emitter.overlays(&mut stmts);
    if input.legend {
        emitter.legend(&mut stmts, &mut legend, edge_kinds);
    }
    let graph = Graph::DiGraph {
        id: Id::Escaped(q("netreach")),
        strict: false,
        stmts,
    };
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// The graph, node and edge attributes of the whole diagram. The design
/// style spaces ranks and nodes further apart, so that edges find room
/// between the labels.
fn header(design: bool) -> Vec<Stmt> {
    let (nodesep, ranksep) = if design {
        ("0.45", "0.8")
    } else {
        ("0.3", "0.6")
    };
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("compound", q("true")),
            attr("rankdir", q("TB")),
            attr("newrank", q("true")),
            attr("fontname", q(style::FONT)),
            attr("fontsize", q("11")),
            attr("labeljust", q("l")),
            attr("nodesep", q(nodesep)),
            attr("ranksep", q(ranksep)),
            attr("tooltip", q("netreach")),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", q(style::FONT)),
            attr("fontsize", q("10")),
            attr("style", q("filled")),
            attr("margin", q("0.1,0.05")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", q(style::FONT)),
            attr("fontsize", q("9")),
            attr("arrowsize", q("0.7")),
        ])),
    ]
}

/// The nodes `--focus` keeps, with their boxes; and the boxes holding a node
/// other than a vSwitch or the internet. A vSwitch whose box holds something
/// is drawn as that box, not as a node.
fn placed_nodes(
    input: &Input<'_>,
) -> (
    BTreeMap<Node, Option<Cluster>>,
    BTreeMap<Cluster, Vec<Node>>,
) {
    let topo = input.topo;
    let kept = |n: &Node| input.keep.is_none_or(|k| k.contains(n));
    let mut nodes: BTreeMap<Node, Option<Cluster>> = input
        .scene
        .nodes
        .iter()
        .filter(|(n, _)| kept(n))
        .map(|(n, info)| (*n, info.cluster))
        .collect();
    let mut members: BTreeMap<Cluster, Vec<Node>> = BTreeMap::new();
    for (n, cluster) in &nodes {
        if let (false, Some(c)) = (matches!(n, Node::VSwitch(_) | Node::Internet), cluster) {
            members.entry(*c).or_default().push(*n);
        }
    }
    for list in members.values_mut() {
        list.sort_by_key(|n| order(topo, *n));
    }
    nodes.retain(|n, _| match n {
        Node::VSwitch(ix) => !members.contains_key(&Cluster::VSwitch(*ix)),
        _ => true,
    });
    (nodes, members)
}

/// The base edges between drawn nodes; an edge to a vSwitch drawn as a box
/// ends at its first member, clipped at the box's border.
fn drawn_edges<'a>(
    scene: &'a Scene,
    nodes: &BTreeMap<Node, Option<Cluster>>,
    members: &BTreeMap<Cluster, Vec<Node>>,
) -> Vec<Drawn<'a>> {
    let mut drawn: Vec<Drawn<'a>> = Vec::new();
    for edge in &scene.edges {
        if !nodes.contains_key(&edge.from) {
            continue;
        }
        let (to, lhead) = match edge.to {
            Node::VSwitch(ix) if !nodes.contains_key(&edge.to) => {
                match members.get(&Cluster::VSwitch(ix)).and_then(|m| m.first()) {
                    Some(first) => (*first, Some(Cluster::VSwitch(ix))),
                    None => continue,
                }
            }
            to if nodes.contains_key(&to) => (to, None),
            _ => continue,
        };
        drawn.push(Drawn {
            edge,
            from: edge.from,
            to,
            lhead,
        });
    }
    drawn
}

/// The blocker nodes of the highlighted paths: outlined red when some pair
/// fails there, purple when all are undecided; their descriptions in order.
fn blockers(paths: &[PairPath], design: bool) -> BTreeMap<Node, (Tone, Vec<Label>)> {
    let mut blockers: BTreeMap<Node, (Tone, Vec<Label>)> = BTreeMap::new();
    for path in paths {
        if let Some((n, tooltip)) = &path.blocker {
            // the design style marks the blocking resource it draws instead
            let n = match (design, path.resource) {
                (true, Some(resource)) => resource,
                _ => *n,
            };
            let tone = if path.verdict == Verdict::Unknown {
                Tone::Undecided
            } else {
                Tone::Blocked
            };
            let entry = blockers.entry(n).or_insert((tone, Vec::new()));
            if tone == Tone::Blocked {
                entry.0 = Tone::Blocked;
            }
            entry.1.push(tooltip.clone());
        }
    }
    blockers
}

impl<'a> Emitter<'a> {
    /// Decides what is drawn: the kept nodes, the edges between them, the
    /// internet only when something reaches it, the boxes that hold something.
    fn new(input: &Input<'a>) -> Emitter<'a> {
        let (mut nodes, members) = placed_nodes(input);
        let drawn = drawn_edges(input.scene, &nodes, &members);
        // the internet node only when something reaches it
        let internet_used = drawn
            .iter()
            .any(|d| d.from == Node::Internet || d.to == Node::Internet)
            || input.paths.iter().any(|p| {
                p.steps.iter().any(|s| {
                    s.nodes.contains(&Node::Internet)
                        && s.nodes.iter().all(|n| nodes.contains_key(n))
                })
            })
            || members.contains_key(&Cluster::Internet);
        if !internet_used {
            nodes.remove(&Node::Internet);
        }
        let mut emitter = Emitter {
            topo: input.topo,
            scene: input.scene,
            paths: input.paths,
            nodes,
            drawn,
            boxes: BTreeSet::new(),
            blockers: blockers(input.paths, input.design),
            children: BTreeMap::new(),
            in_box: BTreeMap::new(),
            design: input.design,
            followed: BTreeSet::new(),
            notes: BTreeMap::new(),
        };
        let followed = input
            .paths
            .iter()
            .flat_map(|p| &p.steps)
            .filter(|s| s.nodes.iter().all(|n| emitter.nodes.contains_key(n)))
            .flat_map(|s| s.nodes.windows(2))
            .flat_map(|w| match w {
                [a, b] => vec![(*a, *b), (*b, *a)],
                _ => Vec::new(),
            })
            .collect();
        emitter.followed = followed;
        emitter.place_boxes();
        emitter.notes = emitter.blocker_notes();
        emitter
    }

    /// The box `c` sits in.
    fn parent(&self, c: Cluster) -> Option<Cluster> {
        self.scene.boxes.get(&c).and_then(|b| b.parent)
    }

    /// `c` and the boxes around it, innermost first.
    fn ancestors(&self, c: Cluster) -> Vec<Cluster> {
        let mut list = vec![c];
        let mut current = self.parent(c);
        while let Some(p) = current {
            list.push(p);
            current = self.parent(p);
        }
        list
    }

    /// Fills `boxes` (those holding a drawn node, with their ancestors),
    /// `children` and `in_box`.
    fn place_boxes(&mut self) {
        let topo = self.topo;
        let mut boxes: BTreeSet<Cluster> = BTreeSet::new();
        for cluster in self.nodes.values().flatten() {
            let mut current = Some(*cluster);
            while let Some(c) = current {
                if !boxes.insert(c) {
                    break;
                }
                current = self.parent(c);
            }
        }
        let mut children: BTreeMap<Option<Cluster>, Vec<Cluster>> = BTreeMap::new();
        for &c in &boxes {
            children.entry(self.parent(c)).or_default().push(c);
        }
        for list in children.values_mut() {
            list.sort_by_key(|c| box_order(topo, *c));
        }
        let mut in_box: BTreeMap<Option<Cluster>, Vec<Node>> = BTreeMap::new();
        for (n, cluster) in &self.nodes {
            in_box.entry(*cluster).or_default().push(*n);
        }
        for list in in_box.values_mut() {
            list.sort_by_key(|n| order(topo, *n));
        }
        self.boxes = boxes;
        self.children = children;
        self.in_box = in_box;
    }

    /// The drawn boxes directly under `parent`.
    fn children_of(&self, parent: Option<Cluster>) -> &[Cluster] {
        self.children
            .get(&parent)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The drawn nodes directly in `cluster`.
    fn nodes_in(&self, cluster: Option<Cluster>) -> &[Node] {
        self.in_box
            .get(&cluster)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The statement of node `n`: its style, label and, on a blocker, the
    /// thick outline and the blockers' descriptions in its tooltip.
    fn node_stmt(&self, n: Node) -> Stmt {
        let s = style::node(n);
        let label = self
            .scene
            .nodes
            .get(&n)
            .map(|i| i.label.clone())
            .unwrap_or_default();
        let blocker = self.blockers.get(&n);
        let outline = match blocker {
            Some((Tone::Blocked, _)) => style::BLOCKED,
            Some(_) => style::UNDECIDED,
            None => s.line,
        };
        let mut attributes = vec![
            attr("label", label.centered()),
            attr("shape", q(s.shape)),
            attr("fillcolor", q(s.fill)),
            attr("color", q(outline)),
        ];
        let id = self.scene.nodes.get(&n).map(|i| i.id.as_str());
        if let (true, Some(id), None) = (self.design, id, blocker) {
            attributes.push(attr("tooltip", Label::of(id).centered()));
        }
        if let (true, Some(id)) = (self.design, id) {
            attributes.push(attr("comment", Label::of(id).centered()));
        }
        if matches!(n, Node::VSwitch(_)) {
            attributes.push(attr("style", q("dashed,filled")));
        }
        if let Some((_, tooltips)) = blocker {
            attributes.push(attr("penwidth", q("3")));
            let mut tooltip = match (self.design, id) {
                (true, Some(id)) => Label::of(id),
                _ => label.clone(),
            };
            for extra in tooltips.iter().take(TOOLTIP_LIMIT) {
                tooltip.line("");
                for line in extra.lines() {
                    tooltip.line(line);
                }
            }
            attributes.push(attr("tooltip", tooltip.centered()));
        }
        Stmt::Node(DotNode::new(
            NodeId(Id::Escaped(quote(&node_name(self.topo, n))), None),
            attributes,
        ))
    }

    /// The subgraph of box `c`: its look, its title, its nodes, then its
    /// child boxes. The title is a node at the top of the box
    /// ([`Emitter::title_name`]), not the box's label: Graphviz routes edges
    /// around nodes but not around box labels.
    fn subgraph(&self, c: Cluster) -> Stmt {
        let mut stmts = Vec::new();
        if let Some(info) = self.scene.boxes.get(&c) {
            let (line, fill, look, _) = style::cluster(info.kind);
            stmts.push(Stmt::Attribute(attr("label", q(""))));
            stmts.push(Stmt::Attribute(attr("style", q(&format!("{look},filled")))));
            stmts.push(Stmt::Attribute(attr("color", q(line))));
            stmts.push(Stmt::Attribute(attr("fillcolor", q(fill))));
            {
                let mut attributes = vec![
                    attr("shape", q("plaintext")),
                    attr("style", q("solid")),
                    attr("margin", q("0.05,0")),
                    attr("fontsize", q("11")),
                    attr("label", info.label.centered()),
                ];
                if self.design && !info.id.is_empty() {
                    attributes.push(attr("tooltip", Label::of(&info.id).centered()));
                    attributes.push(attr("comment", Label::of(&info.id).centered()));
                }
                stmts.push(Stmt::Node(DotNode::new(
                    NodeId(Id::Escaped(quote(&self.title_name(c))), None),
                    attributes,
                )));
            }
        }
        for &n in self.nodes_in(Some(c)) {
            stmts.push(self.node_stmt(n));
        }
        if let Some(notes) = self.notes.get(&Some(c)) {
            stmts.extend(notes.iter().cloned());
        }
        for &child in self.children_of(Some(c)) {
            stmts.push(self.subgraph(child));
        }
        Stmt::Subgraph(Subgraph {
            id: Id::Escaped(quote(&box_name(self.topo, c))),
            stmts,
        })
    }

    /// The DOT name of the title node of box `c`.
    fn title_name(&self, c: Cluster) -> String {
        format!("title:{}", box_name(self.topo, c))
    }

    /// The box tree: the top-level boxes, then the nodes outside every box.
    fn box_tree(&self, stmts: &mut Vec<Stmt>) {
        for &c in self.children_of(None) {
            stmts.push(self.subgraph(c));
        }
        for &n in self.nodes_in(None) {
            stmts.push(self.node_stmt(n));
        }
        if let Some(notes) = self.notes.get(&None) {
            stmts.extend(notes.iter().cloned());
        }
    }

    /// Invisible structure: a VPC's router above its vSwitches, a data
    /// center's router above what sits in it.
    fn invisible_structure(&self, stmts: &mut Vec<Stmt>) {
        let topo = self.topo;
        let mut in_order: Vec<(Node, Option<Cluster>)> =
            self.nodes.iter().map(|(n, c)| (*n, *c)).collect();
        in_order.sort_by_key(|(n, _)| order(topo, *n));
        for (n, cluster) in in_order {
            let below: Vec<Node> = match n {
                Node::Vpc(ix) => {
                    let mut list: Vec<Node> = self
                        .children_of(Some(Cluster::Vpc(ix)))
                        .iter()
                        .filter_map(|c| self.nodes_in(Some(*c)).first().copied())
                        .collect();
                    list.extend(self.nodes_in(cluster).iter().filter(|m| **m != n));
                    list
                }
                Node::DataCenter(_) => self
                    .nodes_in(cluster)
                    .iter()
                    .copied()
                    .filter(|m| *m != n)
                    .collect(),
                _ => continue,
            };
            for m in below {
                stmts.push(Stmt::Edge(DotEdge {
                    ty: EdgeTy::Pair(vertex(topo, n), vertex(topo, m)),
                    attributes: vec![attr("style", q("invis"))],
                }));
            }
        }
    }

    /// The key that merges a base edge with others of its kind between the
    /// same two boxes: none for an edge clipped at a vSwitch box or between
    /// nested boxes.
    fn merge_key(&self, d: &Drawn<'_>) -> Option<(Cluster, Cluster, EdgeKind)> {
        if d.lhead.is_some() {
            return None;
        }
        let cluster_of = |n: Node| self.nodes.get(&n).copied().flatten();
        let (a, b) = (cluster_of(d.from)?, cluster_of(d.to)?);
        let nested = self.ancestors(a).contains(&b) || self.ancestors(b).contains(&a);
        (!nested).then_some((a, b, d.edge.kind))
    }

    /// The base edges, merged per (box, box, kind) into one edge that names
    /// their count and ends at the boxes' borders. Returns the kinds drawn.
    fn base_edges(&self, stmts: &mut Vec<Stmt>) -> BTreeSet<EdgeKind> {
        let topo = self.topo;
        let drawn = &self.drawn;
        let mut groups: BTreeMap<(Cluster, Cluster, EdgeKind), Vec<usize>> = BTreeMap::new();
        for (i, d) in drawn.iter().enumerate() {
            if let Some(key) = self.merge_key(d) {
                groups.entry(key).or_default().push(i);
            }
        }
        let mut edge_kinds: BTreeSet<EdgeKind> = BTreeSet::new();
        for (i, d) in drawn.iter().enumerate() {
            let kind = d.edge.kind;
            edge_kinds.insert(kind);
            let (colour, look, direction, _) = style::edge(kind);
            let group = self
                .merge_key(d)
                .and_then(|key| groups.get(&key).map(|g| (key, g)));
            let mut attributes = vec![attr("color", q(colour)), attr("fontcolor", q(colour))];
            attributes.push(attr("dir", q(direction)));
            match group {
                Some(((from_box, to_box, _), members)) if members.len() > 1 => {
                    if members.first() != Some(&i) {
                        continue;
                    }
                    let followed = members
                        .iter()
                        .filter_map(|&m| drawn.get(m))
                        .any(|m| self.followed.contains(&(m.from, m.to)));
                    let mut ids: Vec<String> = members
                        .iter()
                        .filter_map(|&m| drawn.get(m))
                        .flat_map(|m| m.edge.ids.iter().cloned())
                        .collect();
                    ids.sort();
                    ids.dedup();
                    let mut tooltip = Label::new();
                    tooltip.wrapped(&ids.join(", "), 60);
                    attributes.push(attr("style", q(look)));
                    attributes.push(attr("penwidth", q("1.6")));
                    let count = Label::of(&format!("{} {}", members.len(), style::plural(kind)));
                    if followed {
                        let mut with_count = count;
                        for line in tooltip.lines() {
                            with_count.line(line);
                        }
                        tooltip = with_count;
                    } else {
                        attributes.push(attr("label", count.centered()));
                    }
                    attributes.push(attr("tooltip", tooltip.centered()));
                    attributes.push(attr("ltail", quote(&box_name(topo, from_box))));
                    attributes.push(attr("lhead", quote(&box_name(topo, to_box))));
                }
                _ => {
                    let look = if d.edge.inactive { "dashed" } else { look };
                    attributes.push(attr("style", q(look)));
                    let followed = self.followed.contains(&(d.from, d.to));
                    if !d.edge.label.is_empty() && !followed {
                        attributes.push(attr("label", d.edge.label.centered()));
                    }
                    let mut tooltip = Label::new();
                    let ids = d.edge.ids.join(", ");
                    if followed {
                        for line in d.edge.label.lines().iter().filter(|l| **l != ids) {
                            tooltip.line(line);
                        }
                    }
                    tooltip.line(&ids);
                    attributes.push(attr("tooltip", tooltip.centered()));
                    if let Some(lhead) = d.lhead {
                        attributes.push(attr("lhead", quote(&box_name(topo, lhead))));
                    }
                }
            }
            if self.design {
                // the ids of every connection the edge stands for
                let mut ids: Vec<&str> = match group {
                    Some((_, members)) => members
                        .iter()
                        .filter_map(|&m| drawn.get(m))
                        .flat_map(|m| m.edge.ids.iter().map(String::as_str))
                        .collect(),
                    None => d.edge.ids.iter().map(String::as_str).collect(),
                };
                ids.sort_unstable();
                ids.dedup();
                attributes.push(attr("comment", Label::of(&ids.join(", ")).centered()));
            }
            stmts.push(Stmt::Edge(DotEdge {
                ty: EdgeTy::Pair(vertex(topo, d.from), vertex(topo, d.to)),
                attributes,
            }));
        }
        edge_kinds
    }

    /// The path overlays between drawn nodes, one edge per hop, coloured by
    /// tone; the blocking hop's text as an external label. Returns which
    /// verdicts the legend explains.
    fn overlays(&self, stmts: &mut Vec<Stmt>) -> LegendContent {
        let topo = self.topo;
        let overlay_ok = |nodes_of: &[Node]| nodes_of.iter().all(|n| self.nodes.contains_key(n));
        let mut legend = LegendContent::default();
        for path in self.paths {
            match path.verdict {
                Verdict::Reachable => legend.reachable = true,
                Verdict::Unreachable => legend.failing = true,
                Verdict::Unknown => legend.undecided = true,
            }
            for step in &path.steps {
                if !overlay_ok(&step.nodes) {
                    continue;
                }
                let (colour, width) = match step.tone {
                    Tone::Reachable => (style::REACHABLE, "2.5"),
                    Tone::Failing => (style::FAILING, "2.5"),
                    Tone::Blocked => (style::BLOCKED, "3.5"),
                    Tone::Undecided => (style::UNDECIDED, "3.5"),
                };
                let look = match step.dir {
                    Dir::Forward => "solid",
                    Dir::Return => "dashed",
                };
                for pair in step.nodes.windows(2) {
                    let [from, to] = pair else {
                        continue;
                    };
                    let attributes = vec![
                        attr("color", q(colour)),
                        attr("fontcolor", q(colour)),
                        attr("penwidth", q(width)),
                        attr("style", q(look)),
                        attr("constraint", q("false")),
                        attr("dir", q("forward")),
                        attr("tooltip", step.tooltip.centered()),
                    ];
                    stmts.push(Stmt::Edge(DotEdge {
                        ty: EdgeTy::Pair(vertex(topo, *from), vertex(topo, *to)),
                        attributes,
                    }));
                }
            }
        }
        legend
    }
}
