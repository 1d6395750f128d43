//! The parts of the emission that stand beside the diagram proper: the box
//! titles' ranking edges, the notes on blockers (the finding and its proved
//! fixes), the legend and the list of highlighted pairs.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Id, Node as DotNode, NodeId, Stmt, Subgraph, Vertex,
};

use super::{attr, box_order, q, vertex, Emitter, PAIR_LIST_LIMIT};
use crate::graph::Node;
use crate::reach::Verdict;
use crate::render::dot::escape::{id as quote, Label};
use crate::render::dot::paths::Tone;
use crate::render::dot::scene::Cluster;
use crate::render::dot::style::{self, EdgeKind, LegendContent};

impl Emitter<'_> {
    /// The note of each drawn failing pair, in the box of the node it is
    /// about (the blocking resource when the design style draws it, else the
    /// blocker node, else where the blocking hop starts): a real node, so
    /// that Graphviz lays it out and routes edges around it, joined to that
    /// node by a dotted edge.
    pub(super) fn blocker_notes(&self) -> BTreeMap<Option<Cluster>, Vec<Stmt>> {
        let topo = self.topo;
        let mut notes: BTreeMap<Option<Cluster>, Vec<Stmt>> = BTreeMap::new();
        for path in self.paths {
            let Some(note) = &path.note else {
                continue;
            };
            // a connection drawn as an edge blocks: where the blocking hop starts
            let blocking_step = path
                .steps
                .iter()
                .find(|s| matches!(s.tone, Tone::Blocked | Tone::Undecided))
                .and_then(|s| s.nodes.first().copied());
            let Some(about) = path
                .resource
                .filter(|r| self.nodes.contains_key(r))
                .or(path.blocker.as_ref().map(|(n, _)| *n))
                .or(blocking_step)
            else {
                continue;
            };
            let Some(cluster) = self.nodes.get(&about).copied() else {
                continue;
            };
            let colour = match path.verdict {
                Verdict::Unknown => style::UNDECIDED,
                _ => style::BLOCKED,
            };
            let name = format!("note:{}:{}", path.resource_group, path.data_source);
            let mut tooltip = Label::of(&format!(
                "{} → {}: {}",
                path.resource_group,
                path.data_source,
                path.verdict.as_str()
            ));
            for line in note.lines() {
                tooltip.line(line);
            }
            let list = notes.entry(cluster).or_default();
            list.push(Stmt::Node(DotNode::new(
                NodeId(Id::Escaped(quote(&name)), None),
                vec![
                    attr("shape", q("note")),
                    attr("fillcolor", q("#ffebee")),
                    attr("color", q(colour)),
                    attr("fontcolor", q(colour)),
                    attr("label", note.left()),
                    attr("tooltip", tooltip.centered()),
                ],
            )));
            list.push(Stmt::Edge(DotEdge {
                ty: EdgeTy::Pair(
                    vertex(topo, about),
                    Vertex::N(NodeId(Id::Escaped(quote(&name)), None)),
                ),
                attributes: vec![
                    attr("color", q(colour)),
                    attr("style", q("dotted")),
                    attr("dir", q("none")),
                    attr("tooltip", tooltip.centered()),
                ],
            }));
        }
        notes
    }

    /// Each box's title node above everything directly in the box and above
    /// the titles of the boxes inside it (invisible edges), in topology order.
    pub(super) fn title_structure(&self, stmts: &mut Vec<Stmt>) {
        let title = |c: Cluster| Vertex::N(NodeId(Id::Escaped(quote(&self.title_name(c))), None));
        let mut boxes: Vec<Cluster> = self.boxes.iter().copied().collect();
        boxes.sort_by_key(|c| box_order(self.topo, *c));
        for c in boxes {
            let below = self
                .nodes_in(Some(c))
                .iter()
                .map(|&n| vertex(self.topo, n))
                .chain(self.children_of(Some(c)).iter().map(|&child| title(child)));
            for to in below {
                stmts.push(Stmt::Edge(DotEdge {
                    ty: EdgeTy::Pair(title(c), to),
                    attributes: vec![attr("style", q("invis"))],
                }));
            }
        }
    }

    /// The legend box: one sample per drawn node kind, box kind and edge
    /// kind, and the list of highlighted pairs.
    pub(super) fn legend(
        &self,
        stmts: &mut Vec<Stmt>,
        legend: &mut LegendContent,
        edge_kinds: BTreeSet<EdgeKind>,
    ) {
        let mut seen_kinds: BTreeSet<&str> = BTreeSet::new();
        let mut representatives: Vec<Node> = self
            .nodes
            .keys()
            .copied()
            .filter(|n| seen_kinds.insert(n.kind()))
            .collect();
        representatives.sort_by_key(|n| Node::KINDS.iter().position(|k| *k == n.kind()));
        legend.nodes = representatives;
        let mut box_kinds: Vec<_> = self
            .boxes
            .iter()
            .filter_map(|c| self.scene.boxes.get(c).map(|b| b.kind))
            .collect();
        box_kinds.sort();
        box_kinds.dedup();
        legend.boxes = box_kinds;
        legend.edges = edge_kinds.into_iter().collect();
        if self.design {
            // every node and box label starts with its kind: the legend
            // explains only lines and colours
            legend.nodes.clear();
            legend.boxes.clear();
        }
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
                        Id::Html(style::legend(legend, self.design)),
                    ),
                ],
            )),
        ];
        if !self.paths.is_empty() {
            legend_stmts.push(self.pair_list());
        }
        stmts.push(Stmt::Subgraph(Subgraph {
            id: Id::Escaped(q("cluster_legend")),
            stmts: legend_stmts,
        }));
    }

    /// The note listing the highlighted pairs and their verdicts (at most
    /// [`PAIR_LIST_LIMIT`], then "… and N more").
    fn pair_list(&self) -> Stmt {
        let mut list = Label::of("highlighted pairs");
        for path in self.paths.iter().take(PAIR_LIST_LIMIT) {
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
        if self.paths.len() > PAIR_LIST_LIMIT {
            list.line(&format!(
                "… and {} more",
                self.paths.len() - PAIR_LIST_LIMIT
            ));
        }
        Stmt::Node(DotNode::new(
            NodeId(Id::Escaped(q("highlighted pairs")), None),
            vec![
                attr("shape", q("note")),
                attr("fillcolor", q("#ffffff")),
                attr("label", list.left()),
            ],
        ))
    }
}
