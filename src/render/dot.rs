//! Architecture diagrams (`netreach render`): the inventory drawn as a
//! Graphviz DOT graph from the same validated inventory, topology and engine
//! the verdicts come from, so the picture and the answer never disagree.
//!
//! Boxes nest account → region → VPC → vSwitch, with a CEN box holding one
//! transit router per region; data centers, the internet and the classic
//! network sit outside the cloud ([`scene`] says where everything goes).
//! Highlighted pairs are drawn over it: forward and return paths, green when
//! reachable, and for a failing pair the path up to the blocker with the
//! blocking hop in red, labelled with the primary finding and its fix
//! ([`paths`]). `focus` keeps only what the paths of some resources touch;
//! `collapse_vswitches` folds vSwitches into their VPC; connections of one kind
//! between the same two boxes are merged with a count ([`emit`]).
//!
//! Every id and label is quoted and escaped here ([`escape`]), never by
//! graphviz-rust, and the text is deterministic byte for byte. [`to_image`]
//! hands the text to Graphviz's `dot` through graphviz-rust for SVG or PNG;
//! it is the only part that runs a program.

mod emit;
mod escape;
mod paths;
mod scale;
mod scene;
mod style;

pub use scale::{check_size, TooLarge, MAX_WHOLE_ELEMENTS};

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::cmd::{CommandArg, Format};

use crate::graph::{Node, Topology, INTERNET_ID};
use crate::reach::{Engine, PairReport, Verdict};
use crate::route::Routing;
use crate::validate::{DataSourceIx, Kind, ResourceGroupIx, ValidInventory};

use paths::PairPath;
use scene::{Cluster, Scene};

/// What to draw besides the inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Pairs whose paths are drawn (`--highlight RG:DS`).
    pub highlight: Vec<(ResourceGroupIx, DataSourceIx)>,
    /// Also draw every pair that is not reachable (`--highlight-failures`);
    /// with `focus`, only the failing pairs the focus keeps.
    pub highlight_failures: bool,
    /// Keep only what the paths of these resources touch (`--focus ID`), ids
    /// checked with [`check_focus`].
    pub focus: Vec<String>,
    /// Fold vSwitches into their VPC (`--collapse vswitches`).
    pub collapse_vswitches: bool,
    /// `--style`: the detail diagram (the default) or the design one.
    pub style: Style,
    /// `--legend none`: draw no legend.
    pub no_legend: bool,
    /// `--show-tr-vswitches`: in the design style, also draw the empty
    /// vSwitches that only hold transit-router ENIs.
    pub show_tr_vswitches: bool,
    /// `--focus-pair RG:DS`: keep what these pairs' paths (both ways) touch,
    /// and one hop around, and highlight them; with `highlight_failures` (and
    /// no `focus`), also the failing pairs whose paths stay inside that.
    pub focus_pairs: Vec<(ResourceGroupIx, DataSourceIx)>,
    /// Display names by id for the design style, from the loaded inventory
    /// ([`names`]); ids without a name are shown as they are.
    pub names: BTreeMap<String, String>,
}

/// The look of the diagram (`render --style`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Style {
    /// Every id and detail on the canvas, for troubleshooting (the default).
    #[default]
    Detail,
    /// For a design document: names on the canvas (ids in tooltips and DOT
    /// comments), transit-router ENI vSwitches left out, the blocking
    /// resource drawn, a compact legend.
    Design,
}

/// The display name of every resource of the loaded inventory that has one,
/// by id (the design style's labels).
pub fn names(inventory: &crate::model::Inventory) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    macro_rules! collect_names {
        ($($list:ident: $element:ident),* $(,)?) => {
            $(
                for element in &inventory.$list {
                    if let Some(name) = &element.name {
                        if !name.trim().is_empty() {
                            out.insert(element.id.clone(), name.clone());
                        }
                    }
                }
            )*
        };
    }
    crate::model::for_each_list!(collect_names);
    out
}

/// The DOT text of the diagram of `v` (deterministic; ends with a newline),
/// with the pairs' findings but no fixes.
pub fn render(v: &ValidInventory, routing: &Routing, options: &Options) -> String {
    render_with(v, routing, options, &|_| {})
}

/// [`render`], with each drawn pair's report passed through `annotate` first
/// (the CLI sets the proved fixes there, semantics S10: a diagram never shows an
/// unproved fix).
pub fn render_with(
    v: &ValidInventory,
    routing: &Routing,
    options: &Options,
    annotate: &(dyn Fn(&mut PairReport) + Sync),
) -> String {
    let topo = crate::graph::build(v);
    let design = options.style == Style::Design;
    let look = scene::Look {
        design: options.style == Style::Design,
        names: &options.names,
        show_tr_vswitches: options.show_tr_vswitches,
        collapse: options.collapse_vswitches,
    };
    let mut scene = scene::build(v, &topo, look);
    let engine = Engine::new(v, routing);
    let check = |rg: ResourceGroupIx, ds: DataSourceIx| -> PairReport {
        let mut report = engine.check_pair(rg, ds);
        annotate(&mut report);
        report
    };

    // every pair, by resource-group id then data-source id
    let all_pairs = || -> Vec<(ResourceGroupIx, DataSourceIx)> {
        let mut groups: Vec<(&str, ResourceGroupIx)> = v
            .resource_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), ResourceGroupIx::at(i)))
            .collect();
        groups.sort();
        let mut sources: Vec<(&str, DataSourceIx)> = v
            .data_sources
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), DataSourceIx::at(i)))
            .collect();
        sources.sort();
        groups
            .iter()
            .flat_map(|&(_, rg)| sources.iter().map(move |&(_, ds)| (rg, ds)))
            .collect()
    };

    let mut chosen: Vec<(ResourceGroupIx, DataSourceIx, PairPath)> = Vec::new();
    let mut keep: Option<BTreeSet<Node>> = None;
    if !options.focus_pairs.is_empty() {
        // each pair's paths both ways, and one hop around them
        let mut kept: BTreeSet<Node> = BTreeSet::new();
        for &(rg, ds) in &options.focus_pairs {
            let report = check(rg, ds);
            let path = paths::trace(v, &report, rg, ds);
            let touched = path.touched(rg, ds);
            kept.extend(one_hop_around(&topo, &scene, &touched));
            kept.extend(touched);
            if !chosen.iter().any(|(r, d, _)| (*r, *d) == (rg, ds)) {
                chosen.push((rg, ds, path));
            }
        }
        if options.highlight_failures && options.focus.is_empty() {
            // the failing pairs whose paths stay inside what the pairs keep
            for (rg, ds) in all_pairs() {
                let report = check(rg, ds);
                if report.verdict == Verdict::Reachable
                    || chosen.iter().any(|(r, d, _)| (*r, *d) == (rg, ds))
                {
                    continue;
                }
                let path = paths::trace(v, &report, rg, ds);
                if path.touched(rg, ds).is_subset(&kept) {
                    chosen.push((rg, ds, path));
                }
            }
        }
        keep = Some(kept);
    }
    if options.focus.is_empty() {
        if options.highlight_failures && options.focus_pairs.is_empty() {
            for (rg, ds) in all_pairs() {
                let report = check(rg, ds);
                if report.verdict != Verdict::Reachable {
                    chosen.push((rg, ds, paths::trace(v, &report, rg, ds)));
                }
            }
        }
    } else {
        let targets: Vec<Target> = options
            .focus
            .iter()
            .flat_map(|id| targets(v, &topo, &scene, id, options.collapse_vswitches))
            .collect();
        let mut kept: BTreeSet<Node> = keep.take().unwrap_or_default();
        for target in &targets {
            kept.extend(target.own_nodes(&scene));
        }
        for (rg, ds) in all_pairs() {
            let report = check(rg, ds);
            let path = paths::trace(v, &report, rg, ds);
            let touched = path.touched(rg, ds);
            if targets
                .iter()
                .any(|t| t.touched_by(&scene, &path, &touched))
            {
                kept.extend(touched);
                if options.highlight_failures && report.verdict != Verdict::Reachable {
                    chosen.push((rg, ds, path));
                }
            }
        }
        keep = Some(kept);
    }
    for &(rg, ds) in &options.highlight {
        if !chosen.iter().any(|(r, d, _)| (*r, *d) == (rg, ds)) {
            let report = check(rg, ds);
            chosen.push((rg, ds, paths::trace(v, &report, rg, ds)));
        }
    }
    chosen.sort_by(|a, b| {
        (&a.2.resource_group, &a.2.data_source).cmp(&(&b.2.resource_group, &b.2.data_source))
    });
    if let Some(kept) = keep.as_mut() {
        for (rg, ds, path) in &chosen {
            kept.extend(path.touched(*rg, *ds));
        }
    }
    let paths: Vec<PairPath> = chosen.into_iter().map(|(_, _, path)| path).collect();
    if design {
        // the blocking security groups and route tables, next to what they block
        for path in &paths {
            if let (Some(resource), Some((anchor, _))) = (path.resource, &path.blocker) {
                scene::add_blocking_resource(v, &mut scene, resource, *anchor, &options.names);
                if let Some(kept) = keep.as_mut() {
                    kept.insert(resource);
                }
            }
        }
    }
    emit::emit(&emit::Input {
        topo: &topo,
        scene: &scene,
        paths: &paths,
        keep: keep.as_ref(),
        design,
        legend: !options.no_legend,
    })
}

/// How many neighbours of one node `--focus-pair` keeps around a path (a
/// transit router with 300 attachments keeps 6 of them, by topology order).
const AROUND_LIMIT: usize = 6;

/// The nodes one drawn connection away from `touched` (at most
/// [`AROUND_LIMIT`] per node), and the routers of the VPCs and data centers
/// whose boxes the path enters, so that a box never shows without its router.
fn one_hop_around(topo: &Topology, scene: &Scene, touched: &BTreeSet<Node>) -> BTreeSet<Node> {
    let mut around: BTreeMap<Node, Vec<Node>> = BTreeMap::new();
    for edge in &scene.edges {
        for (here, there) in [(edge.from, edge.to), (edge.to, edge.from)] {
            if touched.contains(&here) && !touched.contains(&there) {
                around.entry(here).or_default().push(there);
            }
        }
    }
    let mut out = BTreeSet::new();
    for (_, mut list) in around {
        list.sort_by_key(|n| topo.node(*n).map(|ix| ix.index()));
        list.dedup();
        out.extend(list.into_iter().take(AROUND_LIMIT));
    }
    out
}

/// The DOT text of one pair in the design style: its paths both ways and one
/// hop around them (as `render --style design --focus-pair RG:DS`), with the
/// pair's report passed through `annotate` (give it the proved fixes of
/// `Analysis::plan`, semantics S10). `names` are the display names
/// ([`names`]). For embedding one pair's diagram in a report.
pub fn pair_diagram(
    v: &ValidInventory,
    routing: &Routing,
    pair: (ResourceGroupIx, DataSourceIx),
    names: BTreeMap<String, String>,
    annotate: &(dyn Fn(&mut PairReport) + Sync),
) -> String {
    let options = Options {
        style: Style::Design,
        focus_pairs: vec![pair],
        names,
        ..Options::default()
    };
    render_with(v, routing, &options, annotate)
}

/// What a `--focus` id stands for.
enum Target {
    /// A drawn node.
    Node(Node),
    /// A box, and everything in it.
    Box(Cluster),
    /// A connection drawn as an edge (peering, attachment, VPN connection).
    Via(String),
}

impl Target {
    /// The nodes kept for the target itself, whatever the paths.
    fn own_nodes(&self, scene: &Scene) -> Vec<Node> {
        match self {
            Target::Node(n) => vec![*n],
            Target::Box(c) => scene
                .nodes
                .iter()
                .filter(|(_, info)| info.cluster == Some(*c))
                .map(|(n, _)| *n)
                .collect(),
            Target::Via(id) => scene
                .edges
                .iter()
                .filter(|e| e.ids.contains(id))
                .flat_map(|e| [e.from, e.to])
                .collect(),
        }
    }

    /// Whether a pair's paths touch the target.
    fn touched_by(&self, scene: &Scene, path: &PairPath, touched: &BTreeSet<Node>) -> bool {
        match self {
            Target::Node(n) => touched.contains(n),
            Target::Box(c) => touched.iter().any(|n| {
                let mut current = scene.nodes.get(n).and_then(|info| info.cluster);
                while let Some(cluster) = current {
                    if cluster == *c {
                        return true;
                    }
                    current = scene.boxes.get(&cluster).and_then(|b| b.parent);
                }
                false
            }),
            Target::Via(id) => path.steps.iter().any(|s| s.via.as_deref() == Some(id)),
        }
    }
}

/// The targets of a focus id (checked by [`check_focus`]; unknown ids give none).
fn targets(
    v: &ValidInventory,
    topo: &Topology,
    scene: &Scene,
    id: &str,
    collapse: bool,
) -> Vec<Target> {
    let Some((kind, index)) = v.lookup(id) else {
        if id == INTERNET_ID {
            return vec![Target::Box(Cluster::Internet), Target::Node(Node::Internet)];
        }
        // an account only named by its resources
        return topo
            .account_node(id)
            .map(|n| vec![Target::Box(Cluster::Account(n))])
            .unwrap_or_default();
    };
    if kind == Kind::Account {
        return topo
            .account_node(id)
            .map(|n| vec![Target::Box(Cluster::Account(n))])
            .unwrap_or_default();
    }
    let Some(n) = Node::of(kind, index) else {
        return Vec::new();
    };
    match n {
        Node::Vpc(ix) => vec![Target::Box(Cluster::Vpc(ix))],
        Node::VSwitch(ix) if !collapse => vec![
            Target::Box(Cluster::VSwitch(ix)),
            Target::Node(Node::VSwitch(ix)),
        ],
        Node::VSwitch(ix) => v
            .vswitches
            .lookup(ix)
            .map(|s| vec![Target::Box(Cluster::Vpc(s.vpc))])
            .unwrap_or_default(),
        Node::DataCenter(ix) => vec![Target::Box(Cluster::DataCenter(ix))],
        Node::Cen(ix) => vec![Target::Box(Cluster::Cen(ix))],
        Node::Peering(_) | Node::TrAttachment(_) | Node::VpnConnection(_) => {
            vec![Target::Via(id.to_string())]
        }
        Node::SecurityGroup(sg) => {
            let sources = v
                .data_sources
                .iter()
                .enumerate()
                .filter(|(_, d)| d.security_groups.contains(&sg))
                .map(|(i, _)| Target::Node(Node::DataSource(DataSourceIx::at(i))));
            let instances = v
                .ecs_instances
                .iter()
                .enumerate()
                .filter(|(_, e)| e.security_groups.contains(&sg))
                .map(|(i, _)| Target::Node(Node::EcsInstance(crate::validate::EcsIx::at(i))));
            sources.chain(instances).collect()
        }
        other => paths::drawn(v, other)
            .filter(|d| scene.nodes.contains_key(d))
            .map(|d| vec![Target::Node(d)])
            .unwrap_or_default(),
    }
}

/// Resolves `--highlight RG:DS`. Ids may themselves hold `:`; every split is
/// tried. The error is one line, with a "did you mean" where an id is close.
pub fn parse_highlight(
    v: &ValidInventory,
    text: &str,
) -> Result<(ResourceGroupIx, DataSourceIx), String> {
    let splits: Vec<(&str, &str)> = text
        .match_indices(':')
        .map(|(i, _)| (&text[..i], &text[i + 1..]))
        .collect();
    if splits.is_empty() {
        return Err(format!(
            "`--highlight {text}`: expected RESOURCE_GROUP:DATA_SOURCE, two ids joined by `:`"
        ));
    }
    let of_kind = |id: &str, kind: Kind| match v.lookup(id) {
        Some((k, index)) if k == kind => Some(index),
        _ => None,
    };
    for (rg, ds) in &splits {
        if let (Some(rg), Some(ds)) = (
            of_kind(rg, Kind::ResourceGroup),
            of_kind(ds, Kind::DataSource),
        ) {
            return Ok((ResourceGroupIx::at(rg), DataSourceIx::at(ds)));
        }
    }
    // the two ids the other way round: say so
    if let Some((rg, ds)) = splits.iter().find(|(rg, ds)| {
        of_kind(rg, Kind::DataSource).is_some() && of_kind(ds, Kind::ResourceGroup).is_some()
    }) {
        return Err(format!(
            "`--highlight {text}`: `{rg}` is a data source, not a resource group, and `{ds}` \
             is a resource group: did you swap them? (RESOURCE_GROUP:DATA_SOURCE)"
        ));
    }
    // explain with the split whose resource group exists, else the first
    let (rg, ds) = splits
        .iter()
        .find(|(rg, _)| of_kind(rg, Kind::ResourceGroup).is_some())
        .or(splits.first())
        .copied()
        .unwrap_or_default();
    let mut problems = Vec::new();
    if of_kind(rg, Kind::ResourceGroup).is_none() {
        let known = v.resource_groups.iter().map(|g| g.id.as_str());
        problems.push(unknown(rg, "a resource group", known));
    }
    if of_kind(ds, Kind::DataSource).is_none() {
        let known = v.data_sources.iter().map(|d| d.id.as_str());
        problems.push(unknown(ds, "a data source", known));
    }
    Err(format!("`--highlight {text}`: {}", problems.join("; ")))
}

fn unknown<'a>(id: &str, noun: &str, known: impl Iterator<Item = &'a str>) -> String {
    let mut candidates: Vec<&str> = known.collect();
    candidates.sort_unstable();
    let hint = crate::diag::did_you_mean(id, candidates)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    format!("`{id}` is not {noun} of the inventory{hint}")
}

/// Checks a `--focus` id: any resource or account id of the inventory
/// (declared or named by a resource), or `internet`. The error has a "did you mean" where an id is close.
pub fn check_focus(v: &ValidInventory, id: &str) -> Result<(), String> {
    let topo = crate::graph::build(v);
    if v.lookup(id).is_some() || id == INTERNET_ID || topo.account_node(id).is_some() {
        return Ok(());
    }
    let mut known: Vec<&str> = v.ids.keys().map(String::as_str).collect();
    known.sort_unstable();
    let hint = crate::diag::did_you_mean(id, known)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(format!(
        "`--focus {id}`: `{id}` is not an id of the inventory{hint}"
    ))
}

/// An image format Graphviz produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// SVG.
    Svg,
    /// PNG.
    Png,
}

/// Why Graphviz produced no image.
#[derive(Debug, thiserror::Error)]
pub enum GraphvizError {
    /// `dot` is not on the PATH.
    #[error("graphviz's `dot` is not installed (not found on PATH)")]
    NotInstalled,
    /// `dot` ran and failed.
    #[error("graphviz's `dot` failed: {0}")]
    Failed(String),
}

/// Whether an executable `dot` is on the PATH.
pub fn dot_installed() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| {
        ["dot", "dot.exe"]
            .iter()
            .any(|name| dir.join(name).is_file())
    })
}

/// Renders DOT text to an image with Graphviz's `dot`, through graphviz-rust.
pub fn to_image(dot: &str, format: ImageFormat) -> Result<Vec<u8>, GraphvizError> {
    if !dot_installed() {
        return Err(GraphvizError::NotInstalled);
    }
    let format = match format {
        ImageFormat::Svg => Format::Svg,
        ImageFormat::Png => Format::Png,
    };
    graphviz_rust::exec_dot(dot.to_string(), vec![CommandArg::Format(format)]).map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            GraphvizError::NotInstalled
        } else {
            GraphvizError::Failed(error.to_string().trim().to_string())
        }
    })
}
