//! Emission: the scene, the highlighted paths and the focus filter turned into
//! a graphviz-rust DOT tree and printed. Every id and label goes through
//! `escape`; everything is emitted in topology order (kind, then id), so the
//! text is the same byte for byte whatever the order of the input lists.
//!
//! Connections of one kind between the same two boxes are merged into one edge
//! that names their count and ends at the boxes' borders; a vSwitch box with
//! nothing in it is drawn as a node; the internet node only when something
//! reaches it; boxes left empty by `--focus` not at all. Path overlays take no
//! part in ranking (`constraint=false`) and the blocking hop's text is an
//! external label (`xlabel`, placed after layout), so highlighting keeps the
//! diagram's shape (Graphviz may still shift nodes sideways).

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

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

/// Prints the diagram.
pub(super) fn emit(input: &Input<'_>) -> String {
    let topo = input.topo;
    let scene = input.scene;
    let kept = |n: &Node| input.keep.is_none_or(|k| k.contains(n));

    // nodes, and the vSwitch boxes that hold something
    let mut nodes: BTreeMap<Node, Option<Cluster>> = scene
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

    // base edges between drawn nodes; an edge to a vSwitch drawn as a box ends at its border
    let mut drawn: Vec<Drawn<'_>> = Vec::new();
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

    // the internet node only when something reaches it
    let internet_used = drawn
        .iter()
        .any(|d| d.from == Node::Internet || d.to == Node::Internet)
        || input.paths.iter().any(|p| {
            p.steps.iter().any(|s| {
                s.nodes.contains(&Node::Internet) && s.nodes.iter().all(|n| nodes.contains_key(n))
            })
        })
        || members.contains_key(&Cluster::Internet);
    if !internet_used {
        nodes.remove(&Node::Internet);
    }

    // boxes holding a drawn node, with their ancestors
    let mut boxes: BTreeSet<Cluster> = BTreeSet::new();
    let parent = |c: Cluster| scene.boxes.get(&c).and_then(|b| b.parent);
    for cluster in nodes.values().flatten() {
        let mut current = Some(*cluster);
        while let Some(c) = current {
            if !boxes.insert(c) {
                break;
            }
            current = parent(c);
        }
    }
    let ancestors = |c: Cluster| {
        let mut list = vec![c];
        let mut current = parent(c);
        while let Some(p) = current {
            list.push(p);
            current = parent(p);
        }
        list
    };

    // blocker nodes: outline and tooltip
    let mut blockers: BTreeMap<Node, (Tone, Vec<Label>)> = BTreeMap::new();
    for path in input.paths {
        if let Some((n, tooltip)) = &path.blocker {
            let tone = if path.verdict == Verdict::Unknown {
                Tone::Undecided
            } else {
                Tone::Blocked
            };
            let entry = blockers.entry(*n).or_insert((tone, Vec::new()));
            if tone == Tone::Blocked {
                entry.0 = Tone::Blocked;
            }
            entry.1.push(tooltip.clone());
        }
    }

    let mut stmts: Vec<Stmt> = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("compound", q("true")),
            attr("rankdir", q("TB")),
            attr("newrank", q("true")),
            attr("fontname", q(style::FONT)),
            attr("fontsize", q("11")),
            attr("labeljust", q("l")),
            attr("nodesep", q("0.3")),
            attr("ranksep", q("0.6")),
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
    ];

    // the box tree
    let mut children: BTreeMap<Option<Cluster>, Vec<Cluster>> = BTreeMap::new();
    for &c in &boxes {
        children.entry(parent(c)).or_default().push(c);
    }
    for list in children.values_mut() {
        list.sort_by_key(|c| box_order(topo, *c));
    }
    let mut in_box: BTreeMap<Option<Cluster>, Vec<Node>> = BTreeMap::new();
    for (n, cluster) in &nodes {
        in_box.entry(*cluster).or_default().push(*n);
    }
    for list in in_box.values_mut() {
        list.sort_by_key(|n| order(topo, *n));
    }
    let node_stmt = |n: Node| -> Stmt {
        let s = style::node(n);
        let label = scene
            .nodes
            .get(&n)
            .map(|i| i.label.clone())
            .unwrap_or_default();
        let blocker = blockers.get(&n);
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
        if matches!(n, Node::VSwitch(_)) {
            attributes.push(attr("style", q("dashed,filled")));
        }
        if let Some((_, tooltips)) = blocker {
            attributes.push(attr("penwidth", q("3")));
            let mut tooltip = label.clone();
            for extra in tooltips.iter().take(TOOLTIP_LIMIT) {
                tooltip.line("");
                for line in extra.lines() {
                    tooltip.line(line);
                }
            }
            attributes.push(attr("tooltip", tooltip.centered()));
        }
        Stmt::Node(DotNode::new(
            NodeId(Id::Escaped(quote(&node_name(topo, n))), None),
            attributes,
        ))
    };
    fn subgraph(
        c: Cluster,
        input: &Input<'_>,
        children: &BTreeMap<Option<Cluster>, Vec<Cluster>>,
        in_box: &BTreeMap<Option<Cluster>, Vec<Node>>,
        node_stmt: &dyn Fn(Node) -> Stmt,
    ) -> Stmt {
        let topo = input.topo;
        let mut stmts = Vec::new();
        if let Some(info) = input.scene.boxes.get(&c) {
            let (line, fill, look, _) = style::cluster(info.kind);
            stmts.push(Stmt::Attribute(attr("label", info.label.centered())));
            stmts.push(Stmt::Attribute(attr("style", q(&format!("{look},filled")))));
            stmts.push(Stmt::Attribute(attr("color", q(line))));
            stmts.push(Stmt::Attribute(attr("fillcolor", q(fill))));
        }
        for &n in in_box.get(&Some(c)).map(Vec::as_slice).unwrap_or_default() {
            stmts.push(node_stmt(n));
        }
        for &child in children
            .get(&Some(c))
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            stmts.push(subgraph(child, input, children, in_box, node_stmt));
        }
        Stmt::Subgraph(Subgraph {
            id: Id::Escaped(quote(&box_name(topo, c))),
            stmts,
        })
    }
    for &c in children.get(&None).map(Vec::as_slice).unwrap_or_default() {
        stmts.push(subgraph(c, input, &children, &in_box, &node_stmt));
    }
    for &n in in_box.get(&None).map(Vec::as_slice).unwrap_or_default() {
        stmts.push(node_stmt(n));
    }

    // invisible structure: a VPC's router above its vSwitches, a data center's
    // router above what sits in it
    let mut in_order: Vec<(Node, Option<Cluster>)> = nodes.iter().map(|(n, c)| (*n, *c)).collect();
    in_order.sort_by_key(|(n, _)| order(topo, *n));
    for (n, cluster) in &in_order {
        let (n, cluster) = (*n, cluster);
        let below: Vec<Node> = match n {
            Node::Vpc(ix) => {
                let mut list: Vec<Node> = children
                    .get(&Some(Cluster::Vpc(ix)))
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|c| in_box.get(&Some(*c)).and_then(|m| m.first().copied()))
                    .collect();
                list.extend(
                    in_box
                        .get(cluster)
                        .map(Vec::as_slice)
                        .unwrap_or_default()
                        .iter()
                        .filter(|m| **m != n),
                );
                list
            }
            Node::DataCenter(_) => in_box
                .get(cluster)
                .map(Vec::as_slice)
                .unwrap_or_default()
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

    // base edges, merged per (box, box, kind)
    let cluster_of = |n: Node| nodes.get(&n).copied().flatten();
    let merge_key = |d: &Drawn<'_>| -> Option<(Cluster, Cluster, EdgeKind)> {
        if d.lhead.is_some() {
            return None;
        }
        let (a, b) = (cluster_of(d.from)?, cluster_of(d.to)?);
        let nested = ancestors(a).contains(&b) || ancestors(b).contains(&a);
        (!nested).then_some((a, b, d.edge.kind))
    };
    let mut groups: BTreeMap<(Cluster, Cluster, EdgeKind), Vec<usize>> = BTreeMap::new();
    for (i, d) in drawn.iter().enumerate() {
        if let Some(key) = merge_key(d) {
            groups.entry(key).or_default().push(i);
        }
    }
    let mut edge_kinds: BTreeSet<EdgeKind> = BTreeSet::new();
    for (i, d) in drawn.iter().enumerate() {
        let kind = d.edge.kind;
        edge_kinds.insert(kind);
        let (colour, look, direction, _) = style::edge(kind);
        let group = merge_key(d).and_then(|key| groups.get(&key).map(|g| (key, g)));
        let mut attributes = vec![attr("color", q(colour)), attr("fontcolor", q(colour))];
        attributes.push(attr("dir", q(direction)));
        match group {
            Some(((from_box, to_box, _), members)) if members.len() > 1 => {
                if members.first() != Some(&i) {
                    continue;
                }
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
                attributes.push(attr(
                    "label",
                    Label::of(&format!("{} {}", members.len(), style::plural(kind))).centered(),
                ));
                attributes.push(attr("tooltip", tooltip.centered()));
                attributes.push(attr("ltail", quote(&box_name(topo, from_box))));
                attributes.push(attr("lhead", quote(&box_name(topo, to_box))));
            }
            _ => {
                let look = if d.edge.inactive { "dashed" } else { look };
                attributes.push(attr("style", q(look)));
                if !d.edge.label.is_empty() {
                    attributes.push(attr("label", d.edge.label.centered()));
                }
                let mut tooltip = Label::new();
                tooltip.line(&d.edge.ids.join(", "));
                attributes.push(attr("tooltip", tooltip.centered()));
                if let Some(lhead) = d.lhead {
                    attributes.push(attr("lhead", quote(&box_name(topo, lhead))));
                }
            }
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(vertex(topo, d.from), vertex(topo, d.to)),
            attributes,
        }));
    }

    // path overlays between drawn nodes
    let overlay_ok = |nodes_of: &[Node]| nodes_of.iter().all(|n| nodes.contains_key(n));
    let mut legend = LegendContent::default();
    for path in input.paths {
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
            for (k, pair) in step.nodes.windows(2).enumerate() {
                let [from, to] = pair else {
                    continue;
                };
                let mut attributes = vec![
                    attr("color", q(colour)),
                    attr("fontcolor", q(colour)),
                    attr("penwidth", q(width)),
                    attr("style", q(look)),
                    attr("constraint", q("false")),
                    attr("dir", q("forward")),
                    attr("tooltip", step.tooltip.centered()),
                ];
                if k == 0 && !step.label.is_empty() {
                    // an external label, placed after layout
                    attributes.push(attr("xlabel", step.label.left()));
                    attributes.push(attr("fontsize", q("10")));
                }
                stmts.push(Stmt::Edge(DotEdge {
                    ty: EdgeTy::Pair(vertex(topo, *from), vertex(topo, *to)),
                    attributes,
                }));
            }
        }
    }

    // the legend
    let mut seen_kinds: BTreeSet<&str> = BTreeSet::new();
    let mut representatives: Vec<Node> = nodes
        .keys()
        .copied()
        .filter(|n| seen_kinds.insert(n.kind()))
        .collect();
    representatives.sort_by_key(|n| Node::KINDS.iter().position(|k| *k == n.kind()));
    legend.nodes = representatives;
    let mut box_kinds: Vec<_> = boxes
        .iter()
        .filter_map(|c| scene.boxes.get(c).map(|b| b.kind))
        .collect();
    box_kinds.sort();
    box_kinds.dedup();
    legend.boxes = box_kinds;
    legend.edges = edge_kinds.into_iter().collect();
    let mut legend_stmts = vec![
        Stmt::Attribute(attr("label", q(""))),
        Stmt::Attribute(attr("style", q("rounded"))),
        Stmt::Attribute(attr("color", q("#bdbdbd"))),
        Stmt::Node(DotNode::new(
            NodeId(Id::Escaped(q("legend")), None),
            vec![
                attr("shape", q("plaintext")),
                attr("style", q("solid")),
                Attribute(
                    Id::Plain("label".to_string()),
                    Id::Html(style::legend(&legend)),
                ),
            ],
        )),
    ];
    if !input.paths.is_empty() {
        let mut list = Label::of("highlighted pairs");
        for path in input.paths.iter().take(PAIR_LIST_LIMIT) {
            let mut text = format!(
                "{} → {}: {}",
                path.resource_group,
                path.data_source,
                path.verdict.as_str()
            );
            if let (Some(code), false) = (path.primary, path.verdict == Verdict::Reachable) {
                text.push_str(&format!(" ({code})"));
            }
            list.line(&text);
        }
        if input.paths.len() > PAIR_LIST_LIMIT {
            list.line(&format!(
                "… and {} more",
                input.paths.len() - PAIR_LIST_LIMIT
            ));
        }
        legend_stmts.push(Stmt::Node(DotNode::new(
            NodeId(Id::Escaped(q("highlighted pairs")), None),
            vec![
                attr("shape", q("note")),
                attr("fillcolor", q("#ffffff")),
                attr("label", list.left()),
            ],
        )));
    }
    stmts.push(Stmt::Subgraph(Subgraph {
        id: Id::Escaped(q("cluster_legend")),
        stmts: legend_stmts,
    }));

    let graph = Graph::DiGraph {
        id: Id::Escaped(q("netreach")),
        strict: false,
        stmts,
    };
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}
