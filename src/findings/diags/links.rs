//! Constructors of the codes the walks raise on transit routers, inter-region
//! connections and the links to data centers (semantics S3.3, S3.7, S8.9): attachment
//! states, blackholes, ambiguous propagations, missing or test-only
//! inter-region connections, links that are down, and connections with no
//! known data center behind them.

use ipnet::Ipv4Net;

use super::{status_text, Scope};
use crate::findings::{Code, Finding, Remedy};
use crate::model::{PhysicalConnectionStatus, TrAttachmentStatus, VbrStatus};

/// `tr-attachment-inactive`: the path uses attachment `attachment` of
/// transit router `tr`, which is not attached.
pub fn tr_attachment_inactive(attachment: &str, status: TrAttachmentStatus, tr: &str) -> Finding {
    let status = status_text(status);
    Finding::new(
        Code::TrAttachmentInactive,
        attachment,
        format!("transit-router attachment {attachment} is {status}, not attached"),
    )
    .with_related([tr.to_string()])
    .with_decision(format!(
        "attachment {attachment} is {status}: wait until it is attached, or create a new attachment to {tr} and associate it"
    ))
}

/// `tr-attachment-not-associated`: traffic enters transit router `tr` from
/// an attachment associated with none of its route tables.
pub fn tr_attachment_not_associated(attachment: &str, tr: &str, remedy: Remedy) -> Finding {
    Finding::new(
        Code::TrAttachmentNotAssociated,
        attachment,
        format!("attachment {attachment} is associated with no route table of {tr}: traffic entering the transit router from it is dropped"),
    )
    .with_related([tr.to_string()])
    .with_remedy(remedy)
}

/// `route-blackhole`: route `prefix` of `table` (on `tr`) drops `part`.
pub fn route_blackhole(
    table: &str,
    tr: &str,
    prefix: Ipv4Net,
    part: Ipv4Net,
    remedy: Remedy,
) -> Finding {
    Finding::new(
        Code::RouteBlackhole,
        table,
        format!("route {prefix} in {table} of {tr} is a blackhole: traffic for {part} is dropped"),
    )
    .with_remedy(remedy)
}

/// How two regions of a CEN lack their inter-region connection.
#[derive(Debug, Clone)]
pub enum MissingLink<'a> {
    /// No connection joins them at all; the remedy buys one.
    None(Remedy),
    /// The peer attachment `attachment` of `local_tr` has no counterpart on
    /// `remote_tr`.
    NoCounterpart {
        attachment: &'a str,
        local_tr: &'a str,
        remote_tr: &'a str,
    },
}

/// `inter-region-missing`: no inter-region connection joins regions `a` and
/// `b` (in id order) of CEN `cen` (semantics S3.7, S8.9).
pub fn inter_region_missing(cen: &str, a: &str, b: &str, link: MissingLink<'_>) -> Finding {
    let finding = Finding::new(
        Code::InterRegionMissing,
        cen,
        format!("no inter-region connection joins {a} and {b} in {cen}"),
    );
    match link {
        MissingLink::None(remedy) => finding.with_remedy(remedy),
        MissingLink::NoCounterpart {
            attachment,
            local_tr,
            remote_tr,
        } => finding
            .with_related([attachment.to_string()])
            .with_decision(format!(
                "create the peer attachment on {remote_tr} naming {local_tr} so that {attachment} has its counterpart (in the CEN console, an inter-region connection)"
            )),
    }
}

/// `inter-region-test-bandwidth`: the inter-region connection between
/// regions `a` and `b` (in id order) of `cen` has no bandwidth. The
/// connection is named by the smaller id of its two peer attachments,
/// `attachment`; `other` is the larger one (semantics S9.7, S9.8), so that
/// both ends give the same finding.
pub fn inter_region_test_bandwidth(
    cen: &str,
    (a, b): (&str, &str),
    attachment: &str,
    other: &str,
    scope: Scope,
) -> Finding {
    let finding = Finding::new(
        Code::InterRegionTestBandwidth,
        attachment,
        format!("the inter-region connection {attachment} between {a} and {b} in {cen} has no bandwidth: 1 Kbps, for connectivity tests only"),
    )
    .with_related([cen.to_string(), other.to_string()]);
    let fix = format!("allocate bandwidth to the inter-region connection {attachment}");
    match scope {
        Scope::Inventory => finding.with_fix(fix),
        Scope::Pair => finding.with_decision(fix),
    }
}

/// What is down on a path.
#[derive(Debug, Clone, Copy)]
pub enum Down<'a> {
    /// A VBR that is not active, on physical connection `pc`.
    Vbr {
        vbr: &'a str,
        status: VbrStatus,
        pc: &'a str,
    },
    /// A physical connection that is not enabled, under VBR `vbr`.
    PhysicalConnection {
        pc: &'a str,
        status: PhysicalConnectionStatus,
        vbr: &'a str,
    },
    /// A VPN connection whose tunnel is not established.
    Vpn { connection: &'a str },
}

/// `link-down`: a VBR, physical connection or VPN connection on the path
/// does not forward.
pub fn link_down(down: Down<'_>) -> Finding {
    // The Express Connect pair: the device that is down, its status line
    // (lowercased whole, as the console's status words are), and both ids.
    let (what, status, vbr, pc) = match down {
        Down::Vpn { connection } => {
            return Finding::new(
                Code::LinkDown,
                connection,
                format!("VPN connection {connection} is down"),
            )
            .with_decision(format!(
                "bring the IPsec tunnel of {connection} up (check the customer gateway and the IKE/IPsec settings)"
            ));
        }
        Down::Vbr { vbr, status, pc } => (
            vbr,
            format!("VBR {vbr} is {status:?}").to_lowercase(),
            vbr,
            pc,
        ),
        Down::PhysicalConnection { pc, status, vbr } => (
            pc,
            format!("physical connection {pc} is {status:?}").to_lowercase(),
            vbr,
            pc,
        ),
    };
    Finding::new(Code::LinkDown, what, format!("{status}; it does not forward"))
        .with_related([vbr.to_string(), pc.to_string()])
        .with_decision(format!(
            "bring {what} back up (VBR active, physical connection enabled): a matter for the carrier or the on-premises team"
        ))
}

/// What a path leaves the model over, with no data center known behind it.
#[derive(Debug, Clone, Copy)]
pub enum Behind<'a> {
    /// A physical connection.
    PhysicalConnection(&'a str),
    /// A VPN connection to customer gateway `customer_gateway`.
    VpnConnection {
        connection: &'a str,
        customer_gateway: &'a str,
    },
}

/// `leaves-model`: traffic for `dest` crosses a connection with no known
/// data center behind it.
pub fn leaves_model(behind: Behind<'_>, dest: Ipv4Net) -> Finding {
    let (id, over, device) = match behind {
        Behind::PhysicalConnection(pc) => (pc, "physical connection", ("physical connection", pc)),
        Behind::VpnConnection {
            connection,
            customer_gateway,
        } => (
            connection,
            "VPN connection",
            ("customer gateway", customer_gateway),
        ),
    };
    Finding::new(
        Code::LeavesModel,
        id,
        format!("traffic for {dest} leaves over {over} {id}, and no data center is known behind it"),
    )
    .with_decision(format!(
        "say which data center is behind {} {} (`data_center` on it, in an overlay), then check again",
        device.0, device.1
    ))
}

/// The two wordings of `route-conflict`.
#[derive(Debug, Clone, Copy)]
pub enum ConflictSeen {
    /// In the routing tables (every pair that needs the prefix is unknown):
    /// the fix is text.
    Routing,
    /// On a pair's path, for the range `part`: the fix is a decision.
    Path { part: Ipv4Net },
}

/// `route-conflict`: `prefix` is propagated into transit-router table
/// `table` by several attachments (`names`), so the route is ambiguous.
pub fn route_conflict(
    table: &str,
    prefix: Ipv4Net,
    names: &[String],
    seen: ConflictSeen,
) -> Finding {
    let joined = names.join(" and ");
    match seen {
        ConflictSeen::Routing => Finding::new(
            Code::RouteConflict,
            table,
            format!("{prefix} is propagated into {table} by {joined}: the route is ambiguous and pairs that need it are unknown"),
        )
        .with_related(names.to_vec())
        .with_fix(format!(
            "remove the overlap (re-address one network), stop one propagation, or add a static route for {prefix} to {table}"
        )),
        ConflictSeen::Path { part } => Finding::new(
            Code::RouteConflict,
            table,
            format!("{prefix} in {table} is propagated by {joined}: which one carries {part} cannot be decided"),
        )
        .with_related(names.to_vec())
        .with_decision(format!(
            "decide which network {prefix} in {table} belongs to: re-address one of the overlapping networks, stop one propagation, or add a static route for {prefix} to {table}"
        )),
    }
}

/// Which side of an IPsec policy a `vpn-policy-mismatch` is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicySide {
    /// Forward: the remote CIDRs hold the destination, the local CIDRs miss
    /// part of the source.
    Local,
    /// Return: the local CIDRs hold the reply's destination, the remote CIDRs
    /// miss the data source's address.
    Remote,
}

/// `vpn-policy-mismatch` (semantics S9.4): VPN connection `connection` holds
/// `dest` on one side of its policy but not `missing` on the other; the
/// remedy adds `cidr` (a whole source network, semantics S10.3) to that side.
pub fn vpn_policy_mismatch(
    connection: &str,
    side: PolicySide,
    dest: Ipv4Net,
    missing: &[Ipv4Net],
    cidr: Ipv4Net,
) -> Finding {
    let missing = super::nets(missing);
    let connection_id = connection.to_string();
    match side {
        PolicySide::Local => Finding::new(
            Code::VpnPolicyMismatch,
            connection,
            format!(
                "VPN connection {connection} holds {dest} in its remote CIDRs but not {missing} in its local CIDRs: that part of the source does not enter the tunnel"
            ),
        )
        .with_change(crate::findings::Change::VpnLocalCidr {
            connection: connection_id,
            cidr,
        }),
        PolicySide::Remote => Finding::new(
            Code::VpnPolicyMismatch,
            connection,
            format!(
                "replies to {dest} enter VPN connection {connection} from {missing}, outside its remote CIDRs: they do not enter the tunnel"
            ),
        )
        .with_change(crate::findings::Change::VpnRemoteCidr {
            connection: connection_id,
            cidr,
        }),
    }
}
