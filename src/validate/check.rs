//! The validation passes. Phase one parses every value and resolves every
//! reference into the arenas; phase two checks what spans resources (same-VPC
//! rules, data-source locations, associations) and derives the back-references
//! and implied resources. Each phase reports all its problems; phase two runs
//! only when phase one found none, so it may index the arenas freely.
//!
//! Complexity: O(n) in the number of resources and routes, plus O(v log v) per
//! VPC for the vSwitch overlap sweep and O(r · 32) for the route-inside-vSwitch
//! test (a prefix-trie lookup per route).

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::{IpNet, Ipv4Net};

use super::types::*;
use crate::diag::{did_you_mean, InputError, SourceMap};
use crate::model::{self, Inventory};

/// Validates an inventory: every input error, or the validated inventory with
/// its validation findings.
pub fn validate(
    inventory: &Inventory,
    sources: &SourceMap,
) -> Result<ValidInventory, Vec<InputError>> {
    let unloaded = HashSet::new();
    let mut cx = Cx::new(inventory, sources, &unloaded);
    if inventory.version != 1 {
        cx.errors.push(InputError {
            location: sources.locate_in_file(0, "/version"),
            message: format!("unsupported inventory version {}", inventory.version),
            hint: Some("this netreach reads version 1".to_string()),
        });
    }
    cx.collect_ids();
    let mut valid = cx.phase_one();
    if !cx.errors.is_empty() {
        return Err(cx.finish_errors());
    }
    valid.ids = std::mem::take(&mut cx.ids);
    cx.phase_two(&mut valid);
    if !cx.errors.is_empty() {
        return Err(cx.finish_errors());
    }
    valid.findings.sort();
    valid.findings.dedup();
    Ok(valid)
}

/// The input errors of an inventory the loader could read only in part (some
/// elements left out, their ids in `unloaded`), found without analysing it:
/// every id, reference, CIDR, address and range of the elements that were read
/// (the checks of each resource on its own and of its references). A reference
/// to an id in `unloaded` is not reported: its element's own problem was. The
/// checks that span resources (data-source locations, implied resources) need
/// the whole inventory and wait for the next run.
pub fn input_errors(
    inventory: &Inventory,
    sources: &SourceMap,
    unloaded: &HashSet<String>,
) -> Vec<InputError> {
    // The version is the loader's to report.
    let mut cx = Cx::new(inventory, sources, unloaded);
    cx.collect_ids();
    let _ = cx.phase_one();
    cx.finish_errors()
}

pub(super) struct Cx<'a> {
    pub(super) inv: &'a Inventory,
    pub(super) sources: &'a SourceMap,
    pub(super) errors: Vec<InputError>,
    pub(super) ids: HashMap<String, (Kind, usize)>,
    /// Reference errors that got a hint naming candidates so far (see [`MAX_SUGGESTED`]).
    suggested: usize,
    /// Ids of elements the loader left out (see [`input_errors`]).
    unloaded: &'a HashSet<String>,
}

/// Reference errors past this many get no hint naming candidates: each such
/// hint is a pass over every id, and a 5 MB file of 50,000 dangling references
/// beside 50,000 VPCs took hours (issue 8, found by tests/integration/hostile.rs).
const MAX_SUGGESTED: usize = 100;

/// A placeholder index for a reference that failed (the result is then discarded).
pub(super) const BAD: u32 = u32::MAX;

impl<'a> Cx<'a> {
    fn new(inv: &'a Inventory, sources: &'a SourceMap, unloaded: &'a HashSet<String>) -> Self {
        Cx {
            inv,
            sources,
            errors: Vec::new(),
            ids: HashMap::new(),
            suggested: 0,
            unloaded,
        }
    }

    pub(super) fn finish_errors(&mut self) -> Vec<InputError> {
        let mut errors = std::mem::take(&mut self.errors);
        errors.sort_by(|a, b| {
            (
                &a.location.file,
                a.location.line,
                a.location.column,
                &a.location.pointer,
                &a.message,
            )
                .cmp(&(
                    &b.location.file,
                    b.location.line,
                    b.location.column,
                    &b.location.pointer,
                    &b.message,
                ))
        });
        errors.dedup();
        errors
    }

    pub(super) fn err(
        &mut self,
        kind: Kind,
        index: usize,
        rest: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let location = self.sources.locate(kind.list(), index, rest);
        self.errors.push(InputError {
            location,
            message: message.into(),
            hint,
        });
    }

    pub(super) fn collect_ids(&mut self) {
        let inv = self.inv;
        let mut all: Vec<(Kind, usize, &str)> = Vec::new();
        // The `Kind` variants are named after the element types, but for one.
        macro_rules! kind {
            (PeeringConnection) => {
                Kind::Peering
            };
            ($element:ident) => {
                Kind::$element
            };
        }
        macro_rules! ids {
            ($($list:ident: $element:ident),* $(,)?) => {$(
                for (i, item) in inv.$list.iter().enumerate() {
                    all.push((kind!($element), i, item.id.as_str()));
                }
            )*};
        }
        model::for_each_list!(ids);
        for (kind, index, id) in all {
            if id.is_empty() {
                self.err(kind, index, "/id", "empty id", None);
                continue;
            }
            if let Some(&(first_kind, first_index)) = self.ids.get(id) {
                let first = self.sources.locate(first_kind.list(), first_index, "/id");
                self.err(
                    kind,
                    index,
                    "/id",
                    format!(
                        "duplicate id `{id}`: already used by {} at {first}",
                        first_kind.noun()
                    ),
                    Some(
                        "ids must be unique across the whole inventory, across all files"
                            .to_string(),
                    ),
                );
            } else {
                self.ids.insert(id.to_string(), (kind, index));
            }
        }
    }

    /// Resolves a reference to an id of kind `expected`.
    pub(super) fn reference(
        &mut self,
        id: &str,
        expected: &[Kind],
        kind: Kind,
        index: usize,
        rest: &str,
    ) -> Option<usize> {
        match self.ids.get(id).copied() {
            Some((found, found_index)) if expected.contains(&found) => Some(found_index),
            Some((found, _)) => {
                let wanted: Vec<&str> = expected.iter().map(|k| k.noun()).collect();
                self.suggested += 1;
                if self.suggested > MAX_SUGGESTED {
                    self.err(
                        kind,
                        index,
                        rest,
                        format!("`{id}` is {}, not {}", found.noun(), wanted.join(" or ")),
                        None,
                    );
                    return None;
                }
                let mut candidates: Vec<&str> = self
                    .ids
                    .iter()
                    .filter(|(_, (k, _))| expected.contains(k))
                    .map(|(candidate, _)| candidate.as_str())
                    .collect();
                candidates.sort();
                let hint = match did_you_mean(id, candidates.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None if candidates.is_empty() => {
                        format!("the inventory has no {} to name here", wanted.join(" or "))
                    }
                    None => {
                        let shown: Vec<String> = candidates
                            .iter()
                            .take(5)
                            .map(|c| format!("`{c}`"))
                            .collect();
                        let more = if candidates.len() > 5 { ", …" } else { "" };
                        format!("name {}: {}{more}", wanted.join(" or "), shown.join(", "))
                    }
                };
                self.err(
                    kind,
                    index,
                    rest,
                    format!("`{id}` is {}, not {}", found.noun(), wanted.join(" or ")),
                    Some(hint),
                );
                None
            }
            None if self.unloaded.contains(id) => None,
            None => {
                self.suggested += 1;
                let candidates: Vec<&str> = if self.suggested > MAX_SUGGESTED {
                    Vec::new()
                } else {
                    self.ids
                        .iter()
                        .filter(|(_, (k, _))| expected.contains(k))
                        .map(|(candidate, _)| candidate.as_str())
                        .collect()
                };
                let hint = did_you_mean(id, candidates.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                let wanted: Vec<&str> = expected.iter().map(|k| k.noun()).collect();
                self.err(
                    kind,
                    index,
                    rest,
                    format!(
                        "`{id}` names no resource (expected {})",
                        wanted.join(" or ")
                    ),
                    hint,
                );
                None
            }
        }
    }

    pub(super) fn reference1(
        &mut self,
        id: &str,
        expected: Kind,
        kind: Kind,
        index: usize,
        rest: &str,
    ) -> u32 {
        self.reference(id, &[expected], kind, index, rest)
            .map(|i| i as u32)
            .unwrap_or(BAD)
    }

    pub(super) fn account(
        &mut self,
        account: &Option<String>,
        kind: Kind,
        index: usize,
    ) -> Option<String> {
        let account = account.as_ref()?;
        if !self.inv.accounts.is_empty() {
            self.reference(account, &[Kind::Account], kind, index, "/account");
        }
        Some(account.clone())
    }

    pub(super) fn cidr(
        &mut self,
        text: &str,
        kind: Kind,
        index: usize,
        rest: &str,
    ) -> Option<IpNet> {
        match super::parse_cidr(text) {
            Ok(net) => Some(net),
            Err((message, hint)) => {
                self.err(kind, index, rest, message, hint);
                None
            }
        }
    }

    pub(super) fn cidr4(
        &mut self,
        text: &str,
        kind: Kind,
        index: usize,
        rest: &str,
    ) -> Option<Ipv4Net> {
        match self.cidr(text, kind, index, rest)? {
            IpNet::V4(net) => Some(net),
            IpNet::V6(_) => {
                self.err(
                    kind,
                    index,
                    rest,
                    format!("`{text}` is IPv6; an IPv4 range is required here"),
                    None,
                );
                None
            }
        }
    }

    pub(super) fn cidrs4(
        &mut self,
        texts: &[String],
        kind: Kind,
        index: usize,
        rest: &str,
    ) -> Vec<Ipv4Net> {
        texts
            .iter()
            .enumerate()
            .filter_map(|(i, text)| self.cidr4(text, kind, index, &format!("{rest}/{i}")))
            .collect()
    }

    pub(super) fn address(
        &mut self,
        text: &str,
        kind: Kind,
        index: usize,
        rest: &str,
    ) -> Option<IpAddr> {
        match text.parse::<IpAddr>() {
            Ok(address) => Some(address),
            Err(_) => {
                let hint = super::parse_cidr(text)
                    .ok()
                    .filter(|net| net.prefix_len() != net.max_prefix_len())
                    .map(|_| "write a single address, without a prefix length".to_string());
                self.err(
                    kind,
                    index,
                    rest,
                    format!("invalid IP address `{text}`"),
                    hint,
                );
                None
            }
        }
    }

    pub(super) fn address4(
        &mut self,
        text: &str,
        kind: Kind,
        index: usize,
        rest: &str,
    ) -> Option<Ipv4Addr> {
        match self.address(text, kind, index, rest)? {
            IpAddr::V4(address) => Some(address),
            IpAddr::V6(_) => {
                self.err(
                    kind,
                    index,
                    rest,
                    format!("`{text}` is IPv6; an IPv4 address is required here"),
                    None,
                );
                None
            }
        }
    }

    /// Phase one: parse every value and resolve every reference, one named step
    /// per list of the inventory (the steps are in `parse_network.rs` and
    /// `parse_edge.rs`).
    pub(super) fn phase_one(&mut self) -> ValidInventory {
        let mut v = ValidInventory::default();
        self.parse_vpcs(&mut v);
        self.parse_vswitches(&mut v);
        self.parse_route_tables(&mut v);
        self.parse_peerings(&mut v);
        self.parse_cens(&mut v);
        self.parse_transit_routers(&mut v);
        self.parse_tr_attachments(&mut v);
        self.parse_tr_route_tables(&mut v);
        self.parse_nat_gateways(&mut v);
        self.parse_eips(&mut v);
        self.parse_vpn_gateways(&mut v);
        self.parse_customer_gateways(&mut v);
        self.parse_vpn_connections(&mut v);
        self.parse_vbrs(&mut v);
        self.parse_physical_connections(&mut v);
        self.parse_data_centers(&mut v);
        self.parse_ecs_instances(&mut v);
        self.parse_security_groups(&mut v);
        self.parse_resource_groups(&mut v);
        self.parse_data_sources(&mut v);
        self.parse_tasks(&mut v);
        v
    }
}
