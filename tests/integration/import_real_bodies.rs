//! What real Alibaba Cloud bodies do that the documented shapes do not (issue
//! 15): keys in another case, older NAT bodies, AnalyticDB's same-named APIs,
//! VBR fields; and bad input (not JSON, an HTML page, a body cut off), which
//! is named with file, line and column while the rest is imported (exit 1).

use std::path::Path;

use assert_cmd::Command;
use netreach::import::aliyun::{self, Imported, Options};
use netreach::import::native::Source;
use serde_json::{json, Value};

fn source(name: &str, body: &Value) -> Source {
    Source {
        name: name.to_string(),
        bytes: serde_json::to_vec_pretty(body).unwrap(),
    }
}

fn import(sources: &[Source]) -> Imported {
    aliyun::import(sources, &Options::default()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn inventory(imported: &Imported) -> Value {
    serde_json::from_str(&imported.inventory_json()).unwrap()
}

fn vpc_and_vswitch() -> Vec<Source> {
    vec![
        source(
            "vpcs.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "Vpcs": {"Vpc": [
                {"VpcId": "vpc-a", "RegionId": "cn-beijing", "CidrBlock": "10.0.0.0/16"}]}}),
        ),
        source(
            "vswitches.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "VSwitches": {"VSwitch": [
                {"VSwitchId": "vsw-a", "VpcId": "vpc-a", "ZoneId": "cn-beijing-a", "CidrBlock": "10.0.1.0/24"}]}}),
        ),
    ]
}

fn write_all(dir: &Path, sources: &[Source]) {
    for source in sources {
        std::fs::write(dir.join(&source.name), &source.bytes).unwrap();
    }
}

#[test]
fn bodies_that_are_not_json_are_named_and_the_rest_imported() {
    let temp = tempfile::tempdir().unwrap();
    write_all(temp.path(), &vpc_and_vswitch());
    std::fs::write(
        temp.path().join("eips.json"),
        "<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n",
    )
    .unwrap();
    std::fs::write(
        temp.path().join("nat.json"),
        "{\n\t\"NatGateways\": {\n\t\t\"NatGateway\": [\n\t\t\t{\"NatGatewayId\": \"ngw-1\",",
    )
    .unwrap();
    std::fs::write(temp.path().join("text.json"), "Forbidden\n").unwrap();
    let report = temp.path().join("report.out");
    let output = temp.path().join("inventory.out");
    let run = Command::cargo_bin("netreach")
        .unwrap()
        .args(["import", "aliyun"])
        .arg(temp.path())
        .arg("--report")
        .arg(&report)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("eips.json:1:1: unreadable (an HTML"),
        "{stderr}"
    );
    assert!(stderr.contains("nat.json:4:"), "{stderr}");
    assert!(stderr.contains("the body is cut off"), "{stderr}");
    assert!(stderr.contains("text.json:1:1: unreadable"), "{stderr}");
    assert!(stderr.contains("partial: 3 files not JSON"), "{stderr}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(report["unreadable"].as_array().unwrap().len(), 3);
    let nat = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("nat.json"))
        .unwrap();
    assert_eq!(nat["line"], 4);
    let inventory: Value = serde_json::from_str(&std::fs::read_to_string(output).unwrap()).unwrap();
    assert_eq!(inventory["vswitches"].as_array().unwrap().len(), 1);
}

#[test]
fn nothing_recognized_is_exit_2() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("notes.json"), r#"{"hello": 1}"#).unwrap();
    let run = Command::cargo_bin("netreach")
        .unwrap()
        .args(["import", "aliyun"])
        .arg(temp.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(run.stdout.is_empty());
    assert!(stderr.contains("no input was recognized"), "{stderr}");
}

#[test]
fn keys_in_another_case_older_nat_bodies_and_analyticdb_are_read() {
    let mut sources = vpc_and_vswitch();
    sources.extend([
        source(
            "vpn-gateways.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "VpnGateways": {"VpnGateway": [
                {"VpnGatewayId": "vpn-1", "VpcId": "vpc-a", "Status": "active"}]}}),
        ),
        source(
            "customer-gateways.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "CustomerGateways": {"CustomerGateway": [
                {"CustomerGatewayId": "cgw-1", "IpAddress": "203.0.113.9"}]}}),
        ),
        // the published body writes `status` in lower case
        source(
            "vpn-connections.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "VpnConnections": {"VpnConnection": [
                {"VpnConnectionId": "vco-1", "VpnGatewayId": "vpn-1", "CustomerGatewayId": "cgw-1",
                 "LocalSubnet": "10.0.0.0/16", "RemoteSubnet": "172.16.0.0/16", "status": "ike_sa_not_established"}]}}),
        ),
        // an older NAT body: no NetworkType, no NatGatewayPrivateInfo
        source(
            "nat-gateways.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "NatGateways": {"NatGateway": [
                {"NatGatewayId": "ngw-old", "VpcId": "vpc-a", "Status": "Available",
                 "SnatTableIds": {"SnatTableId": ["stb-old"]},
                 "IpLists": {"IpList": [{"AllocationId": "eip-old", "IpAddress": "198.51.100.7"}]}}]}}),
        ),
        source(
            "DescribeSnatTableEntries.stb-old.p1.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "SnatTableEntries": {"SnatTableEntry": [
                {"SnatEntryId": "snat-1", "SnatTableId": "stb-old", "SourceVSwitchId": "vsw-a",
                 "SnatIp": "198.51.100.7", "Status": "Available"}]}}),
        ),
        // AnalyticDB's same-named APIs, lower-camel keys
        source(
            "DescribeDBInstanceNetInfo.gp-bp1adb0000001.json",
            &json!({"requestId": "R", "DBInstanceNetInfos": {"DBInstanceNetInfo": [
                {"connectionString": "gp-bp1adb0000001.gpdb.rds.aliyuncs.com", "ipAddress": "10.0.1.40",
                 "ipType": "Private", "port": "5432", "vpcId": "vpc-a"}]}}),
        ),
        source(
            "DescribeDBInstanceIPArrayList.gp-bp1adb0000001.json",
            &json!({"requestId": "R", "Items": {"DBInstanceIPArray": [
                {"dBInstanceIPArrayName": "default", "securityIPList": "10.0.1.0/24"}]}}),
        ),
        // a VBR with its region only in its access point, and its interconnect addresses
        source(
            "pcs.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "PhysicalConnectionSet": {"PhysicalConnectionType": [
                {"PhysicalConnectionId": "pc-1", "Status": "Enabled"}]}}),
        ),
        source(
            "vbrs.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "VirtualBorderRouterSet": {"VirtualBorderRouterType": [
                {"VbrId": "vbr-1", "PhysicalConnectionId": "pc-1", "Status": "active",
                 "AccessPointId": "ap-cn-beijing-dx-A", "LocalGatewayIp": "10.255.0.1", "PeerGatewayIp": "10.255.0.2"}]}}),
        ),
        // a page that holds fewer items than its TotalCount says
        source(
            "eips.json",
            &json!({"RequestId": "R", "TotalCount": 3, "PageNumber": 1, "PageSize": 50, "EipAddresses": {"EipAddress": [
                {"AllocationId": "eip-old", "IpAddress": "198.51.100.7", "InstanceType": "Nat", "InstanceId": "ngw-old"}]}}),
        ),
    ]);
    let imported = import(&sources);
    let inv = inventory(&imported);
    let coverage = imported.coverage.to_json();
    let vpn = &inv["vpn_connections"][0];
    assert_eq!(vpn["id"], "vco-1", "{coverage}");
    let nat = &inv["nat_gateways"][0];
    assert_eq!(nat["id"], "ngw-old", "{coverage}");
    assert_eq!(nat["type"], "internet");
    assert_eq!(nat["vswitch"], "vsw-a");
    assert_eq!(nat["eips"], json!(["eip-old"]));
    assert_eq!(nat["snat_entries"].as_array().unwrap().len(), 1);
    assert!(
        coverage.contains("no `NetworkType` in the body"),
        "{coverage}"
    );
    assert!(
        coverage.contains("no `NatGatewayPrivateInfo.VswitchId`"),
        "{coverage}"
    );
    let adb = &inv["data_sources"][0];
    assert_eq!(adb["id"], "gp-bp1adb0000001", "{coverage}");
    assert_eq!(adb["ip"], "10.0.1.40");
    assert_eq!(adb["port"], 5432);
    assert_eq!(adb["whitelist"], json!(["10.0.1.0/24"]));
    let vbr = &inv["vbrs"][0];
    assert_eq!(vbr["region"], "cn-beijing", "{coverage}");
    assert_eq!(vbr["local_ip"], "10.255.0.1");
    assert_eq!(vbr["peer_ip"], "10.255.0.2");
    assert!(
        coverage.contains(
            "`TotalCount` 3 with `PageSize` 50 means page 1 holds 3 item(s), but it holds 1"
        ),
        "{coverage}"
    );
}

#[test]
fn skip_reasons_name_the_key_and_the_id() {
    let mut sources = vpc_and_vswitch();
    sources.extend([
        source(
            "DescribeSnatTableEntries.stb-x.p1.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "SnatTableEntries": {"SnatTableEntry": [
                {"SnatEntryId": "snat-x", "SnatTableId": "stb-x", "SourceVSwitchId": "vsw-a", "SnatIp": "198.51.100.8"}]}}),
        ),
        source(
            "DescribeDBInstanceIPArrayList.rm-bp1missing01.p1.json",
            &json!({"RequestId": "R", "Items": {"DBInstanceIPArray": [
                {"DBInstanceIPArrayName": "default", "SecurityIPList": "10.0.1.0/24"}]}}),
        ),
        source(
            "DescribeDBInstanceNetInfo.rm-bp1other0001.p1.json",
            &json!({"RequestId": "R", "DBInstanceNetInfos": {"DBInstanceNetInfo": [
                {"ConnectionString": "rm-bp1other0001.mysql.rds.aliyuncs.com", "IPAddress": "10.0.1.41",
                 "IPType": "Private", "Port": "3306", "VPCId": "vpc-a"}]}}),
        ),
        source(
            "DescribeDBInstanceNetInfo.rm-bp1other0002.p1.json",
            &json!({"RequestId": "R", "DBInstanceNetInfos": {"DBInstanceNetInfo": [
                {"ConnectionString": "rm-bp1other0002.mysql.rds.aliyuncs.com", "IPAddress": "10.0.1.42",
                 "IPType": "Private", "Port": "3306", "VPCId": "vpc-a"}]}}),
        ),
    ]);
    let imported = import(&sources);
    let reason = |id: &str| {
        imported
            .coverage
            .skipped
            .iter()
            .find(|s| s.id.contains(id))
            .unwrap_or_else(|| panic!("{id}: {:#?}", imported.coverage.skipped))
            .reason
            .clone()
    };
    let snat = reason("snat-x");
    assert!(
        snat.contains("SNAT table `stb-x` (`SnatTableId`)"),
        "{snat}"
    );
    let whitelist = reason("rm-bp1missing01");
    assert!(
        whitelist.contains("names instance `rm-bp1missing01`")
            && whitelist.contains("DescribeDBInstanceNetInfo"),
        "{whitelist}"
    );
}
