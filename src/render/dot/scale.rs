//! Diagrams at scale: the size limit of a whole-inventory diagram and the
//! summary (by region and CEN, with counts) that replaces a diagram Graphviz
//! could not lay out in about a minute.
//!
//! The size of a diagram is the number of elements it would draw: VPCs (a box
//! and a router each), vSwitches (unless collapsed), transit routers, gateways,
//! VBRs, physical connections, data centers, ECS instances, resource groups and
//! data sources. It is counted from the validated inventory, before anything
//! is built. Invariant: `--focus` and `--focus-pair` are never refused (their
//! diagram has the size of the paths, whatever the inventory).

use std::collections::BTreeMap;
use std::fmt;

use super::Options;
use crate::validate::{AttachmentKind, DsLocation, ValidInventory};

/// The most elements a whole-inventory diagram may have. Measured in
/// `docs/rendering.md` with Graphviz 2.43: the `medium` inventory (2,700
/// elements) takes about 50 s and layout time grows faster than the size, so
/// the limit keeps a whole diagram well under a minute.
pub const MAX_WHOLE_ELEMENTS: usize = 2_000;

/// How many regions and CENs the summary lists before "… and N more".
const SUMMARY_LIMIT: usize = 24;

/// A whole-inventory diagram refused for its size, with the summary that
/// stands in for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// The elements the diagram would draw.
    pub elements: usize,
    /// One line per region: `region: N VPCs, N vSwitches, …`.
    pub regions: Vec<String>,
    /// One line per CEN: `cen (edition): N transit routers, N attachments, …`.
    pub cens: Vec<String>,
}

/// The number of elements the whole diagram of `v` draws (see the module
/// documentation).
pub fn elements(v: &ValidInventory, collapse_vswitches: bool) -> usize {
    let vswitches = if collapse_vswitches {
        0
    } else {
        v.vswitches.len()
    };
    2 * v.vpcs.len()
        + vswitches
        + v.transit_routers.len()
        + v.nat_gateways.len()
        + v.eips.len()
        + v.vpn_gateways.len()
        + v.customer_gateways.len()
        + v.vbrs.len()
        + v.physical_connections.len()
        + 2 * v.data_centers.len()
        + v.ecs_instances.len()
        + v.resource_groups.len()
        + v.data_sources.len()
}

/// `Ok` when the diagram `options` ask for may be handed to Graphviz: a
/// focused one always, a whole one up to [`MAX_WHOLE_ELEMENTS`]; else the
/// summary by region and CEN.
pub fn check_size(v: &ValidInventory, options: &Options) -> Result<(), TooLarge> {
    if !options.focus.is_empty() || !options.focus_pairs.is_empty() {
        return Ok(());
    }
    let elements = elements(v, options.collapse_vswitches);
    if elements <= MAX_WHOLE_ELEMENTS {
        return Ok(());
    }
    Err(TooLarge {
        elements,
        regions: regions(v),
        cens: cens(v),
    })
}

/// `n noun` with the noun in the plural unless `n` is 1.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary lines by region (`account/region` under an account).
fn regions(v: &ValidInventory) -> Vec<String> {
    #[derive(Default)]
    struct Tally {
        vpcs: usize,
        vswitches: usize,
        groups: usize,
        sources: usize,
    }
    let key = |account: &Option<String>, region: &str| match account {
        Some(account) => format!("{account}/{region}"),
        None => region.to_string(),
    };
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for vpc in &v.vpcs {
        let tally = by.entry(key(&vpc.account, &vpc.region)).or_default();
        tally.vpcs += 1;
        tally.vswitches += vpc.vswitches.len();
    }
    for rg in &v.resource_groups {
        by.entry(key(&rg.account, &rg.region)).or_default().groups += 1;
    }
    for ds in &v.data_sources {
        let region = match ds.location {
            DsLocation::Vpc(vpc, _) => v.vpcs.lookup(vpc).map(|x| key(&x.account, &x.region)),
            DsLocation::Ecs(ecs) => v
                .ecs_instances
                .lookup(ecs)
                .and_then(|e| v.vswitches.lookup(e.vswitch))
                .and_then(|s| v.vpcs.lookup(s.vpc))
                .map(|x| key(&x.account, &x.region)),
            DsLocation::DataCenter(_) => Some("on premises".to_string()),
            DsLocation::Internet => Some("internet".to_string()),
            DsLocation::Classic => Some("classic network".to_string()),
        };
        by.entry(region.unwrap_or_default()).or_default().sources += 1;
    }
    let mut lines: Vec<String> = by
        .iter()
        .map(|(region, t)| {
            let mut parts = Vec::new();
            if t.vpcs > 0 {
                parts.push(count(t.vpcs, "VPC", "VPCs"));
                parts.push(count(t.vswitches, "vSwitch", "vSwitches"));
            }
            if t.groups > 0 {
                parts.push(count(t.groups, "resource group", "resource groups"));
            }
            if t.sources > 0 {
                parts.push(count(t.sources, "data source", "data sources"));
            }
            format!("{region}: {}", parts.join(", "))
        })
        .collect();
    cut(&mut lines);
    lines
}

/// The summary lines by CEN, by id.
fn cens(v: &ValidInventory) -> Vec<String> {
    let mut lines: Vec<(String, String)> = v
        .cens
        .iter()
        .enumerate()
        .map(|(i, cen)| {
            let routers: Vec<_> = v
                .transit_routers
                .iter()
                .filter(|tr| tr.cen.0 as usize == i)
                .collect();
            let (mut vpcs, mut vbrs, mut vpns, mut peers) = (0, 0, 0, 0);
            for tr in &routers {
                for att in tr
                    .attachments
                    .iter()
                    .filter_map(|a| v.tr_attachments.lookup(*a))
                {
                    match att.kind {
                        AttachmentKind::Vpc { .. } => vpcs += 1,
                        AttachmentKind::Vbr(_) => vbrs += 1,
                        AttachmentKind::Vpn(_) => vpns += 1,
                        AttachmentKind::Peer { .. } => peers += 1,
                    }
                }
            }
            let edition = match serde_json::to_value(cen.edition) {
                Ok(serde_json::Value::String(s)) => s,
                _ => String::new(),
            };
            let text = format!(
                "{} ({edition}): {}, {}, {}, {}, {}",
                cen.id,
                count(routers.len(), "transit router", "transit routers"),
                count(vpcs, "VPC attachment", "VPC attachments"),
                count(vbrs, "VBR attachment", "VBR attachments"),
                count(vpns, "VPN attachment", "VPN attachments"),
                count(
                    peers / 2 + peers % 2,
                    "inter-region connection",
                    "inter-region connections"
                ),
            );
            (cen.id.clone(), text)
        })
        .collect();
    lines.sort();
    let mut lines: Vec<String> = lines.into_iter().map(|(_, text)| text).collect();
    cut(&mut lines);
    lines
}

/// Keeps [`SUMMARY_LIMIT`] lines, then "… and N more".
fn cut(lines: &mut Vec<String>) {
    if lines.len() > SUMMARY_LIMIT {
        let more = lines.len() - SUMMARY_LIMIT;
        lines.truncate(SUMMARY_LIMIT);
        lines.push(format!("… and {more} more"));
    }
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the whole inventory is too large to draw: {} elements, over the limit of {} \
             that Graphviz lays out in well under a minute (docs/rendering.md)",
            self.elements, MAX_WHOLE_ELEMENTS
        )?;
        writeln!(f, "by region:")?;
        for line in &self.regions {
            writeln!(f, "  {line}")?;
        }
        if !self.cens.is_empty() {
            writeln!(f, "by CEN:")?;
            for line in &self.cens {
                writeln!(f, "  {line}")?;
            }
        }
        write!(
            f,
            "hint: draw a part with `--focus ID` (a VPC, data source, CEN, …) or \
             `--focus-pair RG:DS`, fold vSwitches with `--collapse vswitches`, or draw \
             everything anyway with `--no-size-limit`"
        )
    }
}
