//! The native inventory, version 1, as serde types: the input contract of
//! `docs/inventory.md`, and what the importers write.
//!
//! These types hold exactly what the file says and nothing more: CIDRs and
//! addresses stay strings here (so that every bad one can be reported with its
//! JSON path, not only the first), references stay ids. `validate` turns an
//! [`Inventory`] into a `ValidInventory`. Every struct rejects unknown fields,
//! so a typo is an input error, never silently ignored. The JSON Schema in
//! `schemas/inventory.v1.schema.json` is generated from these types.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod compute;
mod dataworks;
mod hybrid;
mod network;
mod transit;

pub use compute::*;
pub use dataworks::*;
pub use hybrid::*;
pub use network::*;
pub use transit::*;

/// Free-form `key: value` tags, as on Alibaba Cloud resources.
pub type Tags = BTreeMap<String, String>;

/// A whole inventory: one file, or several files merged (lists concatenated).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "netreach native inventory, version 1")]
pub struct Inventory {
    /// Format version; must be `1`.
    pub version: u32,
    /// Alibaba Cloud accounts (optional; resources name their account by id).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
    /// VPCs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpcs: Vec<Vpc>,
    /// vSwitches (subnets).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vswitches: Vec<VSwitch>,
    /// VPC route tables, system and custom. System routes are implied, never written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<RouteTable>,
    /// VPC peering connections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peering_connections: Vec<PeeringConnection>,
    /// Cloud Enterprise Network instances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cens: Vec<Cen>,
    /// Enterprise-edition transit routers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_routers: Vec<TransitRouter>,
    /// Transit-router attachments (VPC, VBR, VPN, inter-region peer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tr_attachments: Vec<TrAttachment>,
    /// Transit-router route tables with their associations and propagations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tr_route_tables: Vec<TrRouteTable>,
    /// NAT gateways (Internet and VPC).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nat_gateways: Vec<NatGateway>,
    /// Elastic IP addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eips: Vec<Eip>,
    /// VPN gateways.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpn_gateways: Vec<VpnGateway>,
    /// Customer gateways (the on-premises VPN devices).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_gateways: Vec<CustomerGateway>,
    /// IPsec-VPN connections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpn_connections: Vec<VpnConnection>,
    /// Virtual border routers (Express Connect).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vbrs: Vec<Vbr>,
    /// Express Connect physical connections (leased lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub physical_connections: Vec<PhysicalConnection>,
    /// On-premises data centers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_centers: Vec<DataCenter>,
    /// ECS instances (hosts of self-managed data sources).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ecs_instances: Vec<EcsInstance>,
    /// Security groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<SecurityGroup>,
    /// DataWorks resource groups: the sources of every check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_groups: Vec<ResourceGroup>,
    /// Data sources: the targets of every check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_sources: Vec<DataSource>,
    /// DataWorks tasks, each checked as a whole (version 1.1, semantics S9.1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

/// Calls the macro `$callback` with every top-level list of [`Inventory`], in
/// the order of the spec, as `field: ElementType` pairs:
///
/// ```text
/// $callback! { accounts: Account, vpcs: Vpc, …, data_sources: DataSource }
/// ```
///
/// This is the one place that names the lists: [`LIST_KEYS`], the native
/// loader, the importers' sorting and counting, and `validate`'s id collection
/// all expand from it, and a compile-time check below makes sure it names every
/// list field of [`Inventory`] with its element type. To add a list, add the
/// field to [`Inventory`] and a line here.
macro_rules! for_each_list {
    ($callback:ident) => {
        $callback! {
            accounts: Account,
            vpcs: Vpc,
            vswitches: VSwitch,
            route_tables: RouteTable,
            peering_connections: PeeringConnection,
            cens: Cen,
            transit_routers: TransitRouter,
            tr_attachments: TrAttachment,
            tr_route_tables: TrRouteTable,
            nat_gateways: NatGateway,
            eips: Eip,
            vpn_gateways: VpnGateway,
            customer_gateways: CustomerGateway,
            vpn_connections: VpnConnection,
            vbrs: Vbr,
            physical_connections: PhysicalConnection,
            data_centers: DataCenter,
            ecs_instances: EcsInstance,
            security_groups: SecurityGroup,
            resource_groups: ResourceGroup,
            data_sources: DataSource,
            tasks: Task,
        }
    };
}
pub(crate) use for_each_list;

macro_rules! list_keys {
    ($($list:ident: $element:ident),* $(,)?) => {
        /// The top-level list keys, in the order of the spec. `validate` and the loader
        /// use this one list so that a new key cannot be forgotten in one of them.
        pub const LIST_KEYS: [&str; [$(stringify!($list)),*].len()] = [$(stringify!($list)),*];

        // Fails to compile if `for_each_list!` misses a list field of `Inventory`
        // (the pattern has no `..`) or gives a wrong element type.
        const _: fn(Inventory) = |inventory| {
            let Inventory { version: _, $($list),* } = inventory;
            $(let _: Vec<$element> = $list;)*
        };
    };
}
for_each_list!(list_keys);

/// An Alibaba Cloud account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Account id (the Alibaba Cloud UID).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Tags>,
}
