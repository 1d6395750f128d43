//! A resource group with no VPC binding (semantics S9.8): an old-version
//! group bound to no VPC still reaches `internet` data sources, over its
//! `public_ip` when the inventory has it (semantics S1.3), else over its default
//! EIP (semantics S9.2); every other data source is out of its reach.
//!
//! Invariant: only old-version groups get here; validation keeps a
//! serverless group without bindings out of the inventory (it has no network
//! at all, semantics S3).

use ipnet::Ipv4Net;

use super::arrival;
use super::engine::{traced_address, Engine};
use super::verdict;
use super::walk::{Dir, Walk};
use super::{Hop, PairFinding, Verdict};
use crate::findings::diags::{self, NoRouteAt};
use crate::findings::Finding;
use crate::validate::{is_public, DataSourceIx, DsLocation, ResourceGroupIx};

impl Engine<'_> {
    /// Checks the pair of the unbound group `rg` and data source `ds`: one
    /// forward walk from the group's public address to the internet, the
    /// arrival checks there, and no return walk (replies to a connection the
    /// group opened from the internet are stateful); any other data source is
    /// `no-route` on the group, whose fix is a binding (semantics S10.3). Returns
    /// the verdict, the forward and return hops and the findings.
    pub(super) fn check_unbound(
        &self,
        rg: ResourceGroupIx,
        ds: DataSourceIx,
    ) -> (Verdict, Vec<Hop>, Vec<Hop>, Vec<PairFinding>) {
        let group = &self.v.resource_groups[rg];
        let source = &self.v.data_sources[ds];
        let mut forward = Walk::new(self, Dir::Forward, None);
        let back = Walk::new(self, Dir::Return, None);
        let mut notes: Vec<Finding> = Vec::new();
        match traced_address(source, &mut forward) {
            Some(address) if source.location == DsLocation::Internet && is_public(address) => {
                let dest = Ipv4Net::from(address);
                match group.public_ip {
                    Some(public_ip) => forward.start_public(&group.id, public_ip, dest),
                    None => forward.start_default_eip(&group.id, dest),
                }
                let unknown_public = group.public_ip.is_none().then_some(group.id.as_str());
                arrival::check_deliveries(self, ds, unknown_public, &mut forward, &mut notes);
            }
            Some(address) => forward.findings.push(diags::no_route(NoRouteAt::Unbound {
                group: &group.id,
                dest: address,
            })),
            None => {}
        }
        let (verdict, findings) = verdict::conclude(&source.id, &forward, &back, notes);
        (verdict, forward.hops, back.hops, findings)
    }
}
