//! Constructors of the inventory-wide codes: the A5xx audit codes raised by
//! validation and `overlap`, and `learned-route-differs` raised while the
//! routing is derived. Their fix is text on the finding (no pair proves it).

use ipnet::Ipv4Net;

use super::nets;
use crate::findings::{Code, Finding, Severity};

/// At most this many affected pairs are named in a `cidr-overlap` message.
const OVERLAP_PAIRS_SHOWN: usize = 10;

/// At most this many blocked pairs are named in a `cen-bandwidth-missing`
/// message, before "and N more".
const BANDWIDTH_PAIRS_NAMED: usize = 5;

/// Names at most `shown` pairs `group -> source`, then "and N more".
fn pairs_text(pairs: &[(&str, &str)], shown: usize) -> String {
    let named: Vec<String> = pairs
        .iter()
        .take(shown)
        .map(|(group, source)| format!("{group} -> {source}"))
        .collect();
    let mut text = named.join(", ");
    if pairs.len() > shown {
        text.push_str(&format!(" and {} more", pairs.len() - shown));
    }
    text
}

/// `vswitch-outside-vpc`: the CIDR of `vswitch` lies outside every CIDR of
/// its VPC.
pub fn vswitch_outside_vpc(
    vswitch: &str,
    cidr: Ipv4Net,
    vpc: &str,
    vpc_cidrs: &[Ipv4Net],
) -> Finding {
    Finding::new(
        Code::VswitchOutsideVpc,
        vswitch,
        format!(
            "vSwitch {vswitch} CIDR {cidr} lies outside every CIDR of VPC {vpc} ({})",
            nets(vpc_cidrs)
        ),
    )
    .with_related([vpc.to_string()])
    .with_fix(format!(
        "add a secondary CIDR covering {cidr} to {vpc}, or correct the vSwitch CIDR"
    ))
}

/// `vswitch-overlap`: two vSwitches of `vpc` overlap; `first` and `second`
/// are (id, CIDR) in id order.
pub fn vswitch_overlap(first: (&str, Ipv4Net), second: (&str, Ipv4Net), vpc: &str) -> Finding {
    Finding::new(
        Code::VswitchOverlap,
        first.0,
        format!(
            "vSwitches {} ({}) and {} ({}) of VPC {vpc} overlap",
            first.0, first.1, second.0, second.1
        ),
    )
    .with_related([second.0.to_string(), vpc.to_string()])
}

/// `route-inside-vswitch`: route `destination` of `table` lies inside
/// `vswitch` (id, CIDR), or inside 100.64.0.0/10 when `vswitch` is `None`.
pub fn route_inside_vswitch(
    table: &str,
    destination: Ipv4Net,
    vswitch: Option<(&str, Ipv4Net)>,
) -> Finding {
    let (what, related) = match vswitch {
        Some((id, cidr)) => (format!("vSwitch {id} ({cidr})"), vec![id.to_string()]),
        None => (
            "the cloud-services range 100.64.0.0/10".to_string(),
            Vec::new(),
        ),
    };
    Finding::new(
        Code::RouteInsideVswitch,
        table,
        format!("route {destination} in {table} lies inside {what}: Alibaba Cloud rejects it and the system route wins"),
    )
    .with_related(related)
    .with_fix(format!("delete route {destination} from {table}"))
}

/// One side of a CIDR overlap: its range, its owner in words and its id.
#[derive(Debug, Clone, Copy)]
pub struct OverlapSide<'a> {
    /// The overlapping range.
    pub net: Ipv4Net,
    /// The owner in words ("VPC vpc-1 (cn-hangzhou)").
    pub described: &'a str,
    /// The owner's id.
    pub id: &'a str,
}

/// Where two overlapping networks meet.
#[derive(Debug, Clone)]
pub enum Meeting<'a> {
    /// They exchange routes at `places` (ids `place_ids`), for the
    /// `reasons`, affecting `pairs`; `severity`: error when a pair is or may
    /// be affected, else warning.
    At {
        places: &'a [String],
        place_ids: Vec<String>,
        reasons: &'a [String],
        pairs: &'a [(&'a str, &'a str)],
        severity: Severity,
    },
    /// They exchange no routes: nothing is affected now (info).
    Apart,
}

/// `cidr-overlap`: `a` and `b` overlap in `intersection`; `fix` re-addresses
/// one of them.
pub fn cidr_overlap(
    a: OverlapSide<'_>,
    b: OverlapSide<'_>,
    intersection: Ipv4Net,
    meeting: Meeting<'_>,
    fix: String,
) -> Finding {
    let head = format!(
        "{} of {} overlaps {} of {} (intersection {intersection})",
        a.net, a.described, b.net, b.described
    );
    match meeting {
        Meeting::At {
            places,
            place_ids,
            reasons,
            pairs,
            severity,
        } => {
            let mut message = format!("{head}; they meet at {}", places.join(", "));
            for reason in reasons {
                message.push_str("; ");
                message.push_str(reason);
            }
            if pairs.is_empty() {
                message.push_str(if severity == Severity::Error {
                    "; no pair is affected yet"
                } else {
                    "; no route is affected yet"
                });
            } else {
                message.push_str(&format!(
                    "; affects {}",
                    pairs_text(pairs, OVERLAP_PAIRS_SHOWN)
                ));
            }
            let mut related = vec![b.id.to_string()];
            related.extend(place_ids.into_iter().filter(|id| id != a.id && id != b.id));
            Finding::new(Code::CidrOverlap, a.id, message)
                .with_severity(severity)
                .with_related(related)
                .with_fix(fix)
        }
        Meeting::Apart => Finding::new(
            Code::CidrOverlap,
            a.id,
            format!("{head}; they exchange no routes, so nothing is affected now"),
        )
        .with_severity(Severity::Info)
        .with_related([b.id.to_string()])
        .with_fix(format!(
            "nothing to do while they stay apart; before connecting them, {fix}"
        )),
    }
}

/// `nat-without-snat`: Internet NAT gateway `gateway` has the EIPs `eips`
/// (ids, sorted) and no SNAT entry.
pub fn nat_without_snat(gateway: &str, eips: &[&str]) -> Finding {
    Finding::new(
        Code::NatWithoutSnat,
        gateway,
        format!(
            "Internet NAT gateway {gateway} has the EIP {} and no SNAT entry: nothing behind it reaches the internet",
            eips.join(", ")
        ),
    )
    .with_related(eips.iter().map(|e| e.to_string()))
    .with_fix(format!(
        "create a SNAT entry on {gateway} for each vSwitch that needs the internet (such as the resource group's), translating to {}",
        eips.first().copied().unwrap_or_default()
    ))
}

/// `cen-bandwidth-missing`: basic-edition CEN `cen` has no bandwidth between
/// regions `a` and `b`; `pairs` (group, data source) are blocked by it.
pub fn cen_bandwidth_missing(cen: &str, a: &str, b: &str, pairs: &[(&str, &str)]) -> Finding {
    let mut message = format!(
        "basic-edition CEN {cen} has no bandwidth between {a} and {b}: their networks do not reach each other"
    );
    if pairs.is_empty() {
        message.push_str("; no pair is affected yet");
    } else {
        message.push_str(&format!(
            "; blocks {}",
            pairs_text(pairs, BANDWIDTH_PAIRS_NAMED)
        ));
    }
    Finding::new(Code::CenBandwidthMissing, cen, message).with_fix(format!(
        "buy a bandwidth package for {cen} and assign an inter-region bandwidth between {a} and {b} (cens[].bandwidths)"
    ))
}

/// A resource nothing uses.
#[derive(Debug, Clone, Copy)]
pub enum Unused<'a> {
    /// A NAT gateway no route points at.
    NatGateway(&'a str),
    /// A peering between VPCs `a` and `b` that no route uses.
    Peering {
        peering: &'a str,
        a: &'a str,
        b: &'a str,
    },
    /// A transit-router attachment neither associated nor propagating.
    Attachment { attachment: &'a str, tr: &'a str },
    /// An EIP bound to nothing.
    Eip { eip: &'a str, ip: std::net::IpAddr },
    /// A custom route table bound to no vSwitch.
    RouteTable(&'a str),
}

/// `unused-resource`: a resource nothing uses, and how to use or release it.
pub fn unused_resource(unused: Unused<'_>) -> Finding {
    let (id, message, fix) = match unused {
        Unused::NatGateway(id) => (
            id,
            format!("no route points at NAT gateway {id}"),
            format!("add a route (0.0.0.0/0 for internet access) -> {id} to the route table of the vSwitches that need it, or release {id}"),
        ),
        Unused::Peering { peering, a, b } => (
            peering,
            format!("no route uses peering {peering} ({a} <-> {b})"),
            format!("add routes to the peer's CIDRs -> {peering} in the route tables of {a} and {b}, or delete {peering}"),
        ),
        Unused::Attachment { attachment, tr } => (
            attachment,
            format!("attachment {attachment} is associated with no route table of {tr} and propagates into none"),
            format!("associate {attachment} with a route table of {tr} and let it propagate there, or delete it"),
        ),
        Unused::Eip { eip, ip } => (
            eip,
            format!("EIP {eip} ({ip}) is bound to nothing"),
            format!("bind {eip} to the NAT gateway or instance that needs it (AssociateEipAddress), or release it"),
        ),
        Unused::RouteTable(id) => (
            id,
            format!("custom route table {id} is bound to no vSwitch"),
            format!("bind {id} to the vSwitches it is meant for (AssociateRouteTable), or delete it"),
        ),
    };
    Finding::new(Code::UnusedResource, id, message).with_fix(fix)
}

/// `learned-route-differs`: the exported learned route `destination` ->
/// `written` in `table` differs from the route `attachment` synchronizes.
pub fn learned_route_differs(
    table: &str,
    destination: Ipv4Net,
    written: &[String],
    attachment: &str,
) -> Finding {
    Finding::new(
        Code::LearnedRouteDiffers,
        table,
        format!(
            "exported learned route {destination} -> {} in {table} differs from the route synchronized by {attachment} (-> {attachment}); the exported one is used",
            written.join(", ")
        ),
    )
    .with_related([attachment.to_string()])
}
