//! The DataWorks connectivity scenario of a pair (semantics S6.2, S8.14) and what each
//! scenario's documented solution needs.

use std::fmt;

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::model::ResourceGroupType;
use crate::validate::{Binding, DataSource, DsLocation, ResourceGroup, ValidInventory};

/// A DataWorks connectivity scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, JsonSchema)]
#[schemars(with = "String")]
pub enum Scenario {
    /// The data source is in the group's bound VPC.
    SameVpc,
    /// 1: same account, same region, another VPC.
    SameRegion,
    /// 2: same account, different regions.
    CrossRegion,
    /// 3: different accounts.
    CrossAccount,
    /// 4: self-hosted on ECS.
    Ecs,
    /// 5: in an on-premises data center.
    DataCenter,
    /// 6: on the internet.
    Internet,
    /// On the classic network.
    Classic,
}

impl Scenario {
    /// The report spelling: `same-vpc`, `1` … `6`, `classic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::SameVpc => "same-vpc",
            Scenario::SameRegion => "1",
            Scenario::CrossRegion => "2",
            Scenario::CrossAccount => "3",
            Scenario::Ecs => "4",
            Scenario::DataCenter => "5",
            Scenario::Internet => "6",
            Scenario::Classic => "classic",
        }
    }

    /// A short title.
    pub fn title(self) -> &'static str {
        match self {
            Scenario::SameVpc => "same VPC",
            Scenario::SameRegion => "same account and region",
            Scenario::CrossRegion => "other region",
            Scenario::CrossAccount => "other account",
            Scenario::Ecs => "self-hosted on ECS",
            Scenario::DataCenter => "on-premises data center",
            Scenario::Internet => "internet",
            Scenario::Classic => "classic network",
        }
    }

    /// What the scenario's documented solution needs.
    pub fn solution(self) -> &'static str {
        match self {
            Scenario::SameVpc => "the data source's whitelist or security group must admit the resource group's vSwitch CIDR",
            Scenario::SameRegion => "join the two VPCs with VPC peering or a transit router, route both ways (each VPC's table to the other, the resource group's route list to the data source), and whitelist the resource group's vSwitch CIDR",
            Scenario::CrossRegion => "a transit router in each region with an inter-region connection (or cross-region peering), routes both ways, a resource-group route and a whitelist entry",
            Scenario::CrossAccount => "peering (accepted by the other account) or a transit-router attachment granted across accounts, routes both ways, a resource-group route and a whitelist entry for the resource group's vSwitch CIDR",
            Scenario::Ecs => "a path to the instance's VPC as in scenarios 1 to 3, and an ingress accept rule for the resource group's vSwitch CIDR on the database port in the instance's security group",
            Scenario::DataCenter => "Express Connect (VBR with a transit router) or a VPN gateway, a VPC route to the data-center CIDR, a resource-group route, and a return route in the data center for the resource group's vSwitch CIDR",
            Scenario::Internet => "an Internet NAT gateway with an EIP in the bound VPC, a 0.0.0.0/0 route to it, a SNAT entry for the resource group's vSwitch, and the EIP in the data source's whitelist",
            Scenario::Classic => "migrate the data source to a VPC; classic-network endpoints cannot be reached from VPC resource groups",
        }
    }

    /// What the scenario's documented solution needs for a group of type
    /// `kind`: old-version groups reach the internet over their default EIP
    /// (semantics S9.2), never through a NAT gateway.
    pub fn solution_for(self, kind: ResourceGroupType) -> &'static str {
        if self == Scenario::Internet && kind != ResourceGroupType::Serverless {
            "the old-version resource group's default EIP (its public_ip) in the data source's whitelist; no NAT gateway is needed"
        } else {
            self.solution()
        }
    }

    /// Classifies a pair for one binding: the first that applies in the order
    /// classic, 6, 5, 4, same-vpc, 3, 2, 1.
    pub fn classify(
        v: &ValidInventory,
        rg: &ResourceGroup,
        binding: Option<&Binding>,
        ds: &DataSource,
    ) -> Scenario {
        let ds_vpc = match ds.location {
            DsLocation::Classic => return Scenario::Classic,
            DsLocation::Internet => return Scenario::Internet,
            DsLocation::DataCenter(_) => return Scenario::DataCenter,
            DsLocation::Ecs(_) => return Scenario::Ecs,
            DsLocation::Vpc(vpc, _) => vpc,
        };
        if binding.is_some_and(|b| b.vpc == ds_vpc) {
            return Scenario::SameVpc;
        }
        // semantics S8.14: the group's account, else its binding VPC's; the data source's
        // account was resolved by validation. An account nobody wrote is the
        // implicit one; where only one side names an account there is no
        // evidence of two accounts, and the pair is not classified as 3.
        let rg_account = rg.account.clone().or_else(|| {
            binding
                .and_then(|b| v.vpcs.lookup(b.vpc))
                .and_then(|p| p.account.clone())
        });
        if let (Some(group), Some(source)) = (&rg_account, &ds.account) {
            if group != source {
                return Scenario::CrossAccount;
            }
        }
        let ds_region = v.vpcs.lookup(ds_vpc).map(|p| p.region.as_str());
        if ds_region != Some(rg.region.as_str()) {
            return Scenario::CrossRegion;
        }
        Scenario::SameRegion
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Scenario {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
