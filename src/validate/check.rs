//! The validation passes. Phase one parses every value and resolves every
//! reference into the arenas; phase two checks what spans resources (same-VPC
//! rules, data-source locations, associations) and derives the back-references
//! and implied resources. Each phase reports all its problems; phase two runs
//! only when phase one found none, so it may index the arenas freely.
//!
//! Complexity: O(n) in the number of resources and routes, plus O(v log v) per
//! VPC for the vSwitch overlap sweep and O(r · 32) for the route-inside-vSwitch
//! test (a prefix-trie lookup per route).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::{IpNet, Ipv4Net};
use prefix_trie::PrefixMap;

use super::basic_cen;
use super::types::*;
use crate::diag::{did_you_mean, InputError, SourceMap};
use crate::findings::diags;
use crate::model::{
    self, Inventory, NextHopType, RouteOrigin, RouteStatus, RouteTableKind, TrAttachmentType,
};

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

struct Cx<'a> {
    inv: &'a Inventory,
    sources: &'a SourceMap,
    errors: Vec<InputError>,
    ids: HashMap<String, (Kind, usize)>,
    /// Reference errors that got a hint naming candidates so far (see [`MAX_SUGGESTED`]).
    suggested: usize,
    /// Ids of elements the loader left out (see [`input_errors`]).
    unloaded: &'a HashSet<String>,
}

/// Reference errors past this many get no hint naming candidates: each such
/// hint is a pass over every id, and a 5 MB file of 50,000 dangling references
/// beside 50,000 VPCs took hours (issue 8, found by tests/hostile.rs).
const MAX_SUGGESTED: usize = 100;

/// A placeholder index for a reference that failed (the result is then discarded).
const BAD: u32 = u32::MAX;

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

    fn finish_errors(&mut self) -> Vec<InputError> {
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

    fn err(
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

    fn collect_ids(&mut self) {
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
    fn reference(
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

    fn reference1(
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

    fn account(&mut self, account: &Option<String>, kind: Kind, index: usize) -> Option<String> {
        let account = account.as_ref()?;
        if !self.inv.accounts.is_empty() {
            self.reference(account, &[Kind::Account], kind, index, "/account");
        }
        Some(account.clone())
    }

    fn cidr(&mut self, text: &str, kind: Kind, index: usize, rest: &str) -> Option<IpNet> {
        match super::parse_cidr(text) {
            Ok(net) => Some(net),
            Err((message, hint)) => {
                self.err(kind, index, rest, message, hint);
                None
            }
        }
    }

    fn cidr4(&mut self, text: &str, kind: Kind, index: usize, rest: &str) -> Option<Ipv4Net> {
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

    fn cidrs4(&mut self, texts: &[String], kind: Kind, index: usize, rest: &str) -> Vec<Ipv4Net> {
        texts
            .iter()
            .enumerate()
            .filter_map(|(i, text)| self.cidr4(text, kind, index, &format!("{rest}/{i}")))
            .collect()
    }

    fn address(&mut self, text: &str, kind: Kind, index: usize, rest: &str) -> Option<IpAddr> {
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

    fn address4(&mut self, text: &str, kind: Kind, index: usize, rest: &str) -> Option<Ipv4Addr> {
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

    fn phase_one(&mut self) -> ValidInventory {
        let inv = self.inv;
        let mut v = ValidInventory::default();

        for (i, vpc) in inv.vpcs.iter().enumerate() {
            let account = self.account(&vpc.account, Kind::Vpc, i);
            let mut cidrs = Vec::new();
            let mut cidrs_v6 = Vec::new();
            for (c, text) in vpc.cidrs.iter().enumerate() {
                match self.cidr(text, Kind::Vpc, i, &format!("/cidrs/{c}")) {
                    Some(IpNet::V4(net)) => cidrs.push(net),
                    Some(net @ IpNet::V6(_)) => cidrs_v6.push(net),
                    None => {}
                }
            }
            if vpc.cidrs.is_empty() {
                self.err(
                    Kind::Vpc,
                    i,
                    "/cidrs",
                    "a VPC needs at least one CIDR",
                    None,
                );
            }
            if vpc.region.is_empty() {
                self.err(
                    Kind::Vpc,
                    i,
                    "/region",
                    "empty region",
                    Some("write the region id, e.g. `cn-hangzhou`".into()),
                );
            }
            let user_cidrs = self.cidrs4(
                vpc.user_cidrs.as_deref().unwrap_or(&[]),
                Kind::Vpc,
                i,
                "/user_cidrs",
            );
            v.vpcs.push(Vpc {
                id: vpc.id.clone(),
                name: vpc.name.clone(),
                account,
                region: vpc.region.clone(),
                cidrs,
                cidrs_v6,
                user_cidrs,
                vswitches: Vec::new(),
                system_table: RtIx(BAD),
            });
        }

        for (i, vsw) in inv.vswitches.iter().enumerate() {
            let account = self.account(&vsw.account, Kind::VSwitch, i);
            let vpc = VpcIx(self.reference1(&vsw.vpc, Kind::Vpc, Kind::VSwitch, i, "/vpc"));
            let cidr = self
                .cidr4(&vsw.cidr, Kind::VSwitch, i, "/cidr")
                .unwrap_or_default();
            let table = match &vsw.route_table {
                Some(id) => {
                    RtIx(self.reference1(id, Kind::RouteTable, Kind::VSwitch, i, "/route_table"))
                }
                None => RtIx(BAD),
            };
            v.vswitches.push(VSwitch {
                id: vsw.id.clone(),
                name: vsw.name.clone(),
                account,
                vpc,
                zone: vsw.zone.clone(),
                cidr,
                table,
            });
        }

        for (i, table) in inv.route_tables.iter().enumerate() {
            self.account(&table.account, Kind::RouteTable, i);
            let vpc = VpcIx(self.reference1(&table.vpc, Kind::Vpc, Kind::RouteTable, i, "/vpc"));
            let mut routes = Vec::new();
            for (r, route) in table.routes.iter().enumerate() {
                let at = format!("/routes/{r}");
                let destination = self.cidr(
                    &route.destination,
                    Kind::RouteTable,
                    i,
                    &format!("{at}/destination"),
                );
                let written: Vec<(String, &model::NextHop)> =
                    match (&route.next_hop, &route.next_hops) {
                        (Some(hop), None) => vec![(format!("{at}/next_hop"), hop)],
                        (None, Some(hops)) if !hops.is_empty() => hops
                            .iter()
                            .enumerate()
                            .map(|(h, hop)| (format!("{at}/next_hops/{h}"), hop))
                            .collect(),
                        (None, Some(_)) => {
                            self.err(
                                Kind::RouteTable,
                                i,
                                &format!("{at}/next_hops"),
                                "`next_hops` is empty",
                                None,
                            );
                            Vec::new()
                        }
                        (None, None) => {
                            self.err(
                                Kind::RouteTable,
                                i,
                                &at,
                                "a route needs `next_hop` (or `next_hops` for ECMP)",
                                None,
                            );
                            Vec::new()
                        }
                        (Some(_), Some(_)) => {
                            self.err(
                                Kind::RouteTable,
                                i,
                                &at,
                                "a route has both `next_hop` and `next_hops`",
                                Some("write one `next_hop`, or the ECMP list `next_hops`".into()),
                            );
                            Vec::new()
                        }
                    };
                let mut next_hops = Vec::new();
                for (pointer, hop) in written {
                    let rest = format!("{pointer}/id");
                    let resolved = match hop.kind {
                        NextHopType::NatGateway => NextHop::NatGateway(NatIx(self.reference1(
                            &hop.id,
                            Kind::NatGateway,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::VpcPeer => NextHop::VpcPeer(PeeringIx(self.reference1(
                            &hop.id,
                            Kind::Peering,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::TrAttachment => NextHop::TrAttachment(AttIx(self.reference1(
                            &hop.id,
                            Kind::TrAttachment,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::VpnGateway => NextHop::VpnGateway(VpnGwIx(self.reference1(
                            &hop.id,
                            Kind::VpnGateway,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::Vbr => NextHop::Vbr(VbrIx(self.reference1(
                            &hop.id,
                            Kind::Vbr,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::Instance => NextHop::Instance(EcsIx(self.reference1(
                            &hop.id,
                            Kind::EcsInstance,
                            Kind::RouteTable,
                            i,
                            &rest,
                        ))),
                        NextHopType::NetworkInterface => NextHop::NetworkInterface(hop.id.clone()),
                        NextHopType::Havip => NextHop::Havip(hop.id.clone()),
                        NextHopType::Ipv4Gateway => NextHop::Ipv4Gateway(hop.id.clone()),
                    };
                    next_hops.push(resolved);
                }
                if let Some(IpNet::V4(destination)) = destination {
                    routes.push(Route {
                        destination,
                        next_hops,
                        status: route.status.unwrap_or(RouteStatus::Available),
                        origin: route.origin.unwrap_or(RouteOrigin::Custom),
                        invalid: false,
                        index: r,
                    });
                }
            }
            v.route_tables.push(RouteTable {
                id: table.id.clone(),
                name: table.name.clone(),
                vpc,
                kind: table.kind,
                implied: false,
                routes,
            });
        }

        for (i, peering) in inv.peering_connections.iter().enumerate() {
            self.account(&peering.account, Kind::Peering, i);
            let vpc = VpcIx(self.reference1(&peering.vpc, Kind::Vpc, Kind::Peering, i, "/vpc"));
            let peer_vpc =
                VpcIx(self.reference1(&peering.peer_vpc, Kind::Vpc, Kind::Peering, i, "/peer_vpc"));
            if peering.vpc == peering.peer_vpc {
                self.err(
                    Kind::Peering,
                    i,
                    "/peer_vpc",
                    format!(
                        "peering `{}` joins VPC `{}` to itself",
                        peering.id, peering.vpc
                    ),
                    None,
                );
            }
            v.peerings.push(Peering {
                id: peering.id.clone(),
                vpc,
                peer_vpc,
                status: peering.status,
                bandwidth_mbps: peering.bandwidth_mbps,
            });
        }

        for (i, cen) in inv.cens.iter().enumerate() {
            let account = self.account(&cen.account, Kind::Cen, i);
            if cen.edition == model::CenEdition::Enterprise {
                if cen.attachments.is_some() {
                    self.err(
                        Kind::Cen,
                        i,
                        "/attachments",
                        "`attachments` belongs to basic-edition CENs",
                        Some("an enterprise CEN uses `transit_routers`, `tr_attachments` and `tr_route_tables`".into()),
                    );
                }
                if cen.bandwidth.is_some() {
                    self.err(
                        Kind::Cen,
                        i,
                        "/bandwidth",
                        "`bandwidth` belongs to basic-edition CENs",
                        Some("an enterprise CEN joins regions with `peer` attachments".into()),
                    );
                }
            }
            for (a, attachment) in cen.attachments.iter().flatten().enumerate() {
                let expected = match attachment.kind {
                    model::BasicAttachmentType::Vpc => Kind::Vpc,
                    model::BasicAttachmentType::Vbr => Kind::Vbr,
                };
                self.reference1(
                    &attachment.instance,
                    expected,
                    Kind::Cen,
                    i,
                    &format!("/attachments/{a}/instance"),
                );
            }
            for (b, bandwidth) in cen.bandwidth.iter().flatten().enumerate() {
                if bandwidth.regions.len() != 2
                    || bandwidth.regions.first() == bandwidth.regions.get(1)
                {
                    self.err(
                        Kind::Cen,
                        i,
                        &format!("/bandwidth/{b}/regions"),
                        "`regions` must name two different regions",
                        None,
                    );
                }
            }
            v.cens.push(Cen {
                id: cen.id.clone(),
                account,
                edition: cen.edition,
                transit_routers: Vec::new(),
            });
        }

        for (i, tr) in inv.transit_routers.iter().enumerate() {
            let account = self.account(&tr.account, Kind::TransitRouter, i);
            let cen = CenIx(self.reference1(&tr.cen, Kind::Cen, Kind::TransitRouter, i, "/cen"));
            if let Some(c) = inv.cens.get(cen.ix()) {
                if c.edition == model::CenEdition::Basic {
                    self.err(
                        Kind::TransitRouter,
                        i,
                        "/cen",
                        format!(
                            "`{}` is a basic-edition CEN; its transit routers are implied",
                            c.id
                        ),
                        Some(
                            "list the networks in the CEN's `attachments`, or make it `enterprise`"
                                .into(),
                        ),
                    );
                }
            }
            v.transit_routers.push(TransitRouter {
                id: tr.id.clone(),
                cen,
                region: tr.region.clone(),
                account,
                implied: false,
                attachments: Vec::new(),
                tables: Vec::new(),
            });
        }

        for (i, att) in inv.tr_attachments.iter().enumerate() {
            self.account(&att.account, Kind::TrAttachment, i);
            let tr = TrIx(self.reference1(
                &att.transit_router,
                Kind::TransitRouter,
                Kind::TrAttachment,
                i,
                "/transit_router",
            ));
            let vpc_only = |field: &str| format!("`{field}` applies to `vpc` attachments only");
            if att.kind != TrAttachmentType::Vpc {
                for (field, present) in [
                    ("vswitches", att.vswitches.is_some()),
                    ("route_sync", att.route_sync.is_some()),
                    ("advertise", att.advertise.is_some()),
                ] {
                    if present {
                        self.err(
                            Kind::TrAttachment,
                            i,
                            &format!("/{field}"),
                            vpc_only(field),
                            None,
                        );
                    }
                }
            }
            if att.kind != TrAttachmentType::Peer && att.bandwidth_mbps.is_some() {
                self.err(
                    Kind::TrAttachment,
                    i,
                    "/bandwidth_mbps",
                    "`bandwidth_mbps` applies to `peer` attachments only",
                    None,
                );
            }
            let kind = match att.kind {
                TrAttachmentType::Vpc => {
                    let vpc = VpcIx(self.reference1(
                        &att.resource,
                        Kind::Vpc,
                        Kind::TrAttachment,
                        i,
                        "/resource",
                    ));
                    let vswitches = att
                        .vswitches
                        .iter()
                        .flatten()
                        .enumerate()
                        .map(|(s, id)| {
                            VswIx(self.reference1(
                                id,
                                Kind::VSwitch,
                                Kind::TrAttachment,
                                i,
                                &format!("/vswitches/{s}"),
                            ))
                        })
                        .collect();
                    let advertise = self.cidrs4(
                        att.advertise.as_deref().unwrap_or(&[]),
                        Kind::TrAttachment,
                        i,
                        "/advertise",
                    );
                    AttachmentKind::Vpc {
                        vpc,
                        vswitches,
                        route_sync: att.route_sync.unwrap_or(false),
                        advertise,
                    }
                }
                TrAttachmentType::Vbr => AttachmentKind::Vbr(VbrIx(self.reference1(
                    &att.resource,
                    Kind::Vbr,
                    Kind::TrAttachment,
                    i,
                    "/resource",
                ))),
                TrAttachmentType::Vpn => AttachmentKind::Vpn(VcoIx(self.reference1(
                    &att.resource,
                    Kind::VpnConnection,
                    Kind::TrAttachment,
                    i,
                    "/resource",
                ))),
                TrAttachmentType::Peer => AttachmentKind::Peer {
                    remote: TrIx(self.reference1(
                        &att.resource,
                        Kind::TransitRouter,
                        Kind::TrAttachment,
                        i,
                        "/resource",
                    )),
                    bandwidth_mbps: att.bandwidth_mbps,
                },
            };
            v.tr_attachments.push(TrAttachment {
                id: att.id.clone(),
                tr,
                kind,
                status: att.status.unwrap_or(model::TrAttachmentStatus::Attached),
                implied: false,
                associated: None,
                propagates_to: Vec::new(),
                counterpart: None,
            });
        }

        for (i, table) in inv.tr_route_tables.iter().enumerate() {
            self.account(&table.account, Kind::TrRouteTable, i);
            let tr = TrIx(self.reference1(
                &table.transit_router,
                Kind::TransitRouter,
                Kind::TrRouteTable,
                i,
                "/transit_router",
            ));
            let associations = table
                .associations
                .iter()
                .enumerate()
                .map(|(a, id)| {
                    AttIx(self.reference1(
                        id,
                        Kind::TrAttachment,
                        Kind::TrRouteTable,
                        i,
                        &format!("/associations/{a}"),
                    ))
                })
                .collect();
            let propagations = table
                .propagations
                .iter()
                .enumerate()
                .map(|(a, id)| {
                    AttIx(self.reference1(
                        id,
                        Kind::TrAttachment,
                        Kind::TrRouteTable,
                        i,
                        &format!("/propagations/{a}"),
                    ))
                })
                .collect();
            let mut routes = Vec::new();
            for (r, route) in table.routes.iter().enumerate() {
                let destination = self.cidr4(
                    &route.destination,
                    Kind::TrRouteTable,
                    i,
                    &format!("/routes/{r}/destination"),
                );
                let next_hop = match (route.next_hop.kind, &route.next_hop.id) {
                    (model::TrNextHopType::Attachment, Some(id)) => Some(AttIx(self.reference1(
                        id,
                        Kind::TrAttachment,
                        Kind::TrRouteTable,
                        i,
                        &format!("/routes/{r}/next_hop/id"),
                    ))),
                    (model::TrNextHopType::Attachment, None) => {
                        self.err(
                            Kind::TrRouteTable,
                            i,
                            &format!("/routes/{r}/next_hop"),
                            "an `attachment` next hop needs an `id`",
                            None,
                        );
                        None
                    }
                    (model::TrNextHopType::Blackhole, Some(_)) => {
                        self.err(
                            Kind::TrRouteTable,
                            i,
                            &format!("/routes/{r}/next_hop/id"),
                            "a `blackhole` next hop takes no `id`",
                            None,
                        );
                        None
                    }
                    (model::TrNextHopType::Blackhole, None) => None,
                };
                if let Some(destination) = destination {
                    routes.push(TrRoute {
                        destination,
                        next_hop,
                    });
                }
            }
            v.tr_route_tables.push(TrRouteTable {
                id: table.id.clone(),
                tr,
                implied: false,
                associations,
                propagations,
                routes,
            });
        }

        for (i, nat) in inv.nat_gateways.iter().enumerate() {
            self.account(&nat.account, Kind::NatGateway, i);
            let vpc = VpcIx(self.reference1(&nat.vpc, Kind::Vpc, Kind::NatGateway, i, "/vpc"));
            let vswitch = VswIx(self.reference1(
                &nat.vswitch,
                Kind::VSwitch,
                Kind::NatGateway,
                i,
                "/vswitch",
            ));
            let eips = nat
                .eips
                .iter()
                .flatten()
                .enumerate()
                .map(|(e, id)| {
                    EipIx(self.reference1(
                        id,
                        Kind::Eip,
                        Kind::NatGateway,
                        i,
                        &format!("/eips/{e}"),
                    ))
                })
                .collect();
            let nat_ips = nat
                .nat_ips
                .iter()
                .flatten()
                .enumerate()
                .filter_map(|(n, text)| {
                    self.address4(text, Kind::NatGateway, i, &format!("/nat_ips/{n}"))
                })
                .collect();
            let mut snat_entries = Vec::new();
            for (s, entry) in nat.snat_entries.iter().enumerate() {
                let at = format!("/snat_entries/{s}");
                let source = match (&entry.source_vswitch, &entry.source_cidr) {
                    (Some(id), None) => Some(SnatSource::VSwitch(VswIx(self.reference1(
                        id,
                        Kind::VSwitch,
                        Kind::NatGateway,
                        i,
                        &format!("{at}/source_vswitch"),
                    )))),
                    (None, Some(text)) => self
                        .cidr4(text, Kind::NatGateway, i, &format!("{at}/source_cidr"))
                        .map(SnatSource::Cidr),
                    _ => {
                        self.err(
                            Kind::NatGateway,
                            i,
                            &at,
                            "a SNAT entry needs exactly one of `source_vswitch` and `source_cidr`",
                            None,
                        );
                        None
                    }
                };
                let snat_ips: Vec<Ipv4Addr> = entry
                    .snat_ips
                    .iter()
                    .enumerate()
                    .filter_map(|(n, text)| {
                        self.address4(text, Kind::NatGateway, i, &format!("{at}/snat_ips/{n}"))
                    })
                    .collect();
                if entry.snat_ips.is_empty() {
                    self.err(
                        Kind::NatGateway,
                        i,
                        &format!("{at}/snat_ips"),
                        "a SNAT entry needs at least one address in `snat_ips`",
                        None,
                    );
                }
                if let Some(source) = source {
                    let id = entry
                        .id
                        .clone()
                        .unwrap_or_else(|| format!("{}#snat{s}", nat.id));
                    snat_entries.push(SnatEntry {
                        id,
                        source,
                        snat_ips,
                    });
                }
            }
            v.nat_gateways.push(NatGateway {
                id: nat.id.clone(),
                vpc,
                vswitch,
                kind: nat.kind,
                eips,
                nat_ips,
                snat_entries,
            });
        }

        for (i, eip) in inv.eips.iter().enumerate() {
            self.account(&eip.account, Kind::Eip, i);
            let ip = self
                .address(&eip.ip, Kind::Eip, i, "/ip")
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            let bound_to = match &eip.bound_to {
                Some(id) => match self.reference(
                    id,
                    &[Kind::NatGateway, Kind::EcsInstance],
                    Kind::Eip,
                    i,
                    "/bound_to",
                ) {
                    Some(target) => match self.ids.get(id.as_str()) {
                        Some((Kind::NatGateway, _)) => {
                            Some(EipTarget::NatGateway(NatIx::at(target)))
                        }
                        _ => Some(EipTarget::EcsInstance(EcsIx::at(target))),
                    },
                    None => None,
                },
                None => None,
            };
            v.eips.push(Eip {
                id: eip.id.clone(),
                ip,
                bound_to,
            });
        }

        for (i, gateway) in inv.vpn_gateways.iter().enumerate() {
            self.account(&gateway.account, Kind::VpnGateway, i);
            let vpc = VpcIx(self.reference1(&gateway.vpc, Kind::Vpc, Kind::VpnGateway, i, "/vpc"));
            v.vpn_gateways.push(VpnGateway {
                id: gateway.id.clone(),
                vpc,
                connections: Vec::new(),
            });
        }

        for (i, cgw) in inv.customer_gateways.iter().enumerate() {
            self.account(&cgw.account, Kind::CustomerGateway, i);
            let ip = self
                .address(&cgw.ip, Kind::CustomerGateway, i, "/ip")
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            let data_center = cgw.data_center.as_ref().map(|id| {
                DcIx(self.reference1(
                    id,
                    Kind::DataCenter,
                    Kind::CustomerGateway,
                    i,
                    "/data_center",
                ))
            });
            v.customer_gateways.push(CustomerGateway {
                id: cgw.id.clone(),
                ip,
                data_center,
            });
        }

        for (i, vco) in inv.vpn_connections.iter().enumerate() {
            self.account(&vco.account, Kind::VpnConnection, i);
            let attach = match (&vco.vpn_gateway, &vco.transit_router) {
                (Some(id), None) => VpnAttach::Gateway(VpnGwIx(self.reference1(
                    id,
                    Kind::VpnGateway,
                    Kind::VpnConnection,
                    i,
                    "/vpn_gateway",
                ))),
                (None, Some(id)) => {
                    if vco.publish_to_vpc.is_some() {
                        self.err(
                            Kind::VpnConnection,
                            i,
                            "/publish_to_vpc",
                            "`publish_to_vpc` applies to connections on a VPN gateway",
                            None,
                        );
                    }
                    VpnAttach::TransitRouter(TrIx(self.reference1(
                        id,
                        Kind::TransitRouter,
                        Kind::VpnConnection,
                        i,
                        "/transit_router",
                    )))
                }
                _ => {
                    self.err(
                        Kind::VpnConnection,
                        i,
                        "",
                        "a VPN connection needs exactly one of `vpn_gateway` and `transit_router`",
                        None,
                    );
                    VpnAttach::Gateway(VpnGwIx(BAD))
                }
            };
            let customer_gateway = CgwIx(self.reference1(
                &vco.customer_gateway,
                Kind::CustomerGateway,
                Kind::VpnConnection,
                i,
                "/customer_gateway",
            ));
            let local_cidrs = self.cidrs4(&vco.local_cidrs, Kind::VpnConnection, i, "/local_cidrs");
            let remote_cidrs =
                self.cidrs4(&vco.remote_cidrs, Kind::VpnConnection, i, "/remote_cidrs");
            v.vpn_connections.push(VpnConnection {
                id: vco.id.clone(),
                attach,
                customer_gateway,
                local_cidrs,
                remote_cidrs,
                status: vco.status,
                publish_to_vpc: vco.publish_to_vpc.unwrap_or(false),
            });
        }

        for (i, vbr) in inv.vbrs.iter().enumerate() {
            let account = self.account(&vbr.account, Kind::Vbr, i);
            let physical_connection = PcIx(self.reference1(
                &vbr.physical_connection,
                Kind::PhysicalConnection,
                Kind::Vbr,
                i,
                "/physical_connection",
            ));
            let mut routes = Vec::new();
            for (r, route) in vbr.routes.iter().enumerate() {
                let destination = self.cidr4(
                    &route.destination,
                    Kind::Vbr,
                    i,
                    &format!("/routes/{r}/destination"),
                );
                let pc = PcIx(self.reference1(
                    &route.next_hop.id,
                    Kind::PhysicalConnection,
                    Kind::Vbr,
                    i,
                    &format!("/routes/{r}/next_hop/id"),
                ));
                if route.next_hop.id != vbr.physical_connection && pc.0 != BAD {
                    self.err(
                        Kind::Vbr,
                        i,
                        &format!("/routes/{r}/next_hop/id"),
                        format!(
                            "`{}` is not the physical connection of VBR `{}` (`{}`)",
                            route.next_hop.id, vbr.id, vbr.physical_connection
                        ),
                        Some(
                            "a VBR route's next hop must be the VBR's own physical connection"
                                .into(),
                        ),
                    );
                }
                if let Some(destination) = destination {
                    routes.push(VbrRoute {
                        destination,
                        physical_connection: pc,
                    });
                }
            }
            let local_ip = vbr
                .local_ip
                .as_ref()
                .and_then(|text| self.address4(text, Kind::Vbr, i, "/local_ip"));
            if let Some(text) = &vbr.peer_ip {
                self.address4(text, Kind::Vbr, i, "/peer_ip");
            }
            v.vbrs.push(Vbr {
                id: vbr.id.clone(),
                region: vbr.region.clone(),
                account,
                physical_connection,
                status: vbr.status,
                local_ip,
                routes,
            });
        }

        for (i, pc) in inv.physical_connections.iter().enumerate() {
            self.account(&pc.account, Kind::PhysicalConnection, i);
            let data_center = pc.data_center.as_ref().map(|id| {
                DcIx(self.reference1(
                    id,
                    Kind::DataCenter,
                    Kind::PhysicalConnection,
                    i,
                    "/data_center",
                ))
            });
            v.physical_connections.push(PhysicalConnection {
                id: pc.id.clone(),
                data_center,
                status: pc.status,
                vbrs: Vec::new(),
            });
        }

        for (i, dc) in inv.data_centers.iter().enumerate() {
            let account = self.account(&dc.account, Kind::DataCenter, i);
            let cidrs = self.cidrs4(&dc.cidrs, Kind::DataCenter, i, "/cidrs");
            if dc.cidrs.is_empty() {
                self.err(
                    Kind::DataCenter,
                    i,
                    "/cidrs",
                    "a data center needs at least one CIDR",
                    None,
                );
            }
            let mut routes = Vec::new();
            for (r, route) in dc.routes.iter().enumerate() {
                let destination = self.cidr4(
                    &route.destination,
                    Kind::DataCenter,
                    i,
                    &format!("/routes/{r}/destination"),
                );
                let via = self.reference(
                    &route.via,
                    &[Kind::PhysicalConnection, Kind::VpnConnection],
                    Kind::DataCenter,
                    i,
                    &format!("/routes/{r}/via"),
                );
                if let (Some(destination), Some(target)) = (destination, via) {
                    let via = match self.ids.get(route.via.as_str()) {
                        Some((Kind::PhysicalConnection, _)) => {
                            Via::PhysicalConnection(PcIx::at(target))
                        }
                        _ => Via::VpnConnection(VcoIx::at(target)),
                    };
                    routes.push(DataCenterRoute { destination, via });
                }
            }
            v.data_centers.push(DataCenter {
                id: dc.id.clone(),
                name: dc.name.clone(),
                account,
                cidrs,
                routes,
            });
        }

        for (i, ecs) in inv.ecs_instances.iter().enumerate() {
            let account = self.account(&ecs.account, Kind::EcsInstance, i);
            let vswitch = VswIx(self.reference1(
                &ecs.vswitch,
                Kind::VSwitch,
                Kind::EcsInstance,
                i,
                "/vswitch",
            ));
            let private_ips = ecs
                .private_ips
                .iter()
                .enumerate()
                .filter_map(|(p, text)| {
                    self.address(text, Kind::EcsInstance, i, &format!("/private_ips/{p}"))
                })
                .collect();
            if ecs.private_ips.is_empty() {
                self.err(
                    Kind::EcsInstance,
                    i,
                    "/private_ips",
                    "an ECS instance needs at least one private address",
                    None,
                );
            }
            let public_ip = ecs
                .public_ip
                .as_ref()
                .and_then(|text| self.address(text, Kind::EcsInstance, i, "/public_ip"));
            let security_groups = ecs
                .security_groups
                .iter()
                .enumerate()
                .map(|(s, id)| {
                    SgIx(self.reference1(
                        id,
                        Kind::SecurityGroup,
                        Kind::EcsInstance,
                        i,
                        &format!("/security_groups/{s}"),
                    ))
                })
                .collect();
            v.ecs_instances.push(EcsInstance {
                id: ecs.id.clone(),
                account,
                vswitch,
                vpc: VpcIx(BAD),
                private_ips,
                public_ip,
                security_groups,
            });
        }

        for (i, sg) in inv.security_groups.iter().enumerate() {
            self.account(&sg.account, Kind::SecurityGroup, i);
            let vpc = VpcIx(self.reference1(&sg.vpc, Kind::Vpc, Kind::SecurityGroup, i, "/vpc"));
            let mut rules = Vec::new();
            for (r, rule) in sg.rules.iter().enumerate() {
                let at = format!("/rules/{r}");
                let ports = self.port_range(&rule.port_range, i, &format!("{at}/port_range"));
                if !(1..=100).contains(&rule.priority) {
                    self.err(
                        Kind::SecurityGroup,
                        i,
                        &format!("{at}/priority"),
                        format!("priority {} is out of range", rule.priority),
                        Some("security-group priorities run from 1 (first) to 100".into()),
                    );
                }
                let source = rule.source_cidr.as_ref().and_then(|text| {
                    self.cidr(text, Kind::SecurityGroup, i, &format!("{at}/source_cidr"))
                });
                if let Some(text) = &rule.dest_cidr {
                    self.cidr(text, Kind::SecurityGroup, i, &format!("{at}/dest_cidr"));
                }
                if let Some(ports) = ports {
                    rules.push(SecurityGroupRule {
                        direction: rule.direction,
                        policy: rule.policy,
                        protocol: rule.protocol,
                        ports,
                        source,
                        priority: rule.priority,
                        index: r,
                    });
                }
            }
            v.security_groups.push(SecurityGroup {
                id: sg.id.clone(),
                vpc,
                rules,
            });
        }

        for (i, rg) in inv.resource_groups.iter().enumerate() {
            let account = self.account(&rg.account, Kind::ResourceGroup, i);
            if rg.networks.is_empty() {
                self.err(
                    Kind::ResourceGroup,
                    i,
                    "/networks",
                    "a resource group needs at least one network binding",
                    Some(
                        "bind the group to a VPC and vSwitch: `{\"vpc\": …, \"vswitch\": …}`"
                            .into(),
                    ),
                );
            }
            let mut bindings = Vec::new();
            for (b, binding) in rg.networks.iter().enumerate() {
                let at = format!("/networks/{b}");
                let vpc = VpcIx(self.reference1(
                    &binding.vpc,
                    Kind::Vpc,
                    Kind::ResourceGroup,
                    i,
                    &format!("{at}/vpc"),
                ));
                let vswitch = VswIx(self.reference1(
                    &binding.vswitch,
                    Kind::VSwitch,
                    Kind::ResourceGroup,
                    i,
                    &format!("{at}/vswitch"),
                ));
                let routes = binding.routes.as_ref().map(|routes| {
                    self.cidrs4(routes, Kind::ResourceGroup, i, &format!("{at}/routes"))
                });
                bindings.push(Binding {
                    vpc,
                    vswitch,
                    routes,
                });
            }
            let public_ip = rg
                .public_ip
                .as_ref()
                .and_then(|text| self.address4(text, Kind::ResourceGroup, i, "/public_ip"));
            if let Some(address) = public_ip {
                if !super::is_public(address) {
                    self.err(
                        Kind::ResourceGroup,
                        i,
                        "/public_ip",
                        format!("`{address}` is not a public address"),
                        Some("`public_ip` is the group's own internet egress address".into()),
                    );
                }
            }
            v.resource_groups.push(ResourceGroup {
                id: rg.id.clone(),
                name: rg.name.clone(),
                account,
                kind: rg.kind,
                region: rg.region.clone(),
                bindings,
                public_ip,
            });
        }

        for (i, ds) in inv.data_sources.iter().enumerate() {
            let account = self.account(&ds.account, Kind::DataSource, i);
            let ip = self.address(&ds.ip, Kind::DataSource, i, "/ip");
            let port = match u16::try_from(ds.port) {
                Ok(port) if port >= 1 => port,
                _ => {
                    self.err(
                        Kind::DataSource,
                        i,
                        "/port",
                        format!("port {} is out of range", ds.port),
                        Some("ports run from 1 to 65535".into()),
                    );
                    0
                }
            };
            let location = self.location(&ds.location, i);
            let whitelist = ds.whitelist.as_ref().map(|list| {
                list.iter()
                    .enumerate()
                    .filter_map(|(w, text)| {
                        self.cidr(text, Kind::DataSource, i, &format!("/whitelist/{w}"))
                    })
                    .collect()
            });
            let security_groups = ds
                .security_groups
                .iter()
                .flatten()
                .enumerate()
                .map(|(s, id)| {
                    SgIx(self.reference1(
                        id,
                        Kind::SecurityGroup,
                        Kind::DataSource,
                        i,
                        &format!("/security_groups/{s}"),
                    ))
                })
                .collect();
            v.data_sources.push(DataSource {
                id: ds.id.clone(),
                name: ds.name.clone(),
                account,
                kind: ds.kind.clone(),
                host: ds.host.clone(),
                ip: ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
                port,
                protocol: ds.protocol.unwrap_or(model::DataSourceProtocol::Tcp),
                location: location.unwrap_or(DsLocation::Classic),
                whitelist,
                security_groups,
            });
        }
        v
    }

    fn port_range(&mut self, text: &str, index: usize, rest: &str) -> Option<PortRange> {
        if text == "-1/-1" {
            return Some(PortRange::ALL);
        }
        let parsed = text
            .split_once('/')
            .and_then(|(from, to)| Some((from.parse::<u32>().ok()?, to.parse::<u32>().ok()?)));
        match parsed {
            Some((from, to))
                if (1..=65535).contains(&from) && (1..=65535).contains(&to) && from <= to =>
            {
                Some(PortRange {
                    from: from as u16,
                    to: to as u16,
                })
            }
            Some((from, to)) => {
                let hint = if from > to {
                    "the first port must not exceed the last"
                } else {
                    "ports run from 1 to 65535; `-1/-1` means every port"
                };
                self.err(
                    Kind::SecurityGroup,
                    index,
                    rest,
                    format!("port range `{text}` is out of range"),
                    Some(hint.to_string()),
                );
                None
            }
            None => {
                self.err(
                    Kind::SecurityGroup,
                    index,
                    rest,
                    format!("invalid port range `{text}`"),
                    Some("write `start/end`, e.g. `3306/3306`, or `-1/-1` for every port".into()),
                );
                None
            }
        }
    }

    fn location(&mut self, location: &model::Location, i: usize) -> Option<DsLocation> {
        let mut variants = Vec::new();
        if location.vpc.is_some() {
            variants.push("vpc");
        }
        if location.ecs_instance.is_some() {
            variants.push("ecs_instance");
        }
        if location.data_center.is_some() {
            variants.push("data_center");
        }
        if location.internet.is_some() {
            variants.push("internet");
        }
        if location.classic.is_some() {
            variants.push("classic");
        }
        if variants.len() != 1 {
            let found = if variants.is_empty() {
                "none".to_string()
            } else {
                variants.join(", ")
            };
            self.err(
                Kind::DataSource,
                i,
                "/location",
                format!("`location` must have exactly one of `vpc`, `ecs_instance`, `data_center`, `internet`, `classic`; found {found}"),
                Some("for example `{\"vpc\": \"vpc-…\"}` or `{\"internet\": true}`".into()),
            );
            return None;
        }
        if let Some(id) = &location.vpc {
            return self
                .reference(id, &[Kind::Vpc], Kind::DataSource, i, "/location/vpc")
                .map(|v| DsLocation::Vpc(VpcIx::at(v), None));
        }
        if let Some(id) = &location.ecs_instance {
            return self
                .reference(
                    id,
                    &[Kind::EcsInstance],
                    Kind::DataSource,
                    i,
                    "/location/ecs_instance",
                )
                .map(|e| DsLocation::Ecs(EcsIx::at(e)));
        }
        if let Some(id) = &location.data_center {
            return self
                .reference(
                    id,
                    &[Kind::DataCenter],
                    Kind::DataSource,
                    i,
                    "/location/data_center",
                )
                .map(|d| DsLocation::DataCenter(DcIx::at(d)));
        }
        for (name, value, place) in [
            ("internet", location.internet, DsLocation::Internet),
            ("classic", location.classic, DsLocation::Classic),
        ] {
            if let Some(value) = value {
                if !value {
                    self.err(
                        Kind::DataSource,
                        i,
                        &format!("/location/{name}"),
                        format!("`{name}` must be `true`"),
                        None,
                    );
                    return None;
                }
                return Some(place);
            }
        }
        None
    }

    fn phase_two(&mut self, v: &mut ValidInventory) {
        self.vpc_tables(v);
        self.vswitches(v);
        self.route_next_hops(v);
        self.transit(v);
        basic_cen::expand(self.inv, v, &mut self.errors, self.sources);
        self.nat_and_eips(v);
        self.vpn_and_vbr(v);
        self.hosts(v);
        self.resource_groups(v);
        self.data_sources(v);
    }

    /// System tables (at most one per VPC; implied where none is written) and
    /// the custom tables of vSwitches.
    fn vpc_tables(&mut self, v: &mut ValidInventory) {
        let mut system: Arena<VpcIx, Option<RtIx>> = Arena::filled(v.vpcs.len(), None);
        for (t, table) in v.route_tables.iter().enumerate() {
            if table.kind != RouteTableKind::System {
                continue;
            }
            match system[table.vpc] {
                Some(first) => {
                    let first_at = self.sources.locate("route_tables", first.ix(), "/kind");
                    let message = format!(
                        "VPC `{}` has a second system route table (the first is `{}` at {first_at})",
                        v.vpcs[table.vpc].id,
                        v.route_tables[first].id
                    );
                    self.err(
                        Kind::RouteTable,
                        t,
                        "/kind",
                        message,
                        Some("a VPC has exactly one system table; make this one `custom`".into()),
                    );
                }
                None => system[table.vpc] = Some(RtIx::at(t)),
            }
        }
        for (p, slot) in system.iter_ix() {
            let table = match slot {
                Some(t) => *t,
                None => {
                    let id = implied_id(&v.ids, &format!("{}/system", v.vpcs[p].id));
                    let t = v.route_tables.push(RouteTable {
                        id: id.clone(),
                        name: None,
                        vpc: p,
                        kind: RouteTableKind::System,
                        implied: true,
                        routes: Vec::new(),
                    });
                    v.ids.insert(id, (Kind::RouteTable, t.ix()));
                    t
                }
            };
            v.vpcs[p].system_table = table;
        }
    }

    fn vswitches(&mut self, v: &mut ValidInventory) {
        for (s, vsw) in v.vswitches.iter_mut().enumerate() {
            v.vpcs[vsw.vpc].vswitches.push(VswIx::at(s));
            let vpc = &v.vpcs[vsw.vpc];
            if vsw.account.is_none() {
                vsw.account = vpc.account.clone();
            }
            if vsw.table.0 == BAD {
                vsw.table = vpc.system_table;
            } else {
                let table = &v.route_tables[vsw.table];
                if table.vpc != vsw.vpc {
                    let vpc_id = vpc.id.clone();
                    let message = format!(
                        "route table `{}` belongs to VPC `{}`, not to this vSwitch's VPC `{vpc_id}`",
                        table.id,
                        v.vpcs[table.vpc].id
                    );
                    self.err(Kind::VSwitch, s, "/route_table", message, None);
                } else if table.kind == RouteTableKind::System {
                    let message = format!(
                        "`{}` is the system route table; `route_table` names a custom table",
                        table.id
                    );
                    self.err(
                        Kind::VSwitch,
                        s,
                        "/route_table",
                        message,
                        Some("leave `route_table` out to use the system table".into()),
                    );
                }
            }
            if !vpc.cidrs.iter().any(|c| c.contains(&vsw.cidr)) {
                v.findings.push(diags::vswitch_outside_vpc(
                    &vsw.id, vsw.cidr, &vpc.id, &vpc.cidrs,
                ));
            }
        }
        // vSwitch overlap: per VPC, sort by (network, prefix length) and sweep
        // with a stack of enclosing ranges: O(v log v + k) per VPC.
        for vpc in &mut v.vpcs {
            vpc.vswitches
                .sort_by(|a, b| v.vswitches[*a].id.cmp(&v.vswitches[*b].id));
            let mut by_range: Vec<VswIx> = vpc.vswitches.clone();
            by_range.sort_by_key(|s| {
                let vsw = &v.vswitches[*s];
                (vsw.cidr.network(), vsw.cidr.prefix_len(), vsw.id.clone())
            });
            let mut open: Vec<VswIx> = Vec::new();
            for s in by_range {
                let cidr = v.vswitches[s].cidr;
                open.retain(|o| v.vswitches[*o].cidr.contains(&cidr.network()));
                for o in &open {
                    let (a, b) = (&v.vswitches[*o], &v.vswitches[s]);
                    let (first, second) = if a.id <= b.id { (a, b) } else { (b, a) };
                    v.findings.push(diags::vswitch_overlap(
                        (&first.id, first.cidr),
                        (&second.id, second.cidr),
                        &vpc.id,
                    ));
                }
                open.push(s);
            }
        }
    }

    /// Same-VPC rules of next hops, and routes inside a vSwitch CIDR.
    fn route_next_hops(&mut self, v: &mut ValidInventory) {
        let cloud_services: Ipv4Net =
            Ipv4Net::new(Ipv4Addr::new(100, 64, 0, 0), 10).unwrap_or_default();
        let mut tries: HashMap<VpcIx, PrefixMap<Ipv4Net, VswIx>> = HashMap::new();
        for (s, vsw) in v.vswitches.iter().enumerate() {
            tries
                .entry(vsw.vpc)
                .or_default()
                .insert(vsw.cidr, VswIx::at(s));
        }
        let empty = PrefixMap::new();
        for ti in v.route_tables.indices() {
            let t = ti.ix();
            let table_vpc = v.route_tables[ti].vpc;
            let written = self.inv.route_tables.get(t);
            for r in 0..v.route_tables[ti].routes.len() {
                let Some(route) = v.route_tables[ti].routes.get(r) else {
                    continue;
                };
                let at = format!("/routes/{}", route.index);
                let hop_pointers: Vec<String> =
                    match written.and_then(|w| w.routes.get(route.index)) {
                        Some(w) if w.next_hops.is_some() => (0..route.next_hops.len())
                            .map(|h| format!("{at}/next_hops/{h}/id"))
                            .collect(),
                        _ => vec![format!("{at}/next_hop/id")],
                    };
                for (h, hop) in route.next_hops.iter().enumerate() {
                    let pointer = hop_pointers.get(h).cloned().unwrap_or_default();
                    let vpc_id = &v.vpcs[table_vpc].id;
                    let problem = match hop {
                        NextHop::NatGateway(n) => {
                            let nat = &v.nat_gateways[*n];
                            (nat.vpc != table_vpc).then(|| {
                                format!(
                                    "NAT gateway `{}` is in VPC `{}`, not in `{vpc_id}`",
                                    nat.id, v.vpcs[nat.vpc].id
                                )
                            })
                        }
                        NextHop::VpcPeer(p) => {
                            let peering = &v.peerings[*p];
                            peering.other(table_vpc).is_none().then(|| {
                                format!("peering `{}` does not connect VPC `{vpc_id}`", peering.id)
                            })
                        }
                        NextHop::TrAttachment(a) => {
                            let att = &v.tr_attachments[*a];
                            match &att.kind {
                                AttachmentKind::Vpc { vpc, .. } if *vpc == table_vpc => None,
                                _ => Some(format!(
                                    "`{}` is not a transit-router attachment of VPC `{vpc_id}`",
                                    att.id
                                )),
                            }
                        }
                        NextHop::VpnGateway(g) => {
                            let gateway = &v.vpn_gateways[*g];
                            (gateway.vpc != table_vpc).then(|| {
                                format!(
                                    "VPN gateway `{}` is in VPC `{}`, not in `{vpc_id}`",
                                    gateway.id, v.vpcs[gateway.vpc].id
                                )
                            })
                        }
                        NextHop::Instance(e) => {
                            let ecs = &v.ecs_instances[*e];
                            let ecs_vpc = v.vswitches[ecs.vswitch].vpc;
                            (ecs_vpc != table_vpc).then(|| {
                                format!(
                                    "ECS instance `{}` is in VPC `{}`, not in `{vpc_id}`",
                                    ecs.id, v.vpcs[ecs_vpc].id
                                )
                            })
                        }
                        NextHop::Vbr(_)
                        | NextHop::NetworkInterface(_)
                        | NextHop::Havip(_)
                        | NextHop::Ipv4Gateway(_) => None,
                    };
                    if let Some(message) = problem {
                        self.err(
                            Kind::RouteTable,
                            t,
                            &pointer,
                            message,
                            Some("the next hop of a VPC route must be in the same VPC".into()),
                        );
                    }
                }
                let destination = route.destination;
                let trie = tries.get(&table_vpc).unwrap_or(&empty);
                let inside = trie.get_lpm(&destination).map(|(_, s)| *s);
                let in_services = cloud_services.contains(&destination);
                if inside.is_some() || in_services {
                    let table = &v.route_tables[ti];
                    let vswitch = inside.map(|s| (v.vswitches[s].id.as_str(), v.vswitches[s].cidr));
                    let finding = diags::route_inside_vswitch(&table.id, destination, vswitch);
                    v.findings.push(finding);
                    if let Some(route) = v.route_tables[ti].routes.get_mut(r) {
                        route.invalid = true;
                    }
                }
            }
            // Two written routes of one origin for the same destination.
            let table = &v.route_tables[ti];
            let mut seen: HashMap<(Ipv4Net, RouteOrigin), usize> = HashMap::new();
            let mut duplicates = Vec::new();
            for route in &table.routes {
                if let Some(first) = seen.insert((route.destination, route.origin), route.index) {
                    duplicates.push((route.index, first, route.destination));
                }
            }
            for (index, first, destination) in duplicates {
                let message =
                    format!("route table `{}` has two routes for {destination} (routes {first} and {index})", table.id);
                self.err(
                    Kind::RouteTable,
                    t,
                    &format!("/routes/{index}/destination"),
                    message,
                    Some(
                        "a table holds one route per destination; use `next_hops` for ECMP".into(),
                    ),
                );
            }
        }
    }

    /// Transit routers: attachments, associations, propagations, counterparts.
    fn transit(&mut self, v: &mut ValidInventory) {
        for (t, tr) in v.transit_routers.iter().enumerate() {
            v.cens[tr.cen].transit_routers.push(TrIx::at(t));
        }
        for (a, att) in v.tr_attachments.iter().enumerate() {
            v.transit_routers[att.tr].attachments.push(AttIx::at(a));
            match &att.kind {
                AttachmentKind::Vpc { vpc, vswitches, .. } => {
                    for (s, vsw) in vswitches.iter().enumerate() {
                        if v.vswitches[*vsw].vpc != *vpc {
                            let message = format!(
                                "vSwitch `{}` is not in the attached VPC `{}`",
                                v.vswitches[*vsw].id, v.vpcs[*vpc].id
                            );
                            self.err(
                                Kind::TrAttachment,
                                a,
                                &format!("/vswitches/{s}"),
                                message,
                                None,
                            );
                        }
                    }
                }
                AttachmentKind::Peer { remote, .. } => {
                    if *remote == att.tr {
                        self.err(
                            Kind::TrAttachment,
                            a,
                            "/resource",
                            "a peer attachment must name another transit router",
                            None,
                        );
                    }
                }
                AttachmentKind::Vpn(vco) => {
                    if let VpnAttach::Gateway(_) = v.vpn_connections[*vco].attach {
                        let message = format!(
                            "VPN connection `{}` is on a VPN gateway, not on a transit router",
                            v.vpn_connections[*vco].id
                        );
                        self.err(
                            Kind::TrAttachment,
                            a,
                            "/resource",
                            message,
                            Some(
                                "set the connection's `transit_router` instead of `vpn_gateway`"
                                    .into(),
                            ),
                        );
                    }
                }
                AttachmentKind::Vbr(_) => {}
            }
        }
        for (t, table) in v.tr_route_tables.iter().enumerate() {
            v.transit_routers[table.tr].tables.push(TrtIx::at(t));
            let tr_id = &v.transit_routers[table.tr].id;
            for (list, attachments) in [
                ("associations", &table.associations),
                ("propagations", &table.propagations),
            ] {
                for (k, att) in attachments.iter().enumerate() {
                    if v.tr_attachments[*att].tr != table.tr {
                        let message = format!(
                            "attachment `{}` belongs to another transit router than `{tr_id}`",
                            v.tr_attachments[*att].id
                        );
                        self.err(
                            Kind::TrRouteTable,
                            t,
                            &format!("/{list}/{k}"),
                            message,
                            None,
                        );
                    }
                }
            }
            for (r, route) in table.routes.iter().enumerate() {
                if let Some(att) = route.next_hop {
                    if v.tr_attachments[att].tr != table.tr {
                        let message = format!(
                            "attachment `{}` belongs to another transit router than `{tr_id}`",
                            v.tr_attachments[att].id
                        );
                        self.err(
                            Kind::TrRouteTable,
                            t,
                            &format!("/routes/{r}/next_hop/id"),
                            message,
                            None,
                        );
                    }
                }
            }
        }
        let mut associated: HashMap<AttIx, usize> = HashMap::new();
        for (t, table) in v.tr_route_tables.iter().enumerate() {
            for (k, att) in table.associations.iter().enumerate() {
                if let Some(first) = associated.insert(*att, t) {
                    if first != t {
                        let message = format!(
                            "attachment `{}` is associated with two route tables (`{}` and `{}`)",
                            v.tr_attachments[*att].id,
                            v.tr_route_tables[TrtIx::at(first)].id,
                            table.id
                        );
                        self.err(
                            Kind::TrRouteTable,
                            t,
                            &format!("/associations/{k}"),
                            message,
                            Some("an attachment is associated with at most one table".into()),
                        );
                    }
                }
            }
        }
        for (att, t) in associated {
            v.tr_attachments[att].associated = Some(TrtIx::at(t));
        }
        for (t, table) in v.tr_route_tables.iter().enumerate() {
            for att in &table.propagations {
                let list = &mut v.tr_attachments[*att].propagates_to;
                if !list.contains(&TrtIx::at(t)) {
                    list.push(TrtIx::at(t));
                }
            }
        }
        link_counterparts(v);
    }

    fn nat_and_eips(&mut self, v: &mut ValidInventory) {
        for (n, nat) in v.nat_gateways.iter_mut().enumerate() {
            let vsw = &v.vswitches[nat.vswitch];
            if vsw.vpc != nat.vpc {
                let message = format!(
                    "vSwitch `{}` is not in the gateway's VPC `{}`",
                    vsw.id, v.vpcs[nat.vpc].id
                );
                self.err(Kind::NatGateway, n, "/vswitch", message, None);
            }
            for (s, entry) in nat.snat_entries.iter().enumerate() {
                if let SnatSource::VSwitch(source) = entry.source {
                    if v.vswitches[source].vpc != nat.vpc {
                        let message = format!(
                            "vSwitch `{}` is not in the gateway's VPC `{}`",
                            v.vswitches[source].id, v.vpcs[nat.vpc].id
                        );
                        self.err(
                            Kind::NatGateway,
                            n,
                            &format!("/snat_entries/{s}/source_vswitch"),
                            message,
                            None,
                        );
                    }
                }
            }
            for (k, eip) in nat.eips.clone().iter().enumerate() {
                if let Some(EipTarget::EcsInstance(_)) | Some(EipTarget::NatGateway(_)) =
                    v.eips[*eip].bound_to
                {
                    if v.eips[*eip].bound_to != Some(EipTarget::NatGateway(NatIx::at(n))) {
                        let message =
                            format!("EIP `{}` is bound to another resource", v.eips[*eip].id);
                        self.err(Kind::NatGateway, n, &format!("/eips/{k}"), message, None);
                    }
                }
            }
        }
        for (e, eip) in v.eips.iter().enumerate() {
            if let Some(EipTarget::NatGateway(n)) = eip.bound_to {
                let eips = &mut v.nat_gateways[n].eips;
                if !eips.contains(&EipIx::at(e)) {
                    eips.push(EipIx::at(e));
                }
            }
        }
        for nat in &mut v.nat_gateways {
            nat.eips.sort_by(|a, b| v.eips[*a].id.cmp(&v.eips[*b].id));
            nat.eips.dedup();
        }
    }

    fn vpn_and_vbr(&mut self, v: &mut ValidInventory) {
        for (c, vco) in v.vpn_connections.iter().enumerate() {
            if let VpnAttach::Gateway(g) = vco.attach {
                v.vpn_gateways[g].connections.push(VcoIx::at(c));
            }
        }
        for gateway in &mut v.vpn_gateways {
            gateway
                .connections
                .sort_by(|a, b| v.vpn_connections[*a].id.cmp(&v.vpn_connections[*b].id));
        }
        for (b, vbr) in v.vbrs.iter().enumerate() {
            v.physical_connections[vbr.physical_connection]
                .vbrs
                .push(VbrIx::at(b));
        }
        for pc in &mut v.physical_connections {
            pc.vbrs.sort_by(|a, b| v.vbrs[*a].id.cmp(&v.vbrs[*b].id));
        }
    }

    fn hosts(&mut self, v: &mut ValidInventory) {
        for (e, ecs) in v.ecs_instances.iter_mut().enumerate() {
            let vsw = &v.vswitches[ecs.vswitch];
            ecs.vpc = vsw.vpc;
            if ecs.account.is_none() {
                ecs.account = vsw.account.clone();
            }
            for (p, address) in ecs.private_ips.iter().enumerate() {
                let inside = match address {
                    IpAddr::V4(address) => vsw.cidr.contains(address),
                    IpAddr::V6(_) => true,
                };
                if !inside {
                    let message = format!(
                        "private address {address} is outside the instance's vSwitch `{}` ({})",
                        vsw.id, vsw.cidr
                    );
                    self.err(
                        Kind::EcsInstance,
                        e,
                        &format!("/private_ips/{p}"),
                        message,
                        None,
                    );
                }
            }
            for (s, sg) in ecs.security_groups.iter().enumerate() {
                let group = &v.security_groups[*sg];
                if group.vpc != vsw.vpc {
                    let message = format!(
                        "security group `{}` is in VPC `{}`, not in the instance's VPC `{}`",
                        group.id, v.vpcs[group.vpc].id, v.vpcs[vsw.vpc].id
                    );
                    self.err(
                        Kind::EcsInstance,
                        e,
                        &format!("/security_groups/{s}"),
                        message,
                        None,
                    );
                }
            }
        }
    }

    fn resource_groups(&mut self, v: &mut ValidInventory) {
        for (g, rg) in v.resource_groups.iter_mut().enumerate() {
            for (b, binding) in rg.bindings.iter().enumerate() {
                let vsw = &v.vswitches[binding.vswitch];
                if vsw.vpc != binding.vpc {
                    let message = format!(
                        "vSwitch `{}` is in VPC `{}`, not in the bound VPC `{}`",
                        vsw.id, v.vpcs[vsw.vpc].id, v.vpcs[binding.vpc].id
                    );
                    self.err(
                        Kind::ResourceGroup,
                        g,
                        &format!("/networks/{b}/vswitch"),
                        message,
                        Some("a binding's vSwitch must belong to its VPC".into()),
                    );
                }
            }
            rg.bindings.sort_by(|a, b| {
                (&v.vpcs[a.vpc].id, &v.vswitches[a.vswitch].id)
                    .cmp(&(&v.vpcs[b.vpc].id, &v.vswitches[b.vswitch].id))
            });
        }
    }

    /// S8.1: a data source is where its location says.
    fn data_sources(&mut self, v: &mut ValidInventory) {
        for (d, ds) in v.data_sources.iter_mut().enumerate() {
            match ds.location {
                DsLocation::Vpc(vpc, _) => {
                    if ds.account.is_none() {
                        ds.account = v.vpcs[vpc].account.clone();
                    }
                    if let IpAddr::V4(address) = ds.ip {
                        let holder = v.vpcs[vpc]
                            .vswitches
                            .iter()
                            .copied()
                            .find(|s| v.vswitches[*s].cidr.contains(&address));
                        match holder {
                            Some(s) => ds.location = DsLocation::Vpc(vpc, Some(s)),
                            None => {
                                let message = format!(
                                    "address {address} is in no vSwitch of VPC `{}`",
                                    v.vpcs[vpc].id
                                );
                                self.err(
                                    Kind::DataSource,
                                    d,
                                    "/ip",
                                    message,
                                    Some(
                                        "a data source in a VPC must have an address of one of its vSwitches"
                                            .into(),
                                    ),
                                );
                            }
                        }
                    }
                }
                DsLocation::Ecs(e) => {
                    let ecs = &v.ecs_instances[e];
                    if ds.account.is_none() {
                        ds.account = ecs.account.clone();
                    }
                    if !ecs.private_ips.contains(&ds.ip) {
                        let ips: Vec<String> =
                            ecs.private_ips.iter().map(|ip| ip.to_string()).collect();
                        let message = format!(
                            "address {} is not a private address of ECS instance `{}` ({})",
                            ds.ip,
                            ecs.id,
                            ips.join(", ")
                        );
                        self.err(
                            Kind::DataSource,
                            d,
                            "/ip",
                            message,
                            Some("use one of the instance's `private_ips`".into()),
                        );
                    }
                    for sg in &ecs.security_groups {
                        if !ds.security_groups.contains(sg) {
                            ds.security_groups.push(*sg);
                        }
                    }
                }
                DsLocation::DataCenter(dc) => {
                    let center = &v.data_centers[dc];
                    if ds.account.is_none() {
                        ds.account = center.account.clone();
                    }
                    let inside = match ds.ip {
                        IpAddr::V4(address) => center.cidrs.iter().any(|c| c.contains(&address)),
                        IpAddr::V6(_) => true,
                    };
                    if !inside {
                        let cidrs: Vec<String> =
                            center.cidrs.iter().map(|c| c.to_string()).collect();
                        let message = format!(
                            "address {} is outside data center `{}` ({})",
                            ds.ip,
                            center.id,
                            cidrs.join(", ")
                        );
                        self.err(
                            Kind::DataSource,
                            d,
                            "/ip",
                            message,
                            Some("a data source in a data center must have an address in its `cidrs`".into()),
                        );
                    }
                }
                DsLocation::Internet => {
                    if let IpAddr::V4(address) = ds.ip {
                        if !super::is_public(address) {
                            let message = format!(
                                "address {address} of an internet data source is not public"
                            );
                            self.err(
                                Kind::DataSource,
                                d,
                                "/ip",
                                message,
                                Some("an `internet` data source needs a public address".into()),
                            );
                        }
                    }
                }
                DsLocation::Classic => {}
            }
            ds.security_groups
                .sort_by(|a, b| v.security_groups[*a].id.cmp(&v.security_groups[*b].id));
            ds.security_groups.dedup();
        }
    }
}

/// Pairs each `peer` attachment with the attachment of the remote router that
/// names this router (the first by id, when several do).
pub(super) fn link_counterparts(v: &mut ValidInventory) {
    let mut by_pair: BTreeMap<(TrIx, TrIx), Vec<AttIx>> = BTreeMap::new();
    for (a, att) in v.tr_attachments.iter().enumerate() {
        if let AttachmentKind::Peer { remote, .. } = att.kind {
            by_pair
                .entry((att.tr, remote))
                .or_default()
                .push(AttIx::at(a));
        }
    }
    for list in by_pair.values_mut() {
        list.sort_by(|a, b| v.tr_attachments[*a].id.cmp(&v.tr_attachments[*b].id));
    }
    for a in v.tr_attachments.indices() {
        if let AttachmentKind::Peer { remote, .. } = v.tr_attachments[a].kind {
            let local = v.tr_attachments[a].tr;
            let counterpart = by_pair
                .get(&(remote, local))
                .and_then(|list| list.first().copied());
            v.tr_attachments[a].counterpart = counterpart;
        }
    }
}

/// An id for an implied resource that no written id uses.
pub(super) fn implied_id(ids: &HashMap<String, (Kind, usize)>, wanted: &str) -> String {
    if !ids.contains_key(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted}#{n}"))
        .find(|candidate| !ids.contains_key(candidate))
        .unwrap_or_else(|| wanted.to_string())
}
