//! Highlighted paths: a pair's forward and return hops turned into steps
//! between drawn nodes, and the blocking hop of a pair that fails.
//!
//! A hop names where it is (`at`) and what its route entry points to
//! (`next_hop`). Both are ids, mapped to drawn nodes through
//! `ValidInventory::lookup` and `Node::of`: a VPC or route table becomes the
//! VPC's router, a transit-router table its router; peerings, attachments and
//! VPN connections are edges, so the hop that uses one leads to the node at
//! its far end (through the customer gateway or physical connection where the
//! diagram draws one). Each hop is joined to the latest earlier hop whose next
//! hop leads to it, which keeps ECMP and sub-range branches apart; a hop whose
//! next hop leads nowhere later is an *attempted* step, and `local` delivers to
//! the data source (forward) or the resource group (return).
//!
//! The blocking hop of a failing pair is found from its primary finding: the
//! attempted step through the resource the finding names; else the delivery
//! into the data source when the finding is about arrival (whitelist, security
//! group); else a blocking step from the node the finding names (or the last
//! node reached) toward where that direction was going.

use std::collections::BTreeSet;

use super::escape::Label;
use crate::findings::{Class, Code};
use crate::graph::{Node, INTERNET_ID};
use crate::reach::{Hop, PairFinding, PairReport, Verdict};
use crate::validate::{
    AttachmentKind, DataSourceIx, DsLocation, ResourceGroupIx, ValidInventory, VpnAttach,
};

/// How many characters a line of a blocking hop's label holds.
const FIX_WIDTH: usize = 44;

/// Which way a step goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Dir {
    /// Resource group toward data source.
    Forward,
    /// Data source back toward the resource group.
    Return,
}

/// The colour class of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tone {
    /// On a reachable pair.
    Reachable,
    /// On a failing pair, before the blocker.
    Failing,
    /// The hop that blocks.
    Blocked,
    /// Where an unknown pair's analysis stops.
    Undecided,
}

/// One step of a path: consecutive drawn nodes (at least two).
#[derive(Debug, Clone)]
pub(super) struct Step {
    /// Direction.
    pub dir: Dir,
    /// The nodes, in order.
    pub nodes: Vec<Node>,
    /// The id of the connection used (the hop's next hop), if any.
    pub via: Option<String>,
    /// Tried but never completed: no later hop arrived where it leads.
    pub attempted: bool,
    /// Delivers to the end of its direction.
    pub delivery: bool,
    /// Colour class.
    pub tone: Tone,
    /// The hover text.
    pub tooltip: Label,
}

/// The drawn paths of one pair.
#[derive(Debug, Clone)]
pub(super) struct PairPath {
    /// Resource group id.
    pub resource_group: String,
    /// Data source id.
    pub data_source: String,
    /// The pair's verdict.
    pub verdict: Verdict,
    /// The primary finding's code, if any.
    pub primary: Option<Code>,
    /// The steps, forward first.
    pub steps: Vec<Step>,
    /// The node the primary finding names, if the diagram draws it.
    pub blocker: Option<(Node, Label)>,
    /// The resource the primary finding names when the diagram draws it
    /// only on demand (a security group, a route table): the design style
    /// draws it next to `blocker`.
    pub resource: Option<Node>,
    /// The note on the blocker: the primary finding's code, then the pair's
    /// proved fixes (semantics S10), else the decision it needs.
    pub note: Option<Label>,
}

impl PairPath {
    /// Every node the pair's paths touch (its ends included).
    pub(super) fn touched(&self, rg: ResourceGroupIx, ds: DataSourceIx) -> BTreeSet<Node> {
        let mut nodes: BTreeSet<Node> = self
            .steps
            .iter()
            .flat_map(|s| s.nodes.iter().copied())
            .collect();
        nodes.insert(Node::ResourceGroup(rg));
        nodes.insert(Node::DataSource(ds));
        if let Some((n, _)) = &self.blocker {
            nodes.insert(*n);
        }
        nodes
    }
}

/// The topology node of an id: a resource, or the internet.
fn resolve(v: &ValidInventory, id: &str) -> Option<Node> {
    match v.lookup(id) {
        Some((kind, index)) => Node::of(kind, index),
        None if id == INTERNET_ID => Some(Node::Internet),
        None => None,
    }
}

/// The drawn node standing for a topology node: a VPC, route table or vSwitch
/// is its VPC's router, a transit-router table its router; connections drawn as
/// edges, CENs, accounts, regions and security groups have none.
pub(super) fn drawn(v: &ValidInventory, n: Node) -> Option<Node> {
    match n {
        Node::Vpc(_)
        | Node::TransitRouter(_)
        | Node::NatGateway(_)
        | Node::Eip(_)
        | Node::VpnGateway(_)
        | Node::CustomerGateway(_)
        | Node::Vbr(_)
        | Node::PhysicalConnection(_)
        | Node::DataCenter(_)
        | Node::EcsInstance(_)
        | Node::ResourceGroup(_)
        | Node::DataSource(_)
        | Node::Internet => Some(n),
        Node::RouteTable(rt) => v.route_tables.lookup(rt).map(|t| Node::Vpc(t.vpc)),
        Node::VSwitch(vsw) => v.vswitches.lookup(vsw).map(|s| Node::Vpc(s.vpc)),
        Node::TrRouteTable(t) => v
            .tr_route_tables
            .lookup(t)
            .map(|t| Node::TransitRouter(t.tr)),
        Node::Account(_)
        | Node::Region(_)
        | Node::Peering(_)
        | Node::Cen(_)
        | Node::TrAttachment(_)
        | Node::VpnConnection(_)
        | Node::SecurityGroup(_) => None,
    }
}

/// Where a hop's next hop leads.
#[derive(Debug, Clone, Default)]
struct Lead {
    /// The id of the connection or device named.
    via: Option<String>,
    /// Drawn nodes passed on the way (customer gateway, physical connection).
    inter: Vec<Node>,
    /// Where the next hop should be.
    expect: Vec<Node>,
    /// Delivered to the end of the direction.
    delivery: bool,
}

/// The other end of a VPN connection seen from `at`: the customer gateway, then
/// its data center (from the cloud), or the cloud terminus (from the data center).
fn vpn_lead(v: &ValidInventory, vco: crate::validate::VpnConnectionIx, at: Node, lead: &mut Lead) {
    let Some(c) = v.vpn_connections.lookup(vco) else {
        return;
    };
    let cgw = Node::CustomerGateway(c.customer_gateway);
    let terminus = match c.attach {
        VpnAttach::Gateway(gateway) => Node::VpnGateway(gateway),
        VpnAttach::TransitRouter(tr) => Node::TransitRouter(tr),
    };
    if matches!(at, Node::DataCenter(_)) {
        lead.inter.push(cgw);
        lead.expect.push(terminus);
    } else {
        let dc = v
            .customer_gateways
            .lookup(c.customer_gateway)
            .and_then(|g| g.data_center);
        match dc {
            Some(dc) => {
                lead.inter.push(cgw);
                lead.expect.push(Node::DataCenter(dc));
            }
            None => lead.expect.push(cgw),
        }
    }
}

/// Where `hop`'s next hop leads from the drawn node `at`.
fn lead(v: &ValidInventory, hop: &Hop, at: Node, dir: Dir, binding_vpc: Option<Node>) -> Lead {
    let mut lead = Lead::default();
    let Some(next) = hop.next_hop.as_deref() else {
        lead.delivery = match dir {
            Dir::Forward => at == Node::Internet,
            // replies that reach the NAT gateway's VPC (the group's own)
            Dir::Return => Some(at) == binding_vpc && hop.note.is_some(),
        };
        return lead;
    };
    if next == "local" {
        lead.delivery = true;
        return lead;
    }
    lead.via = Some(next.to_string());
    let Some(target) = resolve(v, next) else {
        return lead;
    };
    match target {
        Node::Peering(p) => {
            if let (Some(p), Node::Vpc(here)) = (v.peerings.lookup(p), at) {
                lead.expect.extend(p.other(here).map(Node::Vpc));
            }
        }
        Node::TrAttachment(a) => {
            let Some(att) = v.tr_attachments.lookup(a) else {
                return lead;
            };
            let tr = Node::TransitRouter(att.tr);
            if at != tr {
                lead.expect.push(tr);
                return lead;
            }
            match &att.kind {
                AttachmentKind::Vpc { vpc, .. } => lead.expect.push(Node::Vpc(*vpc)),
                AttachmentKind::Vbr(vbr) => lead.expect.push(Node::Vbr(*vbr)),
                AttachmentKind::Vpn(vco) => vpn_lead(v, *vco, at, &mut lead),
                AttachmentKind::Peer { remote, .. } => {
                    lead.expect.push(Node::TransitRouter(*remote))
                }
            }
        }
        Node::VpnConnection(vco) => vpn_lead(v, vco, at, &mut lead),
        Node::PhysicalConnection(pc) => {
            let Some(connection) = v.physical_connections.lookup(pc) else {
                return lead;
            };
            if matches!(at, Node::DataCenter(_)) {
                lead.inter.push(target);
                lead.expect
                    .extend(connection.vbrs.iter().map(|&vbr| Node::Vbr(vbr)));
            } else if let Some(dc) = connection.data_center {
                lead.inter.push(target);
                lead.expect.push(Node::DataCenter(dc));
            } else {
                lead.expect.push(target);
            }
        }
        other => lead.expect.extend(drawn(v, other)),
    }
    lead
}

/// One line describing a hop, for tooltips.
fn describe(hop: &Hop) -> String {
    let mut parts = vec![format!("at {}", hop.at)];
    if let Some(table) = &hop.table {
        parts.push(format!("table {table}"));
    }
    if let Some(route) = &hop.route {
        parts.push(format!("route {route}"));
    }
    if let Some(next) = &hop.next_hop {
        parts.push(format!("next hop {next}"));
    }
    if let Some(range) = &hop.range {
        parts.push(format!("range {range}"));
    }
    if let Some(note) = &hop.note {
        parts.push(note.clone());
    }
    parts.join(", ")
}

/// Removes consecutive repeats; `None` when fewer than two nodes remain.
fn compact(nodes: Vec<Node>) -> Option<Vec<Node>> {
    let mut out: Vec<Node> = Vec::with_capacity(nodes.len());
    for n in nodes {
        if out.last() != Some(&n) {
            out.push(n);
        }
    }
    (out.len() >= 2).then_some(out)
}

/// The steps of one direction's hops.
struct Chain<'a> {
    v: &'a ValidInventory,
    dir: Dir,
    start: Node,
    target: Node,
    binding_vpc: Option<Node>,
    /// Delivering into an ECS-hosted data source passes its instance.
    ecs: Option<Node>,
    title: String,
}

impl Chain<'_> {
    fn steps(&self, hops: &[Hop]) -> Vec<Step> {
        let ats: Vec<Option<Node>> = hops
            .iter()
            .map(|h| resolve(self.v, &h.at).and_then(|n| drawn(self.v, n)))
            .collect();
        let leads: Vec<Lead> = hops
            .iter()
            .zip(&ats)
            .map(|(hop, at)| match at {
                Some(at) => lead(self.v, hop, *at, self.dir, self.binding_vpc),
                None => Lead::default(),
            })
            .collect();
        let mut consumed = vec![false; hops.len()];
        let mut steps: Vec<Step> = Vec::new();
        let push = |steps: &mut Vec<Step>,
                    nodes: Vec<Node>,
                    via: Option<String>,
                    attempted,
                    delivery,
                    text: String| {
            let Some(nodes) = compact(nodes) else {
                return;
            };
            if steps.iter().any(|s| s.nodes == nodes && s.via == via) {
                return;
            }
            let mut tooltip = Label::of(&self.title);
            tooltip.line(&text);
            steps.push(Step {
                dir: self.dir,
                nodes,
                via,
                attempted,
                delivery,
                tone: Tone::Reachable,
                tooltip,
            });
        };
        let word = match self.dir {
            Dir::Forward => "forward",
            Dir::Return => "return",
        };
        // `ats`, `leads`, `consumed` and `hops` are parallel (one entry per hop).
        for (i, (at, hop)) in ats.iter().zip(hops).enumerate() {
            let Some(at) = *at else {
                continue;
            };
            let placed = |j: &usize| matches!(ats.get(*j), Some(Some(_)));
            let lead_at = |j: usize| leads.get(j);
            let from = (0..i)
                .rev()
                .filter(placed)
                .find(|&j| lead_at(j).is_some_and(|l| l.expect.contains(&at)))
                .or_else(|| {
                    (0..i).rev().filter(placed).find(|&j| {
                        consumed.get(j) == Some(&false) && lead_at(j).is_some_and(|l| !l.delivery)
                    })
                })
                .or_else(|| (0..i).rev().find(placed));
            match from {
                Some(j) => {
                    if let Some(done) = consumed.get_mut(j) {
                        *done = true;
                    }
                    let (Some(Some(origin)), Some(lead), Some(from_hop)) =
                        (ats.get(j), leads.get(j), hops.get(j))
                    else {
                        continue;
                    };
                    let mut nodes = vec![*origin];
                    nodes.extend(lead.inter.iter().copied());
                    nodes.push(at);
                    let text = format!("{word} hop {}: {}", j + 1, describe(from_hop));
                    push(&mut steps, nodes, lead.via.clone(), false, false, text);
                }
                None => {
                    let text = format!("{word}: starts at {}", hop.at);
                    push(&mut steps, vec![self.start, at], None, false, false, text);
                }
            }
        }
        for (j, (((at, lead), hop), &done)) in
            ats.iter().zip(&leads).zip(hops).zip(&consumed).enumerate()
        {
            let Some(at) = *at else {
                continue;
            };
            let text = format!("{word} hop {}: {}", j + 1, describe(hop));
            let mut nodes = vec![at];
            nodes.extend(lead.inter.iter().copied());
            if lead.delivery {
                nodes.extend(self.ecs);
                nodes.push(self.target);
                push(&mut steps, nodes, lead.via.clone(), false, true, text);
            } else if !done && (!lead.expect.is_empty() || !lead.inter.is_empty()) {
                nodes.extend(lead.expect.first().copied());
                push(&mut steps, nodes, lead.via.clone(), true, false, text);
            }
        }
        steps
    }
}

/// The last node a direction reached: the end of its last step (an attempted
/// step arrived too, only nothing went on from there), else its start.
fn last_reached(steps: &[Step], dir: Dir, start: Node) -> Node {
    steps
        .iter()
        .filter(|s| s.dir == dir)
        .filter_map(|s| s.nodes.last().copied())
        .next_back()
        .unwrap_or(start)
}

/// The drawn paths of a checked pair.
pub(super) fn trace(
    v: &ValidInventory,
    report: &PairReport,
    rg: ResourceGroupIx,
    ds: DataSourceIx,
) -> PairPath {
    let rg_node = Node::ResourceGroup(rg);
    let ds_node = Node::DataSource(ds);
    let binding_vpc = report
        .binding
        .as_ref()
        .and_then(|b| resolve(v, &b.vpc))
        .filter(|n| matches!(n, Node::Vpc(_)));
    let ecs = match v.data_sources.lookup(ds).map(|d| d.location) {
        Some(DsLocation::Ecs(ecs)) => Some(Node::EcsInstance(ecs)),
        _ => None,
    };
    let title = format!(
        "{} → {}: {}",
        report.resource_group,
        report.data_source,
        report.verdict.as_str()
    );
    let forward = Chain {
        v,
        dir: Dir::Forward,
        start: rg_node,
        target: ds_node,
        binding_vpc,
        ecs,
        title: title.clone(),
    };
    let back = Chain {
        v,
        dir: Dir::Return,
        start: ds_node,
        target: rg_node,
        binding_vpc,
        ecs: None,
        title: title.clone(),
    };
    let mut steps = forward.steps(&report.forward);
    steps.extend(back.steps(&report.return_path));
    if report.verdict != Verdict::Reachable {
        for step in &mut steps {
            step.tone = Tone::Failing;
        }
    }
    let mut path = PairPath {
        resource_group: report.resource_group.clone(),
        data_source: report.data_source.clone(),
        verdict: report.verdict,
        primary: report.primary().map(|f| f.code),
        steps,
        blocker: None,
        resource: None,
        note: None,
    };
    if report.verdict != Verdict::Reachable {
        if let Some(primary) = report.primary() {
            let decision = report
                .decisions
                .iter()
                .find(|d| d.code == primary.code && d.resource == primary.resource)
                .map(|d| d.why.as_str());
            let fixes: Vec<&str> = report.fixes.iter().map(|f| f.action.as_str()).collect();
            let why = Why {
                primary,
                fixes: &fixes,
                decision,
            };
            block(v, &mut path, &why, &title, rg, ds);
        }
    }
    path
}

/// What a failing pair's blocker says: its primary finding, the pair's proved
/// fixes (all of them: the plan makes the pair reachable only as a whole) and
/// the decision the finding needs when none was proved.
struct Why<'a> {
    primary: &'a PairFinding,
    fixes: &'a [&'a str],
    decision: Option<&'a str>,
}

/// How many proved fixes the note lists before "… and N more".
const NOTE_FIXES: usize = 3;

impl Why<'_> {
    /// The note: the code, then the proved fixes, else the decision, else
    /// "no proved fix". Never an unproved candidate (semantics S10.2).
    fn note(&self) -> Label {
        let mut note = Label::of(&format!("✗ {}", self.primary.code));
        if !self.fixes.is_empty() {
            note.line("proved fix:");
            for fix in self.fixes.iter().take(NOTE_FIXES) {
                note.wrapped(&format!("• {fix}"), FIX_WIDTH);
            }
            if self.fixes.len() > NOTE_FIXES {
                note.line(&format!("… and {} more", self.fixes.len() - NOTE_FIXES));
            }
        } else if let Some(why) = self.decision {
            note.wrapped(&format!("decide: {why}"), FIX_WIDTH);
        } else {
            note.line("no proved fix");
        }
        note
    }
}

/// Marks or adds the blocking hop of a failing pair (see the module documentation).
fn block(
    v: &ValidInventory,
    path: &mut PairPath,
    why: &Why<'_>,
    title: &str,
    rg: ResourceGroupIx,
    ds: DataSourceIx,
) {
    let primary = why.primary;
    let rg_node = Node::ResourceGroup(rg);
    let ds_node = Node::DataSource(ds);
    let tone = if primary.code.class() == Class::Blocking {
        Tone::Blocked
    } else {
        Tone::Undecided
    };
    path.note = Some(why.note());
    let mut tooltip = Label::of(title);
    tooltip.line(&format!("{}: {}", primary.code, primary.message));
    // Only proved fixes are drawn (semantics S10.2); else the decision it needs.
    for fix in why.fixes {
        tooltip.line(&format!("fix: {fix}"));
    }
    if let (true, Some(decision)) = (why.fixes.is_empty(), why.decision) {
        tooltip.line(&format!("decide: {decision}"));
    }
    let mark = |step: &mut Step| {
        step.tone = tone;
        step.tooltip = tooltip.clone();
    };

    // 1. the step through the connection the finding names: one that was
    // tried and never completed, else any through a connection drawn as an edge
    let named = |s: &Step| s.via.as_deref() == Some(primary.resource.as_str());
    let attempted: Vec<usize> = path
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| named(s) && s.attempted)
        .map(|(i, _)| i)
        .collect();
    let is_edge = resolve(v, &primary.resource).is_some_and(|n| drawn(v, n).is_none());
    let hits = if attempted.is_empty() && is_edge {
        path.steps
            .iter()
            .enumerate()
            .filter(|(_, s)| named(s))
            .map(|(i, _)| i)
            .collect()
    } else {
        attempted
    };
    path.resource = resolve(v, &primary.resource)
        .filter(|n| matches!(n, Node::SecurityGroup(_) | Node::RouteTable(_)));
    let node = resolve(v, &primary.resource).and_then(|n| match n {
        // a security group blocks at the data source it protects
        Node::SecurityGroup(sg) => v
            .data_sources
            .lookup(ds)
            .filter(|d| d.security_groups.contains(&sg))
            .map(|_| ds_node),
        other => drawn(v, other),
    });
    path.blocker = node.map(|n| (n, tooltip.clone()));
    if !hits.is_empty() {
        for &i in &hits {
            if let Some(step) = path.steps.get_mut(i) {
                mark(step);
            }
        }
        return;
    }

    // 2. arrival at the data source refused
    if node == Some(ds_node) {
        if let Some(step) = path
            .steps
            .iter_mut()
            .find(|s| s.dir == Dir::Forward && s.delivery)
        {
            mark(step);
            return;
        }
    }

    // 3. a blocking step toward where the failing direction was going
    let delivered = path
        .steps
        .iter()
        .any(|s| s.dir == Dir::Forward && s.delivery);
    let dir = if primary.code == Code::ReturnRouteMissing || delivered {
        Dir::Return
    } else {
        Dir::Forward
    };
    let (start, target) = match dir {
        Dir::Forward => (rg_node, ds_node),
        Dir::Return => (ds_node, rg_node),
    };
    let last = last_reached(&path.steps, dir, start);
    let from = match node {
        Some(n) if n != target => {
            let on_path = path
                .steps
                .iter()
                .any(|s| s.dir == dir && s.nodes.contains(&n));
            if !on_path && n != start && n != last {
                let mut lead_in = Label::of(title);
                lead_in.line(&format!("{}: reaches {}", dir_word(dir), primary.resource));
                if let Some(nodes) = compact(vec![last, n]) {
                    path.steps.push(Step {
                        dir,
                        nodes,
                        via: None,
                        attempted: false,
                        delivery: false,
                        tone: Tone::Failing,
                        tooltip: lead_in,
                    });
                }
            }
            n
        }
        _ => last,
    };
    if let Some(nodes) = compact(vec![from, target]) {
        let mut step = Step {
            dir,
            nodes,
            via: None,
            attempted: true,
            delivery: false,
            tone,
            tooltip: Label::new(),
        };
        mark(&mut step);
        path.steps.push(step);
    }
}

fn dir_word(dir: Dir) -> &'static str {
    match dir {
        Dir::Forward => "forward",
        Dir::Return => "return",
    }
}
