//! Writes a recording for the stand-in `aliyun` (scripts/aliyun-standin.sh):
//! a generated account served page by page, exactly as `netreach collect
//! aliyun` will ask for it (the calls are those of the collector's own plan,
//! walked from the first calls through every page and per-resource call).
//!
//! ```sh
//! cargo run --release --example recording -- DIR [VPCS_PER_REGION] [REGIONS]
//! ```
//!
//! Defaults: 4 regions × 500 VPCs = 2,000 VPCs, 8 vSwitches each (16,000), one
//! system route table each with 25 custom entries (50,000) through a peering to
//! the next VPC of the region, one RDS instance and one serverless resource
//! group per region. Deterministic: the same arguments give the same bytes.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use netreach::cli::collect::plan::{self, Call, Paging};
use serde_json::{json, Value};

const REGIONS: [&str; 8] = [
    "cn-hangzhou",
    "cn-shanghai",
    "cn-beijing",
    "cn-shenzhen",
    "cn-qingdao",
    "cn-zhangjiakou",
    "cn-huhehaote",
    "cn-chengdu",
];
const VSWITCHES: usize = 8;
const ROUTES: usize = 25;

/// The generated account.
struct Account {
    regions: Vec<String>,
    vpcs: usize,
}

impl Account {
    /// The global index of VPC `i` of region `r`.
    fn index(&self, r: usize, i: usize) -> usize {
        r * self.vpcs + i
    }

    /// VPC `n` (global index) has 10.b.c.0/20.
    fn base(n: usize) -> (usize, usize) {
        ((n >> 4) & 255, (n & 15) << 4)
    }

    fn region_of(&self, region: &str) -> Option<usize> {
        self.regions.iter().position(|r| r == region)
    }

    /// The peer of VPC `i` in its region (the next one; the last one's previous).
    fn peer(&self, i: usize) -> usize {
        if i + 1 < self.vpcs {
            i + 1
        } else {
            i.saturating_sub(1)
        }
    }

    /// The peering between VPCs `i` and `i + 1` of region `r`.
    fn peering(&self, r: usize, i: usize) -> String {
        format!("pcc-{:05}", self.index(r, i.min(self.peer(i))))
    }

    /// Every item of the list `call` reads (all pages).
    fn items(&self, call: &Call) -> Vec<Value> {
        let region = call.region.as_deref().unwrap_or_default();
        let Some(r) = self.region_of(region) else {
            return match call.api.name {
                "DescribeRegions" => self
                    .regions
                    .iter()
                    .map(|r| json!({"RegionId": r, "LocalName": r}))
                    .collect(),
                _ => Vec::new(),
            };
        };
        let resource = call
            .resource
            .as_ref()
            .map(|(_, id)| id.as_str())
            .unwrap_or_default();
        match call.api.name {
            "DescribeVpcs" => (0..self.vpcs)
                .map(|i| {
                    let n = self.index(r, i);
                    let (b, c) = Self::base(n);
                    json!({"VpcId": format!("vpc-{n:05}"), "RegionId": region,
                        "CidrBlock": format!("10.{b}.{c}.0/20"), "VpcName": format!("vpc {n}"),
                        "Status": "Available", "RouterTableIds": {"RouterTableIds": [format!("vtb-{n:05}")]}})
                })
                .collect(),
            "DescribeVSwitches" => (0..self.vpcs)
                .flat_map(|i| {
                    let n = self.index(r, i);
                    let (b, c) = Self::base(n);
                    (0..VSWITCHES).map(move |k| {
                        json!({"VSwitchId": format!("vsw-{n:05}-{k}"), "VpcId": format!("vpc-{n:05}"),
                            "ZoneId": format!("{region}-a"), "CidrBlock": format!("10.{b}.{}.0/24", c + k),
                            "Status": "Available",
                            "RouteTable": {"RouteTableId": format!("vtb-{n:05}"), "RouteTableType": "System"}})
                    })
                })
                .collect(),
            "DescribeRouteTableList" => (0..self.vpcs)
                .map(|i| {
                    let n = self.index(r, i);
                    json!({"RouteTableId": format!("vtb-{n:05}"), "VpcId": format!("vpc-{n:05}"),
                        "RouteTableType": "System", "RouterType": "VRouter",
                        "VSwitchIds": {"VSwitchId": (0..VSWITCHES).map(|k| format!("vsw-{n:05}-{k}")).collect::<Vec<_>>()}})
                })
                .collect(),
            "DescribeRouteEntryList" => {
                let Some(i) = resource
                    .strip_prefix("vtb-")
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| n.checked_sub(r * self.vpcs))
                else {
                    return Vec::new();
                };
                // even entries toward the next VPC, odd ones toward the previous
                // (where there is one), each a /25 of the neighbour's vSwitches
                (0..ROUTES)
                    .map(|k| {
                        let (neighbour, peering) = match (k % 2, i) {
                            (1, i) if i > 0 => (i - 1, self.peering(r, i - 1)),
                            _ if i + 1 < self.vpcs => (i + 1, self.peering(r, i)),
                            _ => (i - 1, self.peering(r, i - 1)),
                        };
                        let (b, c) = Self::base(self.index(r, neighbour));
                        // a VPC with one neighbour sends every entry there
                        let half = if i > 0 && i + 1 < self.vpcs { k / 2 } else { k };
                        json!({"RouteTableId": resource, "RouteEntryType": "Custom", "Status": "Available",
                            "DestinationCidrBlock": format!("10.{b}.{}.{}/25", c + half / 2, (half % 2) * 128),
                            "NextHops": {"NextHop": [{"NextHopType": "VpcPeer",
                                "NextHopId": peering, "Enabled": 1}]}})
                    })
                    .collect()
            }
            "ListVpcPeerConnections" => (0..self.vpcs.saturating_sub(1))
                .map(|i| {
                    json!({"InstanceId": self.peering(r, i), "Status": "Activated", "RegionId": region,
                        "Vpc": {"VpcId": format!("vpc-{:05}", self.index(r, i))},
                        "AcceptingVpc": {"VpcId": format!("vpc-{:05}", self.index(r, i + 1))},
                        "AcceptingRegionId": region})
                })
                .collect(),
            "DescribeDBInstances" => vec![json!({"DBInstanceId": format!("rm-db{r:04}x0001"), "Engine": "MySQL"})],
            "DescribeDBInstanceNetInfo" => {
                let n = self.index(r, 1.min(self.vpcs - 1));
                let (b, c) = Self::base(n);
                vec![json!({"ConnectionString": format!("{resource}.mysql.rds.aliyuncs.com"),
                    "IPAddress": format!("10.{b}.{c}.15"), "IPType": "Private", "Port": "3306",
                    "VPCId": format!("vpc-{n:05}"), "ConnectionStringType": "Normal"})]
            }
            "DescribeDBInstanceIPArrayList" => {
                let (b, c) = Self::base(self.index(r, 0));
                vec![json!({"DBInstanceIPArrayName": "default", "SecurityIPList": format!("10.{b}.{c}.0/20")})]
            }
            "ListResourceGroups" => {
                let n = self.index(r, 0);
                vec![json!({"Id": format!("Serverless_res_group_{r}"), "Name": format!("etl {region}"),
                    "ResourceGroupType": "CommonV2", "Status": "Normal",
                    "DefaultVpcId": format!("vpc-{n:05}"), "DefaultVswicthId": format!("vsw-{n:05}-0")})]
            }
            "ListNetworks" => {
                let n = self.index(r, 0);
                vec![json!({"Id": 1000 + r, "ResourceGroupId": resource, "VpcId": format!("vpc-{n:05}"),
                    "VswitchId": format!("vsw-{n:05}-0"), "Status": "Running"})]
            }
            "ListRoutes" => {
                let (b, c) = Self::base(self.index(r, 1.min(self.vpcs - 1)));
                vec![json!({"Id": 2000 + r, "NetworkId": 1000 + r, "ResourceGroupId": resource,
                    "DestinationCidr": format!("10.{b}.{c}.0/20")})]
            }
            _ => Vec::new(),
        }
    }

    /// The response body of `call`: its page of the list, with the paging keys.
    fn respond(&self, call: &Call) -> Value {
        let all = self.items(call);
        let total = all.len();
        let (page, size) = match call.api.paging {
            Paging::Number { size } => (call.page as usize, size as usize),
            Paging::Token { size, .. } => (call.page as usize, size as usize),
            Paging::Single => (1, total.max(1)),
        };
        let chunk: Vec<Value> = all.into_iter().skip((page - 1) * size).take(size).collect();
        let mut body = json!({"RequestId": format!("{:08X}", page * 7919 + total)});
        let list = Value::Array(chunk);
        match call.api.items {
            ["PagingInfo", name] => {
                body["PagingInfo"] =
                    json!({"PageNumber": page, "PageSize": size, "TotalCount": total});
                body["PagingInfo"][*name] = list;
            }
            [outer, inner] => body[*outer] = json!({ *inner: list }),
            [flat] => body[*flat] = list,
            _ => {}
        }
        match call.api.paging {
            Paging::Number { .. } => {
                body["PageNumber"] = json!(page);
                body["PageSize"] = json!(size);
                body["TotalCount"] = json!(total);
            }
            Paging::Token { .. } => {
                body["NextToken"] = if page * size < total {
                    json!(format!("p{}", page + 1))
                } else {
                    json!("")
                };
                body["TotalCount"] = json!(total);
            }
            Paging::Single => {}
        }
        if call.api.items.first() == Some(&"PagingInfo") {
            for key in ["PageNumber", "PageSize", "TotalCount"] {
                if let Some(map) = body.as_object_mut() {
                    map.remove(key);
                }
            }
        }
        body
    }
}

/// The stand-in's file for an argv: the arguments joined by `_`.
fn key(dir: &Path, args: &[String]) -> PathBuf {
    let mut name = String::new();
    for arg in args {
        name.push_str(arg);
        name.push('_');
    }
    name.push_str(".json");
    dir.join(name)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: recording DIR [VPCS_PER_REGION] [REGIONS]");
        std::process::exit(2);
    };
    let vpcs = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(500usize);
    let regions = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(4usize);
    let account = Account {
        regions: REGIONS
            .iter()
            .take(regions.clamp(1, REGIONS.len()))
            .map(|r| r.to_string())
            .collect(),
        vpcs: vpcs.max(2),
    };
    std::fs::create_dir_all(&dir).expect("cannot create the recording directory");
    let regions_api = plan::api("DescribeRegions").expect("DescribeRegions is in the plan");
    let mut sorted = account.regions.clone();
    sorted.sort();
    let mut queue: VecDeque<Call> = VecDeque::new();
    queue.push_back(Call::new(regions_api, None, None));
    queue.extend(plan::first_calls(&sorted));
    let (mut calls, mut bytes) = (0usize, 0usize);
    while let Some(call) = queue.pop_front() {
        let body = account.respond(&call);
        let mut text = serde_json::to_string_pretty(&body).expect("a JSON value");
        text.push('\n');
        bytes += text.len();
        calls += 1;
        std::fs::write(key(&dir, &call.args(None)), text).expect("cannot write a response");
        if call.api.name != "DescribeRegions" {
            queue.extend(plan::follow(&call, &body));
        }
    }
    eprintln!(
        "recording: {} regions, {} VPCs, {} vSwitches, {} route entries; {calls} responses, {bytes} bytes in {}",
        account.regions.len(),
        account.regions.len() * account.vpcs,
        account.regions.len() * account.vpcs * VSWITCHES,
        account.regions.len() * account.vpcs * ROUTES,
        dir.display()
    );
}
