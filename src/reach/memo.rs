//! Walk once, use many times (issue 19): the engine's memo of forward walks per
//! (binding start, destination address class) and of return walks per
//! (data-source place, source range, binding vSwitch, source address class).
//!
//! **Address classes.** As network verifiers (Veriflow, APKeep) do, two
//! addresses are alike when every prefix of the network holds both or neither.
//! Prefixes nest, so the prefixes holding an address are exactly those holding
//! its longest match among all of them: the class of an address is that longest
//! match in [`Atoms`], a trie of every IPv4 prefix and address of the validated
//! inventory (whence every prefix of its routing: route destinations of every table, VPC, vSwitch,
//! data-center and VPN CIDRs, SNAT sources, NAT and EIP addresses, the fixed
//! private and non-public ranges). Every decision a walk takes on its
//! destination (longest-prefix matches, containment, splits, the public-range
//! test) or on a return walk's source (SNAT sources, VPN traffic selectors) is
//! a comparison with one of those prefixes, so two addresses of one class take
//! the same decisions.
//!
//! **What is shared.** Only a walk that raised no finding is kept: findings
//! name the destination or the source, hops do not (forward hops show no range;
//! return hops show parts of the source range, which is in the key). A kept
//! forward walk delivers its whole destination (a /32 is never split), so a
//! replay sets each delivery's range to the pair's own destination; a kept
//! return walk delivers the data source's address untranslated, so a replay
//! sets it back. The pair's own arrival checks (whitelists, security groups)
//! run on every pair.
//!
//! A return walk's source (the data source's address) is compared only with
//! SNAT sources, VPN traffic selectors and the fixed ranges, so its class is
//! its longest match among those alone: replies from every address of one
//! vSwitch table alike share a walk.
//!
//! A walk is kept on the second sight of its key (most keys of an account
//! whose pairs share no path come once, and keeping costs a copy).
//!
//! Invariants: a replay gives the same hops, transit places, findings (none)
//! and deliveries as the walk it replaces (the property tests compare the
//! engine with the memo on and off against the brute-force twin); the memo
//! never holds more than [`MAX_ENTRIES`] keys per direction (it is emptied when
//! full); a network of more than [`MAX_PREFIXES`] prefixes gets no classes and
//! every pair walks on its own (`NETREACH_MEMO=0` turns the memo off too; in
//! the default mode it also stops where pairs share too little, see [`PROBE`]).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use ipnet::{IpNet, Ipv4Net};
use prefix_trie::PrefixMap;

use super::walk::{Delivery, Walk};
use super::Hop;
use crate::validate::{
    DataCenterIx, ResourceGroupIx, RouteTableIx, SnatSource, VSwitchIx, ValidInventory, VpcIx,
    NON_PUBLIC, PRIVATE,
};

/// Past this many distinct prefixes the classes are not computed (each costs
/// a trie node, a few dozen bytes): every pair walks on its own.
pub const MAX_PREFIXES: usize = 1 << 23;

/// At most this many kept walks per direction; the memo is emptied when full
/// (pairs come group by group, so the walks of the current group matter most).
pub const MAX_ENTRIES: usize = 1 << 17;

/// Pairs checked on their own before the memo starts with [`MemoMode::Auto`]
/// (a check of a few pairs does not pay for the classes).
const AUTO_AFTER: usize = 256;

/// With [`MemoMode::Auto`], the memo stops once this many look-ups found a
/// kept walk less than [`MIN_HIT_PERCENT`] of the time: a replay copies the
/// hops, so it saves the route look-ups only, and a look-up costs a longest
/// match and a hash; an account whose pairs share few paths walks alone.
const PROBE: usize = 8192;

/// See [`PROBE`].
const MIN_HIT_PERCENT: usize = 40;

/// When the engine shares walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoMode {
    /// Never: every pair walks on its own.
    Off,
    /// From the first pair.
    On,
    /// After the first few pairs, unless `NETREACH_MEMO=0` (the default).
    Auto,
}

impl MemoMode {
    /// The default mode: `Auto`, or `Off` when the environment variable
    /// `NETREACH_MEMO` is `0` (read once per process).
    pub fn from_env() -> MemoMode {
        static MODE: OnceLock<MemoMode> = OnceLock::new();
        *MODE.get_or_init(|| match std::env::var("NETREACH_MEMO").as_deref() {
            Ok("0") | Ok("off") => MemoMode::Off,
            Ok("on") => MemoMode::On,
            _ => MemoMode::Auto,
        })
    }
}

/// Every prefix of the network, for the longest match that names a class.
pub(super) struct Atoms {
    /// Every prefix a destination is compared with.
    trie: PrefixMap<Ipv4Net, ()>,
    /// The prefixes a return walk compares its source with: SNAT sources
    /// (vSwitch entries by their CIDR), VPN traffic selectors, the fixed ranges.
    sources: PrefixMap<Ipv4Net, ()>,
}

impl Atoms {
    /// The prefixes of `v` and `r`; `None` past [`MAX_PREFIXES`]. O(P log P)
    /// time and O(P) memory for P prefixes (a million routes: well under a second).
    ///
    /// The routing is not read: every prefix of its tables comes from the
    /// inventory (vSwitch CIDRs, written routes, VPN remote CIDRs, the seeds
    /// and statics of transit-router tables, VBR and data-center routes,
    /// `100.64.0.0/10`), all of which are here.
    fn build(v: &ValidInventory) -> Option<Atoms> {
        let mut trie: PrefixMap<Ipv4Net, ()> = PrefixMap::new();
        let mut count = 0usize;
        let mut add = |net: Ipv4Net| -> bool {
            let net = net.trunc();
            if trie.get(&net).is_none() {
                trie.insert(net, ());
                count += 1;
            }
            count <= MAX_PREFIXES
        };
        let host = |a: Ipv4Addr| Ipv4Net::from(a);
        let v4 = |n: &IpNet| match n {
            IpNet::V4(n) => Some(*n),
            IpNet::V6(_) => None,
        };
        let mut nets: Vec<Ipv4Net> = fixed_ranges().collect();
        nets.push(crate::route::cloud_services());
        for vpc in &v.vpcs {
            nets.extend(vpc.cidrs.iter().chain(&vpc.user_cidrs));
        }
        nets.extend(v.vswitches.iter().map(|s| s.cidr));
        for table in &v.route_tables {
            nets.extend(table.routes.iter().map(|route| route.destination));
        }
        for att in &v.tr_attachments {
            if let crate::validate::AttachmentKind::Vpc { advertise, .. } = &att.kind {
                nets.extend(advertise);
            }
        }
        for table in &v.tr_route_tables {
            nets.extend(table.routes.iter().map(|route| route.destination));
        }
        for gateway in &v.nat_gateways {
            nets.extend(gateway.nat_ips.iter().map(|a| host(*a)));
            for entry in &gateway.snat_entries {
                if let SnatSource::Cidr(cidr) = entry.source {
                    nets.push(cidr);
                }
                nets.extend(entry.snat_ips.iter().map(|a| host(*a)));
            }
        }
        for eip in &v.eips {
            if let std::net::IpAddr::V4(a) = eip.ip {
                nets.push(host(a));
            }
        }
        for gateway in &v.customer_gateways {
            if let std::net::IpAddr::V4(a) = gateway.ip {
                nets.push(host(a));
            }
        }
        for connection in &v.vpn_connections {
            nets.extend(
                connection
                    .local_cidrs
                    .iter()
                    .chain(&connection.remote_cidrs),
            );
        }
        for vbr in &v.vbrs {
            nets.extend(vbr.local_ip.map(host));
            nets.extend(vbr.routes.iter().map(|route| route.destination));
        }
        for dc in &v.data_centers {
            nets.extend(dc.cidrs.iter().copied());
            nets.extend(dc.routes.iter().map(|route| route.destination));
        }
        for group in &v.resource_groups {
            nets.extend(group.public_ip.map(host));
            for binding in &group.bindings {
                nets.extend(binding.routes.iter().flatten());
            }
        }
        for sg in &v.security_groups {
            nets.extend(
                sg.rules
                    .iter()
                    .filter_map(|rule| rule.source.as_ref().and_then(v4)),
            );
        }
        for net in nets {
            if !add(net) {
                return None;
            }
        }
        let mut sources: PrefixMap<Ipv4Net, ()> = PrefixMap::new();
        let mut fixed: Vec<Ipv4Net> = fixed_ranges().collect();
        for gateway in &v.nat_gateways {
            for entry in &gateway.snat_entries {
                fixed.push(match entry.source {
                    SnatSource::Cidr(cidr) => cidr,
                    SnatSource::VSwitch(vsw) => v.vswitches[vsw].cidr,
                });
            }
        }
        for connection in &v.vpn_connections {
            fixed.extend(
                connection
                    .local_cidrs
                    .iter()
                    .chain(&connection.remote_cidrs),
            );
        }
        for net in fixed {
            sources.insert(net.trunc(), ());
        }
        Some(Atoms { trie, sources })
    }

    /// The class of destination `address`: its longest match among every prefix.
    fn class(&self, address: Ipv4Addr) -> Ipv4Net {
        lpm(&self.trie, address)
    }

    /// The class of a return walk's source `address`.
    fn source_class(&self, address: Ipv4Addr) -> Ipv4Net {
        lpm(&self.sources, address)
    }
}

/// The longest prefix of `trie` holding `address` (`0.0.0.0/0` if none does).
fn lpm(trie: &PrefixMap<Ipv4Net, ()>, address: Ipv4Addr) -> Ipv4Net {
    trie.get_lpm(&Ipv4Net::from(address))
        .map_or_else(Ipv4Net::default, |(p, _)| p)
}

/// Where a forward walk starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Start {
    /// In the bound vSwitch's table, from its range.
    VSwitch(VSwitchIx),
    /// From the group's own public address (the hop names the group).
    PublicExit(ResourceGroupIx),
    /// Over the group's default EIP (the hop names the group).
    DefaultEip(ResourceGroupIx),
}

/// Where a return walk starts: the data source's table, or its data center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Place {
    /// A vSwitch's route table in a VPC.
    Table(VpcIx, RouteTableIx),
    /// A data center's own routes.
    DataCenter(DataCenterIx),
    /// Nowhere (no return walk starts).
    Nowhere,
}

type ForwardKey = (Start, Ipv4Net);
type ReturnKey = (Place, Ipv4Net, VSwitchIx, Ipv4Net);

/// What a kept walk replays.
pub(super) struct Shared<'a> {
    hops: Vec<Hop>,
    transit: BTreeSet<Cow<'a, str>>,
    deliveries: Vec<Delivery>,
}

/// A key's slot: seen once (its walk is not kept: most keys of an account
/// without shared paths come once, and keeping costs a copy), or the walk kept
/// on its second sight.
enum Slot<'a> {
    Seen,
    Kept(Arc<Shared<'a>>),
}

/// The memo of one engine.
pub(super) struct Memo<'a> {
    mode: MemoMode,
    seen: AtomicUsize,
    /// Walks replayed instead of walked.
    hits: AtomicUsize,
    /// Walks looked up.
    lookups: AtomicUsize,
    atoms: OnceLock<Option<Atoms>>,
    forward: Mutex<HashMap<ForwardKey, Slot<'a>>>,
    back: Mutex<HashMap<ReturnKey, Slot<'a>>>,
}

/// A pending store: the key a walk will be kept under if it raises nothing
/// (and the key was seen before).
pub(super) struct Ticket<K> {
    key: K,
    raised: u32,
    keep: bool,
}

impl<'a> Memo<'a> {
    /// An empty memo in `mode`.
    pub(super) fn new(mode: MemoMode) -> Memo<'a> {
        Memo {
            mode,
            seen: AtomicUsize::new(0),
            hits: AtomicUsize::new(0),
            lookups: AtomicUsize::new(0),
            atoms: OnceLock::new(),
            forward: Mutex::new(HashMap::new()),
            back: Mutex::new(HashMap::new()),
        }
    }

    /// How many walks were replayed instead of walked so far.
    pub(super) fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Counts a pair; the classes, once the memo is in use (`None`: walk alone).
    pub(super) fn classes(&self, v: &ValidInventory) -> Option<&Atoms> {
        match self.mode {
            MemoMode::Off => return None,
            MemoMode::Auto => {
                let seen = self.seen.fetch_add(1, Ordering::Relaxed);
                if seen < AUTO_AFTER {
                    return None;
                }
                // Pairs that share little: stop paying for the look-ups.
                let lookups = self.lookups.load(Ordering::Relaxed);
                if lookups >= PROBE && self.hits() * 100 < lookups * MIN_HIT_PERCENT {
                    return None;
                }
            }
            MemoMode::On => {}
        }
        self.atoms.get_or_init(|| Atoms::build(v)).as_ref()
    }

    /// Replays the forward walk of `start` toward `dest` into `walk` when one is
    /// kept (true), else gives the ticket to keep the walk about to run.
    pub(super) fn forward(
        &self,
        atoms: &Atoms,
        start: Start,
        dest: Ipv4Addr,
        walk: &mut Walk<'_, 'a>,
    ) -> Result<(), Ticket<ForwardKey>> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        let key = (start, atoms.class(dest));
        match look_up(&self.forward, key) {
            Ok(shared) => {
                let dest = Ipv4Net::from(dest);
                replay(&shared, walk, |d| d.range = dest);
                self.hits.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(keep) => Err(Ticket {
                key,
                raised: walk.raised,
                keep,
            }),
        }
    }

    /// Keeps the forward walk just run, if it raised nothing and delivered its
    /// whole destination `dest`.
    pub(super) fn keep_forward(
        &self,
        ticket: Ticket<ForwardKey>,
        dest: Ipv4Addr,
        walk: &Walk<'_, 'a>,
    ) {
        let dest = Ipv4Net::from(dest);
        if !ticket.keep
            || walk.raised != ticket.raised
            || walk.deliveries.iter().any(|d| d.range != dest)
        {
            return;
        }
        store(&self.forward, ticket.key, capture(walk));
    }

    /// As [`Memo::forward`] for the return walk from `place` toward `target`
    /// with the data source's `address` as source, replying to `source`.
    pub(super) fn back(
        &self,
        atoms: &Atoms,
        (place, target, source): (Place, Ipv4Net, VSwitchIx),
        address: Ipv4Addr,
        walk: &mut Walk<'_, 'a>,
    ) -> Result<(), Ticket<ReturnKey>> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        let key = (place, target, source, atoms.source_class(address));
        match look_up(&self.back, key) {
            Ok(shared) => {
                let src = vec![Ipv4Net::from(address)];
                replay(&shared, walk, |d| d.src.clone_from(&src));
                self.hits.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(keep) => Err(Ticket {
                key,
                raised: walk.raised,
                keep,
            }),
        }
    }

    /// Keeps the return walk just run, if it raised nothing and every
    /// delivery carries the data source's `address` untranslated.
    pub(super) fn keep_back(
        &self,
        ticket: Ticket<ReturnKey>,
        address: Ipv4Addr,
        walk: &Walk<'_, 'a>,
    ) {
        let src = [Ipv4Net::from(address)];
        if !ticket.keep
            || walk.raised != ticket.raised
            || walk.deliveries.iter().any(|d| d.src[..] != src[..])
        {
            return;
        }
        store(&self.back, ticket.key, capture(walk));
    }
}

/// The ranges every walk may compare an address with, whatever the
/// network: the default route, the non-public and the private ranges.
fn fixed_ranges() -> impl Iterator<Item = Ipv4Net> {
    std::iter::once(Ipv4Net::default()).chain(
        NON_PUBLIC
            .iter()
            .chain(PRIVATE.iter())
            .filter_map(|t| t.parse::<Ipv4Net>().ok()),
    )
}

/// The walk kept under `key`, else whether to keep the walk about to run
/// (true on the key's second sight; the first marks it seen). A poisoned lock
/// (a worker panicked) keeps nothing: the pair walks on its own.
fn look_up<'a, K: std::hash::Hash + Eq>(
    m: &Mutex<HashMap<K, Slot<'a>>>,
    key: K,
) -> Result<Arc<Shared<'a>>, bool> {
    let Ok(mut map) = m.lock() else {
        return Err(false);
    };
    match map.get(&key) {
        Some(Slot::Kept(shared)) => Ok(Arc::clone(shared)),
        Some(Slot::Seen) => Err(true),
        None => {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            map.insert(key, Slot::Seen);
            Err(false)
        }
    }
}

/// Keeps `value` under `key` (the first kept wins).
fn store<'a, K: std::hash::Hash + Eq>(m: &Mutex<HashMap<K, Slot<'a>>>, key: K, value: Shared<'a>) {
    if let Ok(mut map) = m.lock() {
        if let Some(slot @ Slot::Seen) = map.get_mut(&key) {
            *slot = Slot::Kept(Arc::new(value));
        }
    }
}

/// What a fresh walk holds after running alone.
fn capture<'a>(walk: &Walk<'_, 'a>) -> Shared<'a> {
    Shared {
        hops: walk.hops.clone(),
        transit: walk.transit.clone(),
        deliveries: walk.deliveries.clone(),
    }
}

/// Puts a kept walk into a fresh `walk`, each delivery made the pair's own by `own`.
fn replay<'a>(shared: &Shared<'a>, walk: &mut Walk<'_, 'a>, own: impl Fn(&mut Delivery)) {
    walk.hops.clone_from(&shared.hops);
    walk.transit.clone_from(&shared.transit);
    walk.deliveries = shared.deliveries.clone();
    for delivery in &mut walk.deliveries {
        own(delivery);
    }
}
