//! Route-exchange domains and the CIDR overlap sweep: the inventory-wide
//! findings of `netreach audit` (semantics S7).
//!
//! [`audit`] groups the networks that exchange routes into domains
//! ([`domain`]: peered VPCs, the networks meeting in a transit-router route
//! table across inter-region connections, data centers behind VBRs and VPN
//! connections, each resource-group binding with what its route list covers),
//! sweeps each domain for overlapping ranges ([`sweep`]) and reports every
//! overlap as `cidr-overlap` with both ranges, their owners, the intersection,
//! where they meet and the (resource group, data source) pairs it affects
//! ([`overlaps`]); it adds the hygiene findings `whitelist-open`,
//! `inter-region-test-bandwidth` and `unused-resource` ([`hygiene`]).
//! `route-conflict` comes from [`crate::route`] and the validation findings
//! from [`crate::validate`]; the CLI merges them. [`free_cidrs`] lists RFC 1918
//! blocks free in a network's domains ([`free`]).
//!
//! The analysis does no I/O and a broken network is never an `Err`; output is
//! sorted and independent of the order of the input lists.
//!
//! Complexity: building the domains is linear in the inventory and the
//! transit-router tables (O(V + P + A + Σ|T| + B · D), see [`domain`]); each
//! domain of n ranges is swept in O(n log n + k) for k overlapping pairs, never
//! by comparing all pairs; each overlap then costs O(B + D + a) to name its a
//! affected pairs among B bindings and D data sources. Hygiene is O(R + N) for
//! R routes and N resources.
//!
//! Invariant: this module reads only the `ValidInventory` and its `Routing`;
//! it never runs the pair engine.

pub mod domain;
pub mod free;
pub mod hygiene;
pub mod overlaps;
pub mod sweep;

use ipnet::Ipv4Net;

use crate::findings::Finding;
use crate::route::Routing;
use crate::validate::ValidInventory;

pub use domain::{Domain, DomainKind, Owner};
pub use free::{FREE_CIDR_LENGTHS, FREE_CIDR_LIMIT};
pub use sweep::sweep;

/// The inventory-wide findings of `audit`: `cidr-overlap` (with `all_overlaps`,
/// also the `info` overlaps of networks that exchange no routes),
/// `whitelist-open`, `inter-region-test-bandwidth` and `unused-resource`,
/// sorted and deduplicated.
pub fn audit(v: &ValidInventory, routing: &Routing, all_overlaps: bool) -> Vec<Finding> {
    use crate::timings::stage;
    let domains = stage("audit: route-exchange domains", || {
        domain::build(v, routing)
    });
    let mut findings = stage("audit: overlaps", || {
        overlaps::findings(v, routing, &domains, all_overlaps)
    });
    findings.extend(stage("audit: hygiene", || hygiene::findings(v)));
    findings.sort();
    findings.dedup();
    findings
}

/// Which inventory-wide findings a command reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `check`, `trace`, `diff`, `render`: the `cidr-overlap` findings at default settings.
    Check,
    /// `audit`: every finding of [`audit`].
    Audit {
        /// Also the `info` overlaps of networks that exchange no routes.
        all_overlaps: bool,
    },
}

/// The inventory-wide findings of a command: validation's and routing's, then
/// the overlap analysis of `scope` (domains built once), sorted and deduplicated.
pub fn inventory_findings(v: &ValidInventory, routing: &Routing, scope: Scope) -> Vec<Finding> {
    let mut findings: Vec<Finding> = v
        .findings
        .iter()
        .chain(routing.findings.iter())
        .cloned()
        .collect();
    match scope {
        Scope::Check => {
            let domains = domain::build(v, routing);
            findings.extend(overlaps::findings(v, routing, &domains, false));
        }
        Scope::Audit { all_overlaps } => findings.extend(audit(v, routing, all_overlaps)),
    }
    findings.sort();
    findings.dedup();
    findings
}

/// RFC 1918 blocks of length `prefix_len` (8 to 30) that overlap nothing in
/// the route-exchange domains of the VPC or data center `member_id` (nor the
/// network itself), in address order; at most [`FREE_CIDR_LIMIT`] of them.
/// `Err` names the problem: an id that is not a VPC or a data center, or a
/// length outside 8..=30.
pub fn free_cidrs(
    v: &ValidInventory,
    routing: &Routing,
    member_id: &str,
    prefix_len: u8,
) -> Result<Vec<Ipv4Net>, String> {
    let domains = domain::build(v, routing);
    free::free_for(v, &domains, member_id, prefix_len)
}
