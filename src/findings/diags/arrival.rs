//! Constructors of the codes the arrival checks raise (semantics S4): where traffic
//! arrives, the whitelist, the security groups and the on-premises note.

use std::net::IpAddr;

use ipnet::Ipv4Net;

use super::{nets, Scope};
use crate::findings::{Change, Code, Finding, Remedy};

/// A place traffic is delivered to: its description ("vSwitch vsw-1 of
/// vpc-1") and the id of the network that holds it.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The place in words.
    pub described: &'a str,
    /// The network's id.
    pub id: &'a str,
}

/// `wrong-destination`: traffic for `range` is delivered to `got`, but the
/// data source is in `want` (semantics S4.2).
pub fn wrong_destination(
    data_source: &str,
    range: Ipv4Net,
    got: Place<'_>,
    want: Place<'_>,
) -> Finding {
    Finding::new(
        Code::WrongDestination,
        data_source,
        format!(
            "traffic for {range} is delivered to {} ({}), but {data_source} is in {}: the address exists in both places (see the cidr-overlap of {} and {} in `netreach audit`)",
            got.described, got.id, want.described, got.id, want.id
        ),
    )
    .with_related([want.id.to_string(), got.id.to_string()])
    .with_decision(format!(
        "the address is in both {} and {}: re-address one of them, or bind the resource group to {}",
        got.id, want.id, want.id
    ))
}

/// `whitelist-unknown`: the whitelist is not in the inventory; it must
/// admit `sources`.
/// With no `sources` (an old-version group whose public address is unknown,
/// semantics S9.2) it must admit that address.
pub fn whitelist_unknown(data_source: &str, sources: &[Ipv4Net]) -> Finding {
    let admit = if sources.is_empty() {
        "the resource group's public address (its default EIP)".to_string()
    } else {
        nets(sources)
    };
    Finding::new(
        Code::WhitelistUnknown,
        data_source,
        format!("the whitelist of {data_source} is not in the inventory; it must admit {admit}"),
    )
}

/// `whitelist-open`: the whitelist holds 0.0.0.0/0.
pub fn whitelist_open(data_source: &str, scope: Scope) -> Finding {
    let finding = Finding::new(
        Code::WhitelistOpen,
        data_source,
        format!("the whitelist of {data_source} admits every address (0.0.0.0/0)"),
    );
    let fix = format!(
        "replace 0.0.0.0/0 in the whitelist of {data_source} with the resource group's addresses"
    );
    match scope {
        Scope::Inventory => finding.with_fix(fix),
        Scope::Pair => finding.with_decision(fix),
    }
}

/// The whitelist change that admits `cidrs` (whole source ranges, docs
/// semantics S10.3) to data source `data_source` of kind `kind`.
fn whitelist_change(data_source: &str, kind: &str, cidrs: Vec<Ipv4Net>) -> Change {
    Change::Whitelist {
        data_source: data_source.to_string(),
        kind: kind.to_string(),
        cidrs,
    }
}

/// `whitelist-missing`: the whitelist admits none of the source; the remedy
/// adds the `whole` source ranges.
pub fn whitelist_missing(
    data_source: &str,
    kind: &str,
    missing: &[Ipv4Net],
    whole: Vec<Ipv4Net>,
) -> Finding {
    Finding::new(
        Code::WhitelistMissing,
        data_source,
        format!(
            "the whitelist of {data_source} does not admit the source {}",
            nets(missing)
        ),
    )
    .with_change(whitelist_change(data_source, kind, whole))
}

/// `whitelist-partial`: the whitelist admits only part of the source;
/// `missing` is not covered, the remedy adds the `whole` source ranges.
pub fn whitelist_partial(
    data_source: &str,
    kind: &str,
    missing: &[Ipv4Net],
    whole: Vec<Ipv4Net>,
) -> Finding {
    Finding::new(
        Code::WhitelistPartial,
        data_source,
        format!(
            "the whitelist of {data_source} admits only part of the source: {} is not covered",
            nets(missing)
        ),
    )
    .with_change(whitelist_change(data_source, kind, whole))
}

/// `security-group-denied`: the security groups `groups` (the first is the
/// finding's resource) deny `protocol`/`port` from `denied`, each range with
/// the reason it is dropped.
pub fn security_group_denied(
    data_source: &str,
    groups: Vec<String>,
    protocol: &str,
    port: u16,
    denied: &[(Ipv4Net, String)],
    remedy: Remedy,
) -> Finding {
    let first = groups.first().cloned().unwrap_or_default();
    let parts: Vec<String> = denied
        .iter()
        .map(|(net, why)| format!("{net} ({why})"))
        .collect();
    Finding::new(
        Code::SecurityGroupDenied,
        first,
        format!(
            "the security groups of {data_source} deny {protocol}/{port} from {}",
            parts.join(", ")
        ),
    )
    .with_related(groups)
    .with_remedy(remedy)
}

/// `on-premises-firewall-not-modelled`: firewalls in data center `dc` must
/// admit `sources` to `address`:`port` (semantics S4.5).
pub fn on_premises_firewall_not_modelled(
    dc: &str,
    sources: &[Ipv4Net],
    address: IpAddr,
    port: u16,
) -> Finding {
    Finding::new(
        Code::OnPremisesFirewallNotModelled,
        dc,
        format!(
            "firewalls and ACLs in data center {dc} are not modelled: they must admit {} to {address}:{port}",
            nets(sources)
        ),
    )
}

/// `public-ip-unknown` (semantics S9.2, S9.8): the old-version resource group
/// `group` reaches the internet over its default EIP, whose address the
/// inventory does not give, so the whitelist (or security groups) of
/// `data_source`, narrower than 0.0.0.0/0, cannot be checked.
pub fn public_ip_unknown(group: &str, data_source: &str) -> Finding {
    Finding::new(
        Code::PublicIpUnknown,
        group,
        format!(
            "the public address of old-version resource group {group} is unknown, so the whitelist of {data_source} cannot be checked against it"
        ),
    )
    .with_related([data_source.to_string()])
    .with_decision(format!(
        "set public_ip on {group} (its EIP, in the DataWorks console > Resource Groups > {group} > Network Settings) and make sure the whitelist of {data_source} admits it"
    ))
}
