//! `netreach collect aliyun` against a stand-in `aliyun` put on PATH: a small
//! POSIX shell script that serves recorded responses by argv (the `--profile`
//! pair aside), with the paging of the real APIs (PageNumber/PageSize/
//! TotalCount, NextToken), the real error shapes (colour codes, `ERROR:
//! SDK.ServerError` with an `ErrorCode:` line on stderr, exit 1), throttling
//! that clears after some attempts, and a log of the calls it got. Then the
//! collected directory is imported and checked. No test calls the network.
#![cfg(unix)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

/// The stand-in (also served to the import benchmark, scripts/bench-import.sh).
const STANDIN: &str = include_str!("../../scripts/aliyun-standin.sh");

/// A recording served by the stand-in.
struct Recording {
    dir: PathBuf,
}

impl Recording {
    fn key(&self, args: &[String]) -> PathBuf {
        let mut key = String::new();
        for arg in args {
            key.push_str(arg);
            key.push('_');
        }
        self.dir.join(key)
    }

    fn respond(&self, args: &[String], body: &Value) {
        let mut text = serde_json::to_string_pretty(body).unwrap();
        text.push('\n');
        std::fs::write(self.key(args).with_extension_added("json"), text).unwrap();
    }

    fn fail(&self, args: &[String], code: &str, message: &str) {
        let stderr = format!(
            "\u{1b}[1;31mERROR: SDK.ServerError\nErrorCode: {code}\nRecommend: https://api.aliyun.com/troubleshoot?q={code}\nRequestId: 0D7C2A\nMessage: {message}\nRespHeaders: map[Content-Type:[application/json]]\u{1b}[0m\n"
        );
        std::fs::write(self.key(args).with_extension_added("stderr"), stderr).unwrap();
        std::fs::write(self.key(args).with_extension_added("exit"), "1").unwrap();
    }

    fn throttle(&self, args: &[String], times: u32) {
        std::fs::write(
            self.key(args).with_extension_added("throttle"),
            times.to_string(),
        )
        .unwrap();
    }

    /// Pages of an API that pages by number, the paging keys at the top or
    /// (DataWorks) in `PagingInfo`.
    fn numbered(&self, base: &[&str], size: usize, path: &[&str], items: Vec<Value>) {
        let total = items.len();
        let pages = total.div_ceil(size).max(1);
        for page in 1..=pages {
            let chunk: Vec<Value> = items
                .iter()
                .skip((page - 1) * size)
                .take(size)
                .cloned()
                .collect();
            let mut args = strings(base);
            args.extend(strings(&[
                "--PageNumber",
                &page.to_string(),
                "--PageSize",
                &size.to_string(),
            ]));
            let paging = json!({"PageNumber": page, "PageSize": size, "TotalCount": total});
            let body = match path {
                ["PagingInfo", list] => {
                    let mut info = paging.clone();
                    info[*list] = Value::Array(chunk);
                    json!({"RequestId": "R", "PagingInfo": info})
                }
                [outer, inner] => {
                    let mut body = paging.clone();
                    body["RequestId"] = json!("R");
                    body[*outer] = json!({ *inner: chunk });
                    body
                }
                [flat] => {
                    let mut body = paging.clone();
                    body["RequestId"] = json!("R");
                    body[*flat] = Value::Array(chunk);
                    body
                }
                _ => unreachable!(),
            };
            self.respond(&args, &body);
        }
    }

    /// Pages of an API that pages by `NextToken`, `per_page` items each.
    fn tokens(
        &self,
        base: &[&str],
        param: &str,
        per_page: usize,
        path: &[&str],
        items: Vec<Value>,
    ) {
        let pages = items.len().div_ceil(per_page).max(1);
        for page in 1..=pages {
            let chunk: Vec<Value> = items
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .cloned()
                .collect();
            let mut args = strings(base);
            args.extend(strings(&["--".to_string() + param, "100".into()]));
            if page > 1 {
                args.extend(strings(&["--NextToken", &format!("tok{page}")]));
            }
            let next = if page < pages {
                format!("tok{}", page + 1)
            } else {
                String::new()
            };
            let mut body = json!({"RequestId": "R", "NextToken": next, "TotalCount": items.len()});
            match path {
                [outer, inner] => body[*outer] = json!({ *inner: chunk }),
                [flat] => body[*flat] = Value::Array(chunk),
                _ => unreachable!(),
            }
            self.respond(&args, &body);
        }
    }
}

fn strings<S: AsRef<str>>(args: &[S]) -> Vec<String> {
    args.iter().map(|s| s.as_ref().to_string()).collect()
}

trait AddExtension {
    fn with_extension_added(&self, extension: &str) -> PathBuf;
}

impl AddExtension for PathBuf {
    fn with_extension_added(&self, extension: &str) -> PathBuf {
        let mut name = self.as_os_str().to_owned();
        name.push(".");
        name.push(extension);
        PathBuf::from(name)
    }
}

/// The APIs called once per region, their collection path and paging (none
/// recorded means an empty first page).
const REGIONAL: &[(&str, &str, &[&str], usize)] = &[
    ("vpc", "DescribeVpcs", &["Vpcs", "Vpc"], 50),
    ("vpc", "DescribeVSwitches", &["VSwitches", "VSwitch"], 50),
    (
        "vpc",
        "DescribeRouteTableList",
        &["RouterTableList", "RouterTableListType"],
        50,
    ),
    (
        "vpc",
        "DescribeNatGateways",
        &["NatGateways", "NatGateway"],
        50,
    ),
    (
        "vpc",
        "DescribeEipAddresses",
        &["EipAddresses", "EipAddress"],
        100,
    ),
    (
        "vpc",
        "DescribeVirtualBorderRouters",
        &["VirtualBorderRouterSet", "VirtualBorderRouterType"],
        50,
    ),
    (
        "vpc",
        "DescribePhysicalConnections",
        &["PhysicalConnectionSet", "PhysicalConnectionType"],
        50,
    ),
    (
        "vpc",
        "DescribeVpnGateways",
        &["VpnGateways", "VpnGateway"],
        50,
    ),
    (
        "vpc",
        "DescribeVpnConnections",
        &["VpnConnections", "VpnConnection"],
        50,
    ),
    (
        "vpc",
        "DescribeCustomerGateways",
        &["CustomerGateways", "CustomerGateway"],
        50,
    ),
    ("ecs", "DescribeInstances", &["Instances", "Instance"], 100),
    (
        "ecs",
        "DescribeSecurityGroups",
        &["SecurityGroups", "SecurityGroup"],
        50,
    ),
    ("rds", "DescribeDBInstances", &["Items", "DBInstance"], 100),
    (
        "dataworks-public",
        "ListResourceGroups",
        &["PagingInfo", "ResourceGroupList"],
        100,
    ),
    (
        "dataworks-public",
        "ListProjects",
        &["PagingInfo", "Projects"],
        100,
    ),
];

/// A small account in cn-hangzhou (cn-shanghai is empty): two peered VPCs,
/// 60 vSwitches (two pages), route entries on two token pages, an RDS
/// instance with its endpoint and whitelist, a serverless resource group
/// bound to the DataWorks VPC, a security group whose attribute call is
/// throttled twice.
fn account(rec: &Recording, forbidden: bool) {
    rec.respond(
        &strings(&["vpc", "DescribeRegions"]),
        &json!({"RequestId": "R", "Regions": {"Region": [
            {"RegionId": "cn-shanghai", "LocalName": "Shanghai"},
            {"RegionId": "cn-hangzhou", "LocalName": "Hangzhou"}]}}),
    );
    let hz = |product: &str, api: &str| strings(&[product, api, "--region", "cn-hangzhou"]);
    let base = |product: &'static str, api: &'static str, region: &'static str| {
        [product, api, "--region", region]
    };
    rec.numbered(
        &base("vpc", "DescribeVpcs", "cn-hangzhou"),
        50,
        &["Vpcs", "Vpc"],
        vec![
            json!({"VpcId": "vpc-dw", "RegionId": "cn-hangzhou", "CidrBlock": "10.10.0.0/16",
                   "VpcName": "dataworks", "RouterTableIds": {"RouterTableIds": ["vtb-dw"]}}),
            json!({"VpcId": "vpc-db", "RegionId": "cn-hangzhou", "CidrBlock": "10.20.0.0/16",
                   "VpcName": "databases", "RouterTableIds": {"RouterTableIds": ["vtb-db"]}}),
        ],
    );
    let mut vswitches = vec![
        json!({"VSwitchId": "vsw-dw", "VpcId": "vpc-dw", "ZoneId": "cn-hangzhou-h",
               "CidrBlock": "10.10.1.0/24", "RouteTable": {"RouteTableId": "vtb-dw", "RouteTableType": "System"}}),
        json!({"VSwitchId": "vsw-db", "VpcId": "vpc-db", "ZoneId": "cn-hangzhou-h",
               "CidrBlock": "10.20.1.0/24", "RouteTable": {"RouteTableId": "vtb-db", "RouteTableType": "System"}}),
    ];
    for n in 2..60 {
        vswitches.push(
            json!({"VSwitchId": format!("vsw-db{n:02}"), "VpcId": "vpc-db",
            "ZoneId": "cn-hangzhou-h", "CidrBlock": format!("10.20.{n}.0/24"),
            "RouteTable": {"RouteTableId": "vtb-db", "RouteTableType": "System"}}),
        );
    }
    rec.numbered(
        &base("vpc", "DescribeVSwitches", "cn-hangzhou"),
        50,
        &["VSwitches", "VSwitch"],
        vswitches,
    );
    rec.numbered(
        &base("vpc", "DescribeRouteTableList", "cn-hangzhou"),
        50,
        &["RouterTableList", "RouterTableListType"],
        vec![
            json!({"RouteTableId": "vtb-dw", "VpcId": "vpc-dw", "RouteTableType": "System", "RouterType": "VRouter"}),
            json!({"RouteTableId": "vtb-db", "VpcId": "vpc-db", "RouteTableType": "System", "RouterType": "VRouter"}),
        ],
    );
    let peer_route = |table: &str, destination: &str| {
        json!({"RouteTableId": table, "DestinationCidrBlock": destination, "RouteEntryType": "Custom",
               "Status": "Available", "NextHops": {"NextHop": [
                   {"NextHopType": "VpcPeer", "NextHopId": "pcc-1", "Enabled": 1}]}})
    };
    rec.tokens(
        &[
            "vpc",
            "DescribeRouteEntryList",
            "--region",
            "cn-hangzhou",
            "--RouteTableId",
            "vtb-dw",
        ],
        "MaxResult",
        1,
        &["RouteEntrys", "RouteEntry"],
        vec![
            peer_route("vtb-dw", "10.20.0.0/16"),
            peer_route("vtb-dw", "192.168.0.0/16"),
        ],
    );
    rec.tokens(
        &[
            "vpc",
            "DescribeRouteEntryList",
            "--region",
            "cn-hangzhou",
            "--RouteTableId",
            "vtb-db",
        ],
        "MaxResult",
        100,
        &["RouteEntrys", "RouteEntry"],
        vec![peer_route("vtb-db", "10.10.0.0/16")],
    );
    rec.tokens(
        &["vpcpeer", "ListVpcPeerConnections", "--region", "cn-hangzhou"],
        "MaxResults",
        100,
        &["VpcPeerConnects"],
        vec![json!({"InstanceId": "pcc-1", "Status": "Activated", "RegionId": "cn-hangzhou",
            "Vpc": {"VpcId": "vpc-dw"}, "AcceptingVpc": {"VpcId": "vpc-db"}, "AcceptingRegionId": "cn-hangzhou"})],
    );
    rec.numbered(
        &base("ecs", "DescribeSecurityGroups", "cn-hangzhou"),
        50,
        &["SecurityGroups", "SecurityGroup"],
        vec![json!({"SecurityGroupId": "sg-db", "VpcId": "vpc-db"})],
    );
    let attribute = strings(&[
        "ecs",
        "DescribeSecurityGroupAttribute",
        "--region",
        "cn-hangzhou",
        "--SecurityGroupId",
        "sg-db",
    ]);
    rec.respond(
        &attribute,
        &json!({"RequestId": "R", "SecurityGroupId": "sg-db", "VpcId": "vpc-db", "SecurityGroupName": "db",
            "Permissions": {"Permission": [{"Direction": "ingress", "Policy": "Accept", "IpProtocol": "TCP",
                "PortRange": "3306/3306", "SourceCidrIp": "10.10.0.0/16", "Priority": 1}]}}),
    );
    rec.throttle(&attribute, 2);
    rec.numbered(
        &base("rds", "DescribeDBInstances", "cn-hangzhou"),
        100,
        &["Items", "DBInstance"],
        vec![json!({"DBInstanceId": "rm-db1", "Engine": "MySQL", "VpcId": "vpc-db"})],
    );
    let instance = |api: &str| {
        strings(&[
            "rds",
            api,
            "--region",
            "cn-hangzhou",
            "--DBInstanceId",
            "rm-db1",
        ])
    };
    rec.respond(
        &instance("DescribeDBInstanceNetInfo"),
        &json!({"RequestId": "R", "InstanceNetworkType": "VPC", "DBInstanceNetInfos": {"DBInstanceNetInfo": [
            {"ConnectionString": "rm-db1.mysql.rds.aliyuncs.com", "IPAddress": "10.20.1.15", "IPType": "Private",
             "Port": "3306", "VPCId": "vpc-db", "VSwitchId": "vsw-db", "ConnectionStringType": "Normal"}]}}),
    );
    rec.respond(
        &instance("DescribeDBInstanceIPArrayList"),
        &json!({"RequestId": "R", "Items": {"DBInstanceIPArray": [
            {"DBInstanceIPArrayName": "default", "SecurityIPList": "10.10.1.0/24"}]}}),
    );
    rec.numbered(
        &base("dataworks-public", "ListResourceGroups", "cn-hangzhou"),
        100,
        &["PagingInfo", "ResourceGroupList"],
        vec![
            json!({"Id": "Serverless_res_group_1", "Name": "etl", "ResourceGroupType": "CommonV2",
                "Status": "Normal", "DefaultVpcId": "vpc-dw", "DefaultVswicthId": "vsw-dw"}),
        ],
    );
    let group = |api: &str| {
        [
            "dataworks-public",
            api,
            "--region",
            "cn-hangzhou",
            "--ResourceGroupId",
            "Serverless_res_group_1",
        ]
        .map(str::to_string)
    };
    rec.numbered(
        &group("ListNetworks").each_ref().map(String::as_str),
        100,
        &["PagingInfo", "NetworkList"],
        vec![
            json!({"Id": 101, "ResourceGroupId": "Serverless_res_group_1", "VpcId": "vpc-dw",
                "VswitchId": "vsw-dw", "Status": "Running"}),
        ],
    );
    rec.numbered(
        &group("ListRoutes").each_ref().map(String::as_str),
        100,
        &["PagingInfo", "RouteList"],
        vec![
            json!({"Id": 7, "NetworkId": 101, "ResourceGroupId": "Serverless_res_group_1",
                "DestinationCidr": "10.20.0.0/16"}),
        ],
    );
    rec.numbered(
        &base("dataworks-public", "ListProjects", "cn-hangzhou"),
        100,
        &["PagingInfo", "Projects"],
        vec![json!({"Id": 5001, "Name": "warehouse"})],
    );
    rec.numbered(
        &[
            "dataworks-public",
            "ListDataSources",
            "--region",
            "cn-hangzhou",
            "--ProjectId",
            "5001",
        ],
        100,
        &["PagingInfo", "DataSources"],
        vec![json!({"Name": "orders", "Type": "mysql", "DataSource": [
            {"Id": 9, "Name": "orders", "Type": "mysql", "ProjectId": 5001,
             "ConnectionPropertiesMode": "InstanceMode",
             "ConnectionProperties": {"envType": "Prod", "instanceId": "rm-db1",
                "regionId": "cn-hangzhou", "username": "etl", "password": "hunter2"}}]})],
    );
    // every other list is empty, in both regions; CEN is global
    for region in ["cn-hangzhou", "cn-shanghai"] {
        for (product, api, path, size) in REGIONAL {
            let mut args = strings(&[*product, *api, "--region", region]);
            args.extend(strings(&[
                "--PageNumber",
                "1",
                "--PageSize",
                &size.to_string(),
            ]));
            if !rec.key(&args).with_extension_added("json").exists() {
                rec.numbered(&[product, api, "--region", region], *size, path, vec![]);
            }
        }
        let peer = ["vpcpeer", "ListVpcPeerConnections", "--region", region];
        let mut args = strings(&peer);
        args.extend(strings(&["--MaxResults", "100"]));
        if !rec.key(&args).with_extension_added("json").exists() {
            rec.tokens(&peer, "MaxResults", 100, &["VpcPeerConnects"], vec![]);
        }
    }
    for (api, path) in [
        ("DescribeCens", ["Cens", "Cen"]),
        (
            "DescribeCenBandwidthPackages",
            ["CenBandwidthPackages", "CenBandwidthPackage"],
        ),
    ] {
        rec.numbered(&["cbn", api, "--region", "cn-hangzhou"], 50, &path, vec![]);
    }
    if forbidden {
        let args = strings(&[
            "dataworks-public",
            "ListResourceGroups",
            "--region",
            "cn-shanghai",
            "--PageNumber",
            "1",
            "--PageSize",
            "100",
        ]);
        std::fs::remove_file(rec.key(&args).with_extension_added("json")).unwrap();
        rec.fail(
            &args,
            "Forbidden.RAM",
            "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
        );
    }
    let _ = hz;
}

/// A temporary directory with the stand-in on PATH and a recording.
struct Setup {
    _temp: tempfile::TempDir,
    bin: PathBuf,
    rec: Recording,
    root: PathBuf,
}

fn setup() -> Setup {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().to_path_buf();
    let bin = root.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let script = bin.join("aliyun");
    std::fs::write(&script, STANDIN).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = root.join("recording");
    std::fs::create_dir(&dir).unwrap();
    Setup {
        _temp: temp,
        bin,
        rec: Recording { dir },
        root,
    }
}

fn netreach(setup: &Setup) -> Command {
    let mut command = Command::cargo_bin("netreach").unwrap();
    let path = format!(
        "{}:{}",
        setup.bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    command
        .env("PATH", path)
        .env("STANDIN_DIR", &setup.rec.dir)
        .env("NETREACH_COLLECT_BACKOFF_MS", "1");
    command
}

fn collect(setup: &Setup, extra: &[&str]) -> (Option<i32>, String, PathBuf) {
    let out = setup.root.join("export");
    let run = netreach(setup)
        .args(["collect", "aliyun", "--output"])
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(run.stdout.is_empty(), "collect writes nothing to stdout");
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    (run.status.code(), stderr, out)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_complete_collection_imports_and_checks() {
    let setup = setup();
    account(&setup.rec, false);
    let (code, stderr, out) = collect(&setup, &["--profile", "prod"]);
    let calls = std::fs::read_to_string(setup.rec.dir.join("calls.log")).unwrap();
    assert_eq!(code, Some(0), "{stderr}\ncalls:\n{calls}");
    assert!(
        calls.lines().all(|line| line.ends_with("--profile prod")),
        "{calls}"
    );
    let log = read_json(&out.join("collect.json"));
    assert_eq!(log["complete"], true);
    assert_eq!(log["failed"], 0);
    assert_eq!(log["regions"], json!(["cn-hangzhou", "cn-shanghai"]));
    // the throttled call was retried, and logged once
    let entries = log["entries"].as_array().unwrap();
    let attribute: Vec<&Value> = entries
        .iter()
        .filter(|e| e["argv"][2] == "DescribeSecurityGroupAttribute")
        .collect();
    assert_eq!(attribute.len(), 1);
    assert_eq!(attribute[0]["attempts"], 3);
    assert_eq!(attribute[0]["status"], 0);
    // every page was read, and every per-resource call made
    for file in [
        "cn-hangzhou/DescribeVSwitches.p1.json",
        "cn-hangzhou/DescribeVSwitches.p2.json",
        "cn-hangzhou/DescribeRouteEntryList.vtb-dw.p1.json",
        "cn-hangzhou/DescribeRouteEntryList.vtb-dw.p2.json",
        "cn-hangzhou/DescribeRouteEntryList.vtb-db.p1.json",
        "cn-hangzhou/DescribeDBInstanceIPArrayList.rm-db1.p1.json",
        "cn-hangzhou/ListRoutes.Serverless_res_group_1.p1.json",
        "cn-hangzhou/ListDataSources.5001.p1.json",
        "cn-shanghai/DescribeVpcs.p1.json",
        "global/DescribeCens.p1.json",
    ] {
        assert!(out.join(file).is_file(), "{file} missing; {stderr}");
    }
    assert_eq!(log["calls"].as_u64().unwrap() as usize, entries.len());

    // import the directory as it is, collect.json included
    let inventory = setup.root.join("inventory.json");
    let report = setup.root.join("report.json");
    let run = netreach(&setup)
        .args(["import", "aliyun"])
        .arg(&out)
        .arg("--output")
        .arg(&inventory)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let report = read_json(&report);
    assert!(
        report["unrecognized"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let inv = read_json(&inventory);
    assert!(!std::fs::read_to_string(&inventory)
        .unwrap()
        .contains("hunter2"));
    assert_eq!(inv["vpcs"].as_array().unwrap().len(), 2);
    assert_eq!(inv["vswitches"].as_array().unwrap().len(), 60);
    let vtb_dw = inv["route_tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "vtb-dw")
        .unwrap();
    assert_eq!(vtb_dw["routes"].as_array().unwrap().len(), 2, "{vtb_dw:#}");
    let source = &inv["data_sources"][0];
    assert_eq!(source["id"], "orders", "the DataWorks name of rm-db1");
    assert_eq!(source["ip"], "10.20.1.15");
    assert_eq!(source["whitelist"], json!(["10.10.1.0/24"]));
    assert_eq!(inv["resource_groups"][0]["id"], "Serverless_res_group_1");

    let run = netreach(&setup)
        .args(["check", "--format", "json"])
        .arg(&inventory)
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(run.status.code(), Some(0), "{check:#}");
    assert_eq!(check["pairs"][0]["verdict"], "reachable");
}

#[test]
fn a_failed_call_is_logged_the_rest_collected_and_the_exit_says_partial() {
    let setup = setup();
    account(&setup.rec, true);
    let (code, stderr, out) = collect(&setup, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("Forbidden.RAM"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "colour codes are stripped");
    let log = read_json(&out.join("collect.json"));
    assert_eq!(log["complete"], false);
    assert_eq!(log["failed"], 1);
    let failed: Vec<&Value> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("error").is_some())
        .collect();
    assert_eq!(failed[0]["region"], "cn-shanghai");
    assert_eq!(failed[0]["status"], 1);
    assert_eq!(failed[0]["error_code"], "Forbidden.RAM");
    assert!(failed[0]["file"].is_null());
    let error = failed[0]["error"].as_str().unwrap();
    assert!(error.contains("User not authorized"), "{error}");
    assert!(!error.contains("RespHeaders"), "{error}");
    // everything else was collected
    assert!(out.join("cn-hangzhou/DescribeVpcs.p1.json").is_file());
    // the import names the failed call in its coverage report
    let run = netreach(&setup)
        .args(["import", "aliyun"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("ListResourceGroups") && stderr.contains("Forbidden.RAM"),
        "{stderr}"
    );
    // the import of a partial collection is partial too
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!run.stdout.is_empty(), "the rest is imported");
}

#[test]
fn only_the_regions_asked_for_are_collected() {
    let setup = setup();
    account(&setup.rec, true);
    let (code, stderr, out) = collect(&setup, &["--region", "cn-hangzhou"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!out.join("cn-shanghai").exists());
    let calls = std::fs::read_to_string(setup.rec.dir.join("calls.log")).unwrap();
    assert!(!calls.contains("DescribeRegions"), "{calls}");
}

#[test]
fn without_aliyun_on_path_collect_says_how_to_install_it() {
    let setup = setup();
    let out = setup.root.join("export");
    let run = Command::cargo_bin("netreach")
        .unwrap()
        .env("PATH", setup.root.join("nothing-here"))
        .args(["collect", "aliyun", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`aliyun` command is not on PATH"),
        "{stderr}"
    );
    assert!(stderr.contains("aliyun configure"), "{stderr}");
}

#[test]
fn a_failing_region_list_is_exit_2_with_the_cli_error() {
    let setup = setup();
    setup.rec.fail(
        &strings(&["vpc", "DescribeRegions"]),
        "InvalidAccessKeyId.NotFound",
        "Specified access key is not found.",
    );
    let (code, stderr, _) = collect(&setup, &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot list the regions") && stderr.contains("InvalidAccessKeyId"),
        "{stderr}"
    );
}

#[test]
fn collect_refuses_a_directory_that_is_not_empty() {
    let setup = setup();
    account(&setup.rec, false);
    let out = setup.root.join("export");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("old.json"), "{}").unwrap();
    let (code, stderr, _) = collect(&setup, &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("is not empty"), "{stderr}");
}

#[test]
fn the_documented_ram_policy_holds_exactly_the_actions_collect_calls() {
    let doc = include_str!("../../docs/importing.md");
    let start = doc.find("```json\n{\n    \"Version\"").unwrap() + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let policy: Value = serde_json::from_str(&doc[start..end]).unwrap();
    let mut documented: Vec<String> = policy["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    documented.sort();
    let mut called: Vec<String> = netreach::cli::collect::plan::APIS
        .iter()
        .map(|api| api.action.to_string())
        .collect();
    called.sort();
    called.dedup();
    assert_eq!(documented, called);
}
