//! The walk through transit routers (semantics S3.3, S3.7, S8.9): attachments in and
//! out, TR route tables, blackholes, ambiguous propagations and inter-region
//! connections.
//!
//! Rules obeyed here: an attachment carries traffic only when attached and
//! associated with a route table; a blackhole route drops; two attachments
//! propagating the same prefix make it undecided (`route-conflict`); a peer
//! attachment crosses regions only with its counterpart, and a connection
//! without bandwidth is a test link (a note, not a block). Entering a VPC
//! attachment lands in the route tables of its vSwitches, each a branch.

use std::borrow::Cow;

use ipnet::Ipv4Net;

use super::{net_text, Entry, Flow, PlaceKey, Walk};
use crate::findings::diags::{self, ConflictSeen, Lookup, MissingLink, Scope};
use crate::model::TrAttachmentStatus;
use crate::reach::fix;
use crate::route::{self, split, TrEntry};
use crate::validate::{AttachmentIx, AttachmentKind, RouteTableIx, TrRouteTableIx};

impl Walk<'_, '_> {
    /// Leaving a VPC into a transit router through its attachment: the
    /// traffic is looked up in the route table the attachment is associated
    /// with (semantics S3.3); an attachment with none drops it.
    pub(super) fn attachment_out(&mut self, attachment: AttachmentIx, flow: Flow) {
        let v = self.v();
        let att = &v.tr_attachments[attachment];
        self.transit
            .insert(Cow::Borrowed(&v.transit_routers[att.tr].id));
        if !self.attachment_usable(attachment) {
            return;
        }
        let Some(table) = att.associated else {
            self.not_associated(attachment, flow.dest);
            return;
        };
        self.tr(table, flow);
    }

    /// Whether an attachment carries traffic: only in the attached state
    /// (`tr-attachment-inactive` otherwise).
    pub(super) fn attachment_usable(&mut self, attachment: AttachmentIx) -> bool {
        let v = self.v();
        let att = &v.tr_attachments[attachment];
        if att.status != TrAttachmentStatus::Attached {
            self.add(diags::tr_attachment_inactive(
                &att.id,
                att.status,
                &v.transit_routers[att.tr].id,
            ));
            return false;
        }
        true
    }

    /// `tr-attachment-not-associated` for traffic entering the transit
    /// router from `attachment`, with the association that would carry `dest`.
    pub(super) fn not_associated(&mut self, attachment: AttachmentIx, dest: Ipv4Net) {
        let v = self.v();
        let att = &v.tr_attachments[attachment];
        let tr = &v.transit_routers[att.tr];
        let remedy = fix::association(self.e, attachment, dest);
        self.add(diags::tr_attachment_not_associated(&att.id, &tr.id, remedy));
    }

    /// semantics S3.3: a transit-router route table, looked up by longest prefix for
    /// each part of the destination that takes its own route.
    pub(super) fn tr(&mut self, table: TrRouteTableIx, flow: Flow) {
        let v = self.v();
        let routed = &v.tr_route_tables[table];
        let tr = &v.transit_routers[routed.tr];
        let table_id: &str = &routed.id;
        self.transit.insert(Cow::Borrowed(&tr.id));
        if !self.enter(PlaceKey::Tr(table), table_id, &flow) {
            return;
        }
        let r = self.e.r;
        for part in split(flow.dest, &|p| r.tr_has_inside(table, p)) {
            let mut flow = Flow {
                dest: part,
                ..flow.clone()
            };
            flow.depth += 1;
            match r.lookup_tr(table, part) {
                None => {
                    let remedy = fix::tr_route(self.e, table, part, self.dir, self.source);
                    self.miss(
                        Some(tr.region.clone()),
                        vec![tr.cen],
                        part,
                        Lookup::TrTable {
                            table: table_id,
                            tr: &tr.id,
                            part,
                            remedy,
                        },
                    );
                }
                // A static route with no next hop is a blackhole: it drops.
                Some((prefix, TrEntry::Static(None))) => {
                    self.hop(
                        &tr.id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        Some("blackhole"),
                        Some(part),
                        None,
                    );
                    let remedy = fix::blackhole(self.e, table, prefix, part);
                    self.add(diags::route_blackhole(
                        table_id, &tr.id, prefix, part, remedy,
                    ));
                }
                // Two attachments propagate the same prefix: which one wins
                // is not decided by the documentation, so the pair is unknown.
                Some((prefix, TrEntry::Conflict(members))) => {
                    let names: Vec<String> = members
                        .iter()
                        .map(|(origin, _)| route::origin_id(v, *origin))
                        .collect();
                    self.hop(
                        &tr.id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        None,
                        Some(part),
                        Some("ambiguous route".into()),
                    );
                    self.add(diags::route_conflict(
                        table_id,
                        prefix,
                        &names,
                        ConflictSeen::Path { part },
                    ));
                }
                Some((prefix, entry)) => {
                    // A propagated or static route names the attachment out.
                    let Some(next) = entry.next_hop() else {
                        continue;
                    };
                    let next_id: &str = &v.tr_attachments[next].id;
                    self.hop(
                        &tr.id,
                        Some(table_id),
                        Some(net_text(prefix)),
                        Some(next_id),
                        Some(part),
                        None,
                    );
                    self.attachment_in(next, flow);
                }
            }
        }
        self.leave();
    }

    /// Leaving a transit router through attachment `next`.
    pub(super) fn attachment_in(&mut self, next: AttachmentIx, flow: Flow) {
        let v = self.v();
        if !self.attachment_usable(next) {
            return;
        }
        let att = &v.tr_attachments[next];
        match &att.kind {
            AttachmentKind::Vpc { vpc, vswitches, .. } => {
                // semantics S3.2, S8.6: traffic enters in the attachment's vSwitches;
                // vSwitches on different tables are branches.
                let mut tables: Vec<RouteTableIx> =
                    vswitches.iter().map(|s| v.vswitches[*s].table).collect();
                if tables.is_empty() {
                    tables.push(v.vpcs[*vpc].system_table);
                }
                tables.sort_by(|a, b| v.route_tables[*a].id.cmp(&v.route_tables[*b].id));
                tables.dedup();
                for table in tables {
                    self.vpc(*vpc, table, Entry::Tr, flow.clone());
                }
            }
            AttachmentKind::Vbr(vbr) => self.vbr(*vbr, flow),
            AttachmentKind::Vpn(connection) => self.vpn_connection(*connection, flow),
            AttachmentKind::Peer {
                remote,
                bandwidth_mbps,
            } => {
                let remote_tr = &v.transit_routers[*remote];
                let local_tr = &v.transit_routers[att.tr];
                let cen = &v.cens[local_tr.cen];
                // semantics S8.9: a peer attachment crosses regions only when the
                // remote router has the matching attachment back.
                let Some(counterpart) = att.counterpart else {
                    let (a, b) = ordered(&local_tr.region, &remote_tr.region);
                    self.add(diags::inter_region_missing(
                        &cen.id,
                        a,
                        b,
                        MissingLink::NoCounterpart {
                            attachment: &att.id,
                            local_tr: &local_tr.id,
                            remote_tr: &remote_tr.id,
                        },
                    ));
                    return;
                };
                // The inter-region connection is a transit place of its own,
                // named the same from both ends (for `asymmetric-path`).
                self.transit.insert(Cow::Owned(format!(
                    "{}<->{}",
                    ordered(&local_tr.id, &remote_tr.id).0,
                    ordered(&local_tr.id, &remote_tr.id).1
                )));
                // No bandwidth: 1 Kbps for tests, a note; the path goes on.
                // semantics S9.7: named by the connection's smaller attachment id,
                // the same finding from either end.
                if bandwidth_mbps.unwrap_or(0) == 0 {
                    let (first, second) = ordered(&att.id, &v.tr_attachments[counterpart].id);
                    self.add(diags::inter_region_test_bandwidth(
                        &cen.id,
                        ordered(&local_tr.region, &remote_tr.region),
                        first,
                        second,
                        Scope::Pair,
                    ));
                }
                if !self.attachment_usable(counterpart) {
                    return;
                }
                // On the remote router the counterpart's associated table
                // routes the traffic onward.
                match v.tr_attachments[counterpart].associated {
                    Some(table) => self.tr(table, flow),
                    None => self.not_associated(counterpart, flow.dest),
                }
            }
        }
    }
}

/// `a` and `b` in order, so that a pair of regions or routers is named
/// the same way from either end.
fn ordered<'s>(a: &'s str, b: &'s str) -> (&'s str, &'s str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}
