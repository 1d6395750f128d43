//! The native inventory's DataWorks resource groups (with their bindings) and data sources
//! (with their location).
//! Serde types only, as the module `model` says: no logic.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::*;

/// The type of a DataWorks resource group.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ResourceGroupType {
    /// Serverless resource group.
    Serverless,
    /// Legacy exclusive resource group for Data Integration.
    ExclusiveDataIntegration,
    /// Legacy exclusive resource group for scheduling.
    ExclusiveScheduling,
    /// Legacy exclusive resource group for DataService Studio.
    ExclusiveDataService,
}

/// A DataWorks resource group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceGroup {
    /// Resource group id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to the binding VPC's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The group type.
    #[serde(rename = "type")]
    pub kind: ResourceGroupType,
    /// Region id.
    pub region: String,
    /// VPC bindings.
    pub networks: Vec<Binding>,
    /// Legacy exclusive groups: the own public egress address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
}

/// A resource group's VPC binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    /// The bound VPC.
    pub vpc: String,
    /// The bound vSwitch (of that VPC).
    pub vswitch: String,
    /// The binding's own route list (DataWorks custom routes); absent: unknown, `[]`: empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<Vec<String>>,
}

/// The transport protocol of a data source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DataSourceProtocol {
    /// TCP (the default).
    Tcp,
    /// UDP.
    Udp,
}

/// A data source: the target of the checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    /// Data source id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
    /// Owning account id (defaults to its VPC's, instance's or data center's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Free text: `mysql`, `polardb`, `postgresql`, `oss`, ….
    #[serde(rename = "type")]
    pub kind: String,
    /// DNS name, if any (never resolved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The address netreach checks.
    pub ip: String,
    /// The port, 1 to 65535.
    pub port: u32,
    /// `tcp` (default) or `udp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<DataSourceProtocol>,
    /// Where the data source is: exactly one variant.
    pub location: Location,
    /// IP whitelist; absent: unknown (not checked), `[]`: nothing allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whitelist: Option<Vec<String>>,
    /// Security groups of the data source itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Vec<String>>,
}

/// Where a data source is: exactly one of the fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// A cloud database or service inside this VPC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
    /// Self-hosted on this ECS instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecs_instance: Option<String>,
    /// On premises, in this data center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_center: Option<String>,
    /// A public endpoint on the internet (`true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet: Option<bool>,
    /// An Alibaba Cloud classic-network endpoint (`true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classic: Option<bool>,
}

/// The type of a DataWorks task (semantics S9.1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TaskType {
    /// A Data Integration synchronization task: a source and, optionally, a destination.
    Sync,
    /// A scheduled node (DataStudio) that reads one data source.
    Schedule,
    /// A DataService Studio API backed by one data source.
    Service,
}

impl TaskType {
    /// The word used in reports: `sync`, `schedule`, `service`.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskType::Sync => "sync",
            TaskType::Schedule => "schedule",
            TaskType::Service => "service",
        }
    }
}

/// A DataWorks task, checked as a whole with its resource group (semantics S9.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Task id (unique across the inventory, like every id).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The task type.
    #[serde(rename = "type")]
    pub kind: TaskType,
    /// The resource group the task runs on (a resource group id).
    pub resource_group: String,
    /// The data source the task reads (a data source id).
    pub source: String,
    /// The data source a `sync` task writes (a data source id); only on `sync` tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
}
