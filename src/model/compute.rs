//! The native inventory's ECS instances and security groups.
//! Serde types only, as the module `model` says: no logic.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::*;

/// The status of an ECS instance (informational).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EcsStatus {
    /// Running.
    Running,
    /// Being created.
    Pending,
    /// Starting.
    Starting,
    /// Stopping.
    Stopping,
    /// Stopped.
    Stopped,
}

/// An ECS instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EcsInstance {
    /// Instance id (`i-…`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to the VPC's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The vSwitch.
    pub vswitch: String,
    /// Private addresses, inside the vSwitch CIDR.
    pub private_ips: Vec<String>,
    /// A public address of the instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    /// Security groups of the instance.
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// Instance status (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EcsStatus>,
}

/// A security group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    /// Security group id (`sg-…`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to the VPC's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The VPC.
    pub vpc: String,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<SecurityGroupRule>,
}

/// The direction of a security-group rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RuleDirection {
    /// Inbound.
    Ingress,
    /// Outbound (not used by the analysis: security groups are stateful).
    Egress,
}

/// The action of a security-group rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RulePolicy {
    /// Allow.
    Accept,
    /// Deny; wins a tie of priority.
    Drop,
}

/// The protocol of a security-group rule or a data source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RuleProtocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP.
    Icmp,
    /// Every protocol.
    All,
}

/// A security-group rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupRule {
    /// `ingress` or `egress`.
    pub direction: RuleDirection,
    /// `accept` or `drop`.
    pub policy: RulePolicy,
    /// `tcp`, `udp`, `icmp` or `all`.
    pub protocol: RuleProtocol,
    /// `start/end`, for example `3306/3306`; `-1/-1` means every port.
    pub port_range: String,
    /// Ingress source; absent means every source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_cidr: Option<String>,
    /// Egress destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest_cidr: Option<String>,
    /// 1 (first) to 100 (last).
    pub priority: u32,
}
