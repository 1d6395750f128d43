//! Finding codes: the stable identity of everything netreach reports about a
//! network (semantics S7). Each code has a kebab-case name, a short code, a
//! default severity, a class (blocking, undecided, note, inventory-wide), a
//! one-line summary and a longer explanation that `explain CODE` prints.
//!
//! Invariant: this module decides default severities; renderers never do.
//! Invariant: every finding is built by its code's constructor in [`diags`],
//! so the wording of a code is written once.

mod change;
pub mod diags;
mod explain;

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use change::{patch_all, Change, DocIndex, Remedy, Revoke};
pub use explain::Explanation;

/// How bad a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Breaks a pair, or an inventory error.
    Error,
    /// Undecided verdicts and risks.
    Warning,
    /// Notes.
    Info,
}

impl Severity {
    /// The lowercase name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding does to a pair's verdict (semantics S8.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Makes the pair `unreachable`.
    Blocking,
    /// Makes the pair `unknown` unless something blocks.
    Undecided,
    /// A warning or note on a pair; does not change the verdict.
    Note,
    /// Inventory-wide (audit).
    Inventory,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $short:literal, $severity:ident, $class:ident, $summary:literal; )*) => {
        /// A finding code of semantics S7.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of the semantics page.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The short code (`R101`, …).
            pub fn short(self) -> &'static str {
                match self { $(Code::$variant => $short,)* }
            }

            /// The default severity.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What the code does to a verdict.
            pub fn class(self) -> Class {
                match self { $(Code::$variant => Class::$class,)* }
            }

            /// A one-line summary.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    ClassicNetwork = "classic-network", "R101", Error, Blocking, "the data source is on the classic network, which no VPC resource group can reach";
    RgRouteMissing = "rg-route-missing", "R102", Error, Blocking, "the resource group's own route list does not cover the destination";
    NoRoute = "no-route", "R103", Error, Blocking, "a route table has no route for the destination";
    RouteBlackhole = "route-blackhole", "R104", Error, Blocking, "a transit-router route drops the traffic (blackhole)";
    PeeringInactive = "peering-inactive", "R105", Error, Blocking, "the path uses a VPC peering connection that is not activated";
    PeeringNotTransitive = "peering-not-transitive", "R106", Error, Blocking, "traffic that arrived over a peering would have to leave the VPC again";
    TrAttachmentInactive = "tr-attachment-inactive", "R107", Error, Blocking, "the path uses a transit-router attachment that is not attached";
    TrAttachmentNotAssociated = "tr-attachment-not-associated", "R108", Error, Blocking, "a transit-router attachment is associated with no route table";
    InterRegionMissing = "inter-region-missing", "R109", Error, Blocking, "no inter-region connection joins the two regions of the CEN";
    SnatMissing = "snat-missing", "R110", Error, Blocking, "no SNAT entry of the NAT gateway covers the source range";
    SnatIpInvalid = "snat-ip-invalid", "R111", Error, Blocking, "a SNAT entry translates to an address the gateway does not own";
    NoPublicSource = "no-public-source", "R112", Error, Blocking, "traffic would reach the internet with a private source address";
    LinkDown = "link-down", "R113", Error, Blocking, "a VBR, physical connection or VPN connection on the path is down";
    RoutingLoop = "routing-loop", "R114", Error, Blocking, "the path loops, or is longer than 64 hops";
    WrongDestination = "wrong-destination", "R115", Error, Blocking, "traffic is delivered to another network that holds the same address";
    WhitelistMissing = "whitelist-missing", "R116", Error, Blocking, "the data source's whitelist admits none of the source addresses";
    WhitelistPartial = "whitelist-partial", "R117", Error, Blocking, "the data source's whitelist admits only part of the source range";
    SecurityGroupDenied = "security-group-denied", "R118", Error, Blocking, "the security groups do not admit the whole source range on the port";
    ReturnRouteMissing = "return-route-missing", "R119", Error, Blocking, "replies for (part of) the source range have no route back";
    VpnPolicyMismatch = "vpn-policy-mismatch", "R120", Error, Blocking, "a VPN connection holds the destination in its remote CIDRs but not the whole source in its local CIDRs";
    ApplianceNotModelled = "appliance-not-modelled", "U201", Warning, Undecided, "the path goes through an appliance netreach does not model";
    RouteConflict = "route-conflict", "U202", Warning, Undecided, "two attachments propagate the same prefix into a transit-router table";
    Ipv6NotAnalysed = "ipv6-not-analysed", "U203", Warning, Undecided, "the data source has an IPv6 address; v1 analysis is IPv4 only";
    LeavesModel = "leaves-model", "U204", Warning, Undecided, "traffic crosses a connection with no known data center behind it";
    PublicIpUnknown = "public-ip-unknown", "U205", Warning, Undecided, "an old-version resource group's public address is unknown, so the whitelist cannot be checked";
    WhitelistUnknown = "whitelist-unknown", "W301", Warning, Note, "the data source's whitelist is not in the inventory, so it was not checked";
    RgRoutesUnknown = "rg-routes-unknown", "W302", Warning, Note, "the resource group binding's route list is not in the inventory";
    WhitelistOpen = "whitelist-open", "W303", Warning, Note, "a whitelist admits every address (0.0.0.0/0)";
    InterRegionTestBandwidth = "inter-region-test-bandwidth", "W304", Warning, Note, "an inter-region connection has no bandwidth (1 Kbps, for tests only)";
    BindingUnreachable = "binding-unreachable", "W305", Warning, Note, "a reachable pair's resource group has another binding that cannot reach the data source";
    AsymmetricPath = "asymmetric-path", "I401", Info, Note, "the return path crosses different hops from the forward path";
    OnPremisesFirewallNotModelled = "on-premises-firewall-not-modelled", "I402", Info, Note, "on-premises firewalls are not modelled";
    LearnedRouteDiffers = "learned-route-differs", "I403", Info, Note, "an exported learned route differs from the route netreach derives";
    CidrOverlap = "cidr-overlap", "A501", Error, Inventory, "two networks that exchange routes have overlapping ranges";
    VswitchOutsideVpc = "vswitch-outside-vpc", "A502", Error, Inventory, "a vSwitch CIDR lies outside every CIDR of its VPC";
    VswitchOverlap = "vswitch-overlap", "A503", Error, Inventory, "two vSwitches of one VPC overlap";
    RouteInsideVswitch = "route-inside-vswitch", "A504", Warning, Inventory, "a written route's destination lies inside a vSwitch CIDR or 100.64.0.0/10";
    UnusedResource = "unused-resource", "A505", Warning, Inventory, "a resource nothing uses";
    NatWithoutSnat = "nat-without-snat", "A506", Warning, Inventory, "an Internet NAT gateway has an EIP but no SNAT entry";
    CenBandwidthMissing = "cen-bandwidth-missing", "A507", Warning, Inventory, "a basic-edition CEN has no bandwidth between two of its regions";
}

impl Code {
    /// Looks a code up by its kebab-case name or its short code (case-insensitive).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| {
            code.as_str().eq_ignore_ascii_case(text) || code.short().eq_ignore_ascii_case(text)
        })
    }

    /// What the code detects, why it matters and how to fix it.
    pub fn explanation(self) -> Explanation {
        explain::explanation(self)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// In the schemas, a code is one of the kebab-case names of [`Code::ALL`], so
/// that a new code shows in `schemas/report.v1.schema.json`.
impl JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
        schemars::json_schema!({
            "description": "A finding code; `netreach explain CODE` says what it means and how to fix it.",
            "type": "string",
            "enum": names
        })
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A finding: a code on a resource, with a message and, where one helps, a fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct Finding {
    /// The code.
    pub code: Code,
    /// The severity (the code's default unless the analysis says otherwise).
    pub severity: Severity,
    /// The id of the resource the finding is about.
    pub resource: String,
    /// What is wrong, in one sentence, naming resources and ranges.
    pub message: String,
    /// Other resources involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// A concrete action that removes the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// How a pair finding can be removed (proved before it is shown, semantics S10).
    #[serde(skip)]
    #[schemars(skip)]
    pub remedy: Option<Remedy>,
}

impl Finding {
    /// A finding with the code's default severity.
    pub fn new(code: Code, resource: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            resource: resource.into(),
            message: message.into(),
            related: Vec::new(),
            fix: None,
            remedy: None,
        }
    }

    /// Adds related resource ids.
    pub fn with_related(mut self, related: impl IntoIterator<Item = String>) -> Finding {
        self.related.extend(related);
        self
    }

    /// Sets the fix.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = Some(fix.into());
        self
    }

    /// Sets the remedy: the candidate changes, most preferred first.
    pub fn with_remedy(mut self, remedy: Remedy) -> Finding {
        self.remedy = Some(remedy);
        self
    }

    /// Sets the remedy to one candidate change.
    pub fn with_change(self, change: Change) -> Finding {
        self.with_remedy(Remedy::one(change))
    }

    /// Sets the remedy to a decision a person must take.
    pub fn with_decision(self, why: impl Into<String>) -> Finding {
        self.with_remedy(Remedy::Decide(why.into()))
    }

    /// Sets the severity.
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}
