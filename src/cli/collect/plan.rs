//! What `collect aliyun` calls: the APIs `import aliyun` reads, how each one
//! pages, where its items are, and which per-resource calls its items lead to.
//! Pure: a [`Call`] in, its argv and file name out; a response body in, the
//! calls that follow from it out. The runner in `super` does the I/O.

use serde_json::Value;

/// How an API pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `PageNumber` / `PageSize`, the response says `TotalCount` (or
    /// `TotalRecordCount`, or `PagingInfo.TotalCount`).
    Number {
        /// The page size asked for: the largest the API accepts.
        size: u32,
    },
    /// `NextToken` and a page-size parameter (`MaxResults`, or `MaxResult` for
    /// DescribeRouteEntryList); the last page has an empty `NextToken`.
    Token {
        /// The name of the page-size parameter.
        param: &'static str,
        /// The page size asked for.
        size: u32,
    },
    /// One response (a `NextToken` in it is still followed).
    Single,
}

/// One API of the plan.
#[derive(Debug, PartialEq, Eq)]
pub struct Api {
    /// The aliyun CLI product code (`vpc`, `cbn`, `dataworks-public`, …).
    pub product: &'static str,
    /// The API name, PascalCase.
    pub name: &'static str,
    /// How it pages.
    pub paging: Paging,
    /// The path of its collection in the response.
    pub items: &'static [&'static str],
    /// The RAM action that allows it (`vpc:DescribeVpcs`).
    pub action: &'static str,
}

macro_rules! api {
    ($product:literal, $name:literal, $paging:expr, [$($item:literal),*], $action:literal) => {
        Api {
            product: $product,
            name: $name,
            paging: $paging,
            items: &[$($item),*],
            action: $action,
        }
    };
}

const fn number(size: u32) -> Paging {
    Paging::Number { size }
}

const fn token(size: u32) -> Paging {
    Paging::Token {
        param: "MaxResults",
        size,
    }
}

/// Every API `collect` may call, in the order of the documentation.
pub static APIS: &[Api] = &[
    api!(
        "vpc",
        "DescribeRegions",
        Paging::Single,
        ["Regions", "Region"],
        "vpc:DescribeRegions"
    ),
    api!(
        "vpc",
        "DescribeVpcs",
        number(50),
        ["Vpcs", "Vpc"],
        "vpc:DescribeVpcs"
    ),
    api!(
        "vpc",
        "DescribeVSwitches",
        number(50),
        ["VSwitches", "VSwitch"],
        "vpc:DescribeVSwitches"
    ),
    api!(
        "vpc",
        "DescribeRouteTableList",
        number(50),
        ["RouterTableList", "RouterTableListType"],
        "vpc:DescribeRouteTableList"
    ),
    api!(
        "vpc",
        "DescribeRouteEntryList",
        Paging::Token {
            param: "MaxResult",
            size: 100
        },
        ["RouteEntrys", "RouteEntry"],
        "vpc:DescribeRouteEntryList"
    ),
    api!(
        "vpc",
        "DescribeNatGateways",
        number(50),
        ["NatGateways", "NatGateway"],
        "vpc:DescribeNatGateways"
    ),
    api!(
        "vpc",
        "DescribeSnatTableEntries",
        number(50),
        ["SnatTableEntries", "SnatTableEntry"],
        "vpc:DescribeSnatTableEntries"
    ),
    api!(
        "vpc",
        "DescribeEipAddresses",
        number(100),
        ["EipAddresses", "EipAddress"],
        "vpc:DescribeEipAddresses"
    ),
    api!(
        "vpc",
        "DescribeVirtualBorderRouters",
        number(50),
        ["VirtualBorderRouterSet", "VirtualBorderRouterType"],
        "vpc:DescribeVirtualBorderRouters"
    ),
    api!(
        "vpc",
        "DescribePhysicalConnections",
        number(50),
        ["PhysicalConnectionSet", "PhysicalConnectionType"],
        "vpc:DescribePhysicalConnections"
    ),
    api!(
        "vpc",
        "DescribeVpnGateways",
        number(50),
        ["VpnGateways", "VpnGateway"],
        "vpc:DescribeVpnGateways"
    ),
    api!(
        "vpc",
        "DescribeVpnConnections",
        number(50),
        ["VpnConnections", "VpnConnection"],
        "vpc:DescribeVpnConnections"
    ),
    api!(
        "vpc",
        "DescribeCustomerGateways",
        number(50),
        ["CustomerGateways", "CustomerGateway"],
        "vpc:DescribeCustomerGateways"
    ),
    api!(
        "vpcpeer",
        "ListVpcPeerConnections",
        token(100),
        ["VpcPeerConnects"],
        "vpcpeer:ListVpcPeerConnections"
    ),
    api!(
        "cbn",
        "DescribeCens",
        number(50),
        ["Cens", "Cen"],
        "cen:DescribeCens"
    ),
    api!(
        "cbn",
        "DescribeCenAttachedChildInstances",
        number(50),
        ["ChildInstances", "ChildInstance"],
        "cen:DescribeCenAttachedChildInstances"
    ),
    api!(
        "cbn",
        "DescribeCenBandwidthPackages",
        number(50),
        ["CenBandwidthPackages", "CenBandwidthPackage"],
        "cen:DescribeCenBandwidthPackages"
    ),
    api!(
        "cbn",
        "DescribeCenInterRegionBandwidthLimits",
        number(50),
        [
            "CenInterRegionBandwidthLimits",
            "CenInterRegionBandwidthLimit"
        ],
        "cen:DescribeCenInterRegionBandwidthLimits"
    ),
    api!(
        "cbn",
        "ListTransitRouters",
        number(50),
        ["TransitRouters"],
        "cen:ListTransitRouters"
    ),
    api!(
        "cbn",
        "ListTransitRouterVpcAttachments",
        token(100),
        ["TransitRouterAttachments"],
        "cen:ListTransitRouterVpcAttachments"
    ),
    api!(
        "cbn",
        "ListTransitRouterVbrAttachments",
        token(100),
        ["TransitRouterAttachments"],
        "cen:ListTransitRouterVbrAttachments"
    ),
    api!(
        "cbn",
        "ListTransitRouterVpnAttachments",
        token(100),
        ["TransitRouterAttachments"],
        "cen:ListTransitRouterVpnAttachments"
    ),
    api!(
        "cbn",
        "ListTransitRouterPeerAttachments",
        token(100),
        ["TransitRouterAttachments"],
        "cen:ListTransitRouterPeerAttachments"
    ),
    api!(
        "cbn",
        "ListTransitRouterRouteTables",
        token(100),
        ["TransitRouterRouteTables"],
        "cen:ListTransitRouterRouteTables"
    ),
    api!(
        "cbn",
        "ListTransitRouterRouteEntries",
        token(100),
        ["TransitRouterRouteEntries"],
        "cen:ListTransitRouterRouteEntries"
    ),
    api!(
        "cbn",
        "ListTransitRouterRouteTableAssociations",
        token(100),
        ["TransitRouterAssociations"],
        "cen:ListTransitRouterRouteTableAssociations"
    ),
    api!(
        "cbn",
        "ListTransitRouterRouteTablePropagations",
        token(100),
        ["TransitRouterPropagations"],
        "cen:ListTransitRouterRouteTablePropagations"
    ),
    api!(
        "ecs",
        "DescribeInstances",
        number(100),
        ["Instances", "Instance"],
        "ecs:DescribeInstances"
    ),
    api!(
        "ecs",
        "DescribeSecurityGroups",
        number(50),
        ["SecurityGroups", "SecurityGroup"],
        "ecs:DescribeSecurityGroups"
    ),
    api!(
        "ecs",
        "DescribeSecurityGroupAttribute",
        Paging::Single,
        ["Permissions", "Permission"],
        "ecs:DescribeSecurityGroupAttribute"
    ),
    api!(
        "rds",
        "DescribeDBInstances",
        number(100),
        ["Items", "DBInstance"],
        "rds:DescribeDBInstances"
    ),
    api!(
        "rds",
        "DescribeDBInstanceNetInfo",
        Paging::Single,
        ["DBInstanceNetInfos", "DBInstanceNetInfo"],
        "rds:DescribeDBInstanceNetInfo"
    ),
    api!(
        "rds",
        "DescribeDBInstanceIPArrayList",
        Paging::Single,
        ["Items", "DBInstanceIPArray"],
        "rds:DescribeDBInstanceIPArrayList"
    ),
    api!(
        "dataworks-public",
        "ListResourceGroups",
        number(100),
        ["PagingInfo", "ResourceGroupList"],
        "dataworks:ListResourceGroups"
    ),
    api!(
        "dataworks-public",
        "ListNetworks",
        number(100),
        ["PagingInfo", "NetworkList"],
        "dataworks:ListNetworks"
    ),
    api!(
        "dataworks-public",
        "ListRoutes",
        number(100),
        ["PagingInfo", "RouteList"],
        "dataworks:ListRoutes"
    ),
    api!(
        "dataworks-public",
        "ListProjects",
        number(100),
        ["PagingInfo", "Projects"],
        "dataworks:ListProjects"
    ),
    api!(
        "dataworks-public",
        "ListDataSources",
        number(100),
        ["PagingInfo", "DataSources"],
        "dataworks:ListDataSources"
    ),
];

/// The APIs called once per region, with no resource id.
const REGIONAL: &[&str] = &[
    "DescribeVpcs",
    "DescribeVSwitches",
    "DescribeRouteTableList",
    "DescribeNatGateways",
    "DescribeEipAddresses",
    "DescribeVirtualBorderRouters",
    "DescribePhysicalConnections",
    "DescribeVpnGateways",
    "DescribeVpnConnections",
    "DescribeCustomerGateways",
    "ListVpcPeerConnections",
    "DescribeInstances",
    "DescribeSecurityGroups",
    "DescribeDBInstances",
    "ListResourceGroups",
    "ListProjects",
];

/// The APIs called once for the account (CEN is global).
const GLOBAL: &[&str] = &["DescribeCens", "DescribeCenBandwidthPackages"];

/// The API of that name.
pub fn api(name: &str) -> Option<&'static Api> {
    APIS.iter().find(|api| api.name == name)
}

/// One call of the aliyun CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The API.
    pub api: &'static Api,
    /// The region the call is about; `None` for the account-wide CEN APIs.
    pub region: Option<String>,
    /// The region passed as `--region` (global calls pass the first region).
    pub region_flag: Option<String>,
    /// The resource parameter (`--RouteTableId vtb-…`), if any.
    pub resource: Option<(&'static str, String)>,
    /// The page number (1 for the first page of any API).
    pub page: u32,
    /// The `NextToken` of this page.
    pub token: Option<String>,
}

impl Call {
    /// The first page of `api` in `region`.
    pub fn new(api: &'static Api, region: Option<String>, region_flag: Option<String>) -> Call {
        Call {
            api,
            region,
            region_flag,
            resource: None,
            page: 1,
            token: None,
        }
    }

    /// The arguments after `aliyun`.
    pub fn args(&self, profile: Option<&str>) -> Vec<String> {
        let mut args = vec![self.api.product.to_string(), self.api.name.to_string()];
        let mut flag = |name: &str, value: String| {
            args.push(format!("--{name}"));
            args.push(value);
        };
        if let Some(region) = &self.region_flag {
            flag("region", region.clone());
        }
        if let Some((name, value)) = &self.resource {
            flag(name, value.clone());
        }
        match self.api.paging {
            Paging::Number { size } => {
                flag("PageNumber", self.page.to_string());
                flag("PageSize", size.to_string());
            }
            Paging::Token { param, size } => flag(param, size.to_string()),
            Paging::Single => {}
        }
        if let Some(token) = &self.token {
            flag("NextToken", token.clone());
        }
        if let Some(profile) = profile {
            flag("profile", profile.to_string());
        }
        args
    }

    /// The file of the response, relative to the output directory:
    /// `<region or global>/<Api>[.<resource id>].p<page>.json`. The resource id
    /// in the name is what ties a per-resource response to its resource.
    pub fn file(&self) -> String {
        let dir = self.region.as_deref().unwrap_or("global");
        let resource = self
            .resource
            .as_ref()
            .map(|(_, id)| format!(".{}", safe(id)))
            .unwrap_or_default();
        format!(
            "{}/{}{resource}.p{}.json",
            safe(dir),
            self.api.name,
            self.page
        )
    }
}

/// A file-name-safe spelling of an id taken from a response.
fn safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_start_matches('.')
        .to_string()
}

/// The first calls: every regional API in every region, the global ones once.
pub fn first_calls(regions: &[String]) -> Vec<Call> {
    let mut calls = Vec::new();
    let first = regions.first().cloned();
    for name in GLOBAL {
        if let Some(api) = api(name) {
            calls.push(Call::new(api, None, first.clone()));
        }
    }
    for region in regions {
        for name in REGIONAL {
            if let Some(api) = api(name) {
                calls.push(Call::new(api, Some(region.clone()), Some(region.clone())));
            }
        }
    }
    calls
}

/// The array at `path` in `body`.
pub fn items<'a>(body: &'a Value, path: &[&str]) -> Option<&'a Vec<Value>> {
    let mut at = body;
    for key in path {
        at = at.get(*key)?;
    }
    at.as_array()
}

fn count(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An id that may be a string or a number (DataWorks ids are numbers).
fn id(item: &Value, key: &str) -> Option<String> {
    match item.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The calls that follow from a successful response: its next page, and the
/// per-resource calls its items lead to.
pub fn follow(call: &Call, body: &Value) -> Vec<Call> {
    let mut next = Vec::new();
    let list = items(body, call.api.items);
    let read = list.map_or(0, Vec::len);
    // the next page
    let token = body
        .get("NextToken")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty());
    match call.api.paging {
        Paging::Number { size } => {
            let inner = call.api.items.first().and_then(|first| body.get(*first));
            let total = count(body.get("TotalCount"))
                .or_else(|| count(body.get("TotalRecordCount")))
                .or_else(|| count(inner.and_then(|i| i.get("TotalCount"))));
            let size = count(body.get("PageSize"))
                .or_else(|| count(inner.and_then(|i| i.get("PageSize"))))
                .filter(|s| *s > 0)
                .unwrap_or(u64::from(size));
            if let Some(total) = total {
                if read > 0 && u64::from(call.page) * size < total {
                    next.push(Call {
                        page: call.page + 1,
                        ..call.clone()
                    });
                }
            }
        }
        Paging::Token { .. } | Paging::Single => {
            if let Some(token) = token {
                if call.token.as_deref() != Some(token) {
                    next.push(Call {
                        page: call.page + 1,
                        token: Some(token.to_string()),
                        ..call.clone()
                    });
                }
            }
        }
    }
    let Some(list) = list else {
        return next;
    };
    let per = |api_name: &str, param: &'static str, value: String, region: Option<String>| {
        let api = api(api_name)?;
        let region_flag = region.clone().or_else(|| call.region_flag.clone());
        Some(Call {
            resource: Some((param, value)),
            ..Call::new(api, region.or_else(|| call.region.clone()), region_flag)
        })
    };
    let same = || call.region.clone();
    for item in list {
        let mut add = |api_name: &str, param: &'static str, value: Option<String>, region| {
            if let Some(value) = value {
                next.extend(per(api_name, param, value, region));
            }
        };
        let own = |key: &str| text(item, key).map(str::to_string);
        match call.api.name {
            "DescribeRouteTableList" => add(
                "DescribeRouteEntryList",
                "RouteTableId",
                own("RouteTableId"),
                same(),
            ),
            "DescribeVirtualBorderRouters" => add(
                "DescribeRouteEntryList",
                "RouteTableId",
                own("RouteTableId"),
                same(),
            ),
            "DescribeNatGateways" => {
                let tables = item
                    .get("SnatTableIds")
                    .and_then(|t| t.get("SnatTableId"))
                    .and_then(Value::as_array);
                for table in tables.into_iter().flatten() {
                    let table = table.as_str().map(str::trim).filter(|t| !t.is_empty());
                    add(
                        "DescribeSnatTableEntries",
                        "SnatTableId",
                        table.map(str::to_string),
                        same(),
                    );
                }
            }
            "DescribeSecurityGroups" => add(
                "DescribeSecurityGroupAttribute",
                "SecurityGroupId",
                own("SecurityGroupId"),
                same(),
            ),
            "DescribeDBInstances" => {
                let instance = own("DBInstanceId");
                add(
                    "DescribeDBInstanceNetInfo",
                    "DBInstanceId",
                    instance.clone(),
                    same(),
                );
                add(
                    "DescribeDBInstanceIPArrayList",
                    "DBInstanceId",
                    instance,
                    same(),
                );
            }
            "ListResourceGroups" => {
                let group = id(item, "Id");
                add("ListNetworks", "ResourceGroupId", group.clone(), same());
                add("ListRoutes", "ResourceGroupId", group, same());
            }
            "ListProjects" => add("ListDataSources", "ProjectId", id(item, "Id"), same()),
            "DescribeCens" => {
                let cen = own("CenId");
                for api_name in [
                    "DescribeCenAttachedChildInstances",
                    "DescribeCenInterRegionBandwidthLimits",
                    "ListTransitRouters",
                ] {
                    add(api_name, "CenId", cen.clone(), None);
                }
            }
            "ListTransitRouters" => {
                let tr = own("TransitRouterId");
                let region = own("RegionId");
                if region.is_some() {
                    for api_name in [
                        "ListTransitRouterRouteTables",
                        "ListTransitRouterVpcAttachments",
                        "ListTransitRouterVbrAttachments",
                        "ListTransitRouterVpnAttachments",
                        "ListTransitRouterPeerAttachments",
                    ] {
                        add(api_name, "TransitRouterId", tr.clone(), region.clone());
                    }
                }
            }
            "ListTransitRouterRouteTables" => {
                let table = own("TransitRouterRouteTableId");
                for api_name in [
                    "ListTransitRouterRouteEntries",
                    "ListTransitRouterRouteTableAssociations",
                    "ListTransitRouterRouteTablePropagations",
                ] {
                    add(api_name, "TransitRouterRouteTableId", table.clone(), same());
                }
            }
            _ => {}
        }
    }
    next
}

/// The regions of a DescribeRegions response, sorted.
pub fn regions(body: &Value) -> Vec<String> {
    let mut regions: Vec<String> = items(body, &["Regions", "Region"])
        .into_iter()
        .flatten()
        .filter_map(|region| text(region, "RegionId").map(str::to_string))
        .collect();
    regions.sort();
    regions.dedup();
    regions
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What `collect` writes, `import aliyun` reads: the collection path of every
    /// API collect calls is one the importer recognizes (the importer's `APIS`
    /// table is the one place that names a collection and its reader).
    #[test]
    fn every_collected_collection_is_one_the_importer_reads() {
        for api in APIS {
            assert!(
                crate::import::aliyun::APIS
                    .iter()
                    .any(|read| read.paths.contains(&api.items)),
                "{} collects {:?}, which `import aliyun` does not read",
                api.name,
                api.items
            );
        }
    }

    #[test]
    fn argv_and_file_of_a_per_resource_page() {
        let api = api("DescribeRouteEntryList").unwrap();
        let call = Call {
            resource: Some(("RouteTableId", "vtb-1".to_string())),
            page: 2,
            token: Some("t2".to_string()),
            ..Call::new(api, Some("cn-beijing".into()), Some("cn-beijing".into()))
        };
        assert_eq!(
            call.args(Some("prod")).join(" "),
            "vpc DescribeRouteEntryList --region cn-beijing --RouteTableId vtb-1 --MaxResult 100 --NextToken t2 --profile prod"
        );
        assert_eq!(
            call.file(),
            "cn-beijing/DescribeRouteEntryList.vtb-1.p2.json"
        );
    }

    #[test]
    fn number_paging_stops_at_the_total() {
        let api = api("DescribeVpcs").unwrap();
        let call = Call::new(api, Some("r".into()), Some("r".into()));
        let body =
            json!({"TotalCount": 51, "PageSize": 50, "PageNumber": 1, "Vpcs": {"Vpc": [{}]}});
        assert_eq!(follow(&call, &body).len(), 1);
        let second = Call { page: 2, ..call };
        assert!(follow(&second, &body).is_empty());
    }

    #[test]
    fn nat_gateways_lead_to_their_snat_tables() {
        let api = api("DescribeNatGateways").unwrap();
        let call = Call::new(api, Some("r".into()), Some("r".into()));
        let body = json!({"TotalCount": 1, "NatGateways": {"NatGateway": [
            {"SnatTableIds": {"SnatTableId": ["stb-1", "stb-2"]}}]}});
        let next = follow(&call, &body);
        let files: Vec<String> = next.iter().map(Call::file).collect();
        assert_eq!(
            files,
            [
                "r/DescribeSnatTableEntries.stb-1.p1.json",
                "r/DescribeSnatTableEntries.stb-2.p1.json"
            ]
        );
    }
}
