//! DataWorks `ListDataSources` (2020-05-18 and 2024-05-18 shapes): data
//! sources resolved from the export itself, the unresolved ones reported with
//! what the overlay must add, and no secret of the bodies copied anywhere.

use assert_cmd::Command;
use netreach::import::aliyun::{self, Imported, Options};
use netreach::import::native::Source;
use serde_json::{json, Value};

const SECRET: &str = "Pa55w0rd-DO-NOT-COPY";
const ACCESS_KEY: &str = "LTAI5tSECRETKEYvalue";

fn source(name: &str, body: &Value) -> Source {
    Source {
        name: name.to_string(),
        bytes: serde_json::to_vec_pretty(body).unwrap(),
    }
}

fn export() -> Vec<Source> {
    let content = |props: Value| Value::String(props.to_string());
    vec![
        source(
            "vpcs.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "Vpcs": {"Vpc": [
                {"VpcId": "vpc-db", "RegionId": "cn-hangzhou", "CidrBlock": "10.20.0.0/16"}]}}),
        ),
        source(
            "vswitches.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 50, "VSwitches": {"VSwitch": [
                {"VSwitchId": "vsw-db", "VpcId": "vpc-db", "ZoneId": "cn-hangzhou-h", "CidrBlock": "10.20.1.0/24"}]}}),
        ),
        source(
            "DescribeDBInstanceNetInfo.rm-orders.json",
            &json!({"RequestId": "R", "DBInstanceNetInfos": {"DBInstanceNetInfo": [
                {"ConnectionString": "rm-orders.mysql.rds.aliyuncs.com", "IPAddress": "10.20.1.15",
                 "IPType": "Private", "Port": "3306", "VPCId": "vpc-db"}]}}),
        ),
        source(
            "DescribeDBInstanceNetInfo.rm-crm.json",
            &json!({"RequestId": "R", "DBInstanceNetInfos": {"DBInstanceNetInfo": [
                {"ConnectionString": "rm-crm.pg.rds.aliyuncs.com", "IPAddress": "10.20.1.16",
                 "IPType": "Private", "Port": "5432", "VPCId": "vpc-db"}]}}),
        ),
        source(
            "instances.json",
            &json!({"RequestId": "R", "TotalCount": 1, "PageNumber": 1, "PageSize": 100, "Instances": {"Instance": [
                {"InstanceId": "i-hive", "InstanceNetworkType": "vpc", "Status": "Running",
                 "VpcAttributes": {"VSwitchId": "vsw-db", "VpcId": "vpc-db",
                    "PrivateIpAddress": {"IpAddress": ["10.20.1.30"]}}}]}}),
        ),
        // 2020-05-18: the connection in the JSON string `Content`
        source(
            "datasources-2020.json",
            &json!({"RequestId": "R", "Data": {"PageNumber": 1, "PageSize": 10, "TotalCount": 4, "DataSources": [
                {"Id": 1, "Name": "orders", "DataSourceType": "mysql", "EnvType": 1, "ProjectId": 5001,
                 "Content": content(json!({"instanceName": "rm-orders", "database": "orders",
                     "username": "etl", "password": SECRET, "tag": "rds"}))},
                {"Id": 2, "Name": "hive_meta", "DataSourceType": "mysql", "EnvType": 1, "ProjectId": 5001,
                 "Content": content(json!({"jdbcUrl": format!("jdbc:mysql://10.20.1.30:3307/meta?user=root&password={SECRET}"),
                     "username": "root", "password": SECRET}))},
                {"Id": 3, "Name": "legacy_erp", "DataSourceType": "oracle", "EnvType": 1, "ProjectId": 5001,
                 "Content": content(json!({"jdbcUrl": format!("jdbc:oracle:thin:@erp.corp.example:1521:erp"),
                     "username": "erp", "password": SECRET}))},
                {"Id": 4, "Name": "odps_first", "DataSourceType": "odps", "EnvType": 1, "ProjectId": 5001,
                 "Content": content(json!({"accessId": ACCESS_KEY, "accessKey": SECRET,
                     "project": "warehouse"}))}]}}),
        ),
        // 2024-05-18: a name with its environments, properties as an object
        source(
            "datasources-2024.json",
            &json!({"RequestId": "R", "PagingInfo": {"PageNumber": 1, "PageSize": 10, "TotalCount": 1, "DataSources": [
                {"Name": "crm", "Type": "postgresql", "DataSource": [
                    {"Id": 10, "Name": "crm", "Type": "postgresql", "ProjectId": 5001,
                     "ConnectionPropertiesMode": "UrlMode",
                     "ConnectionProperties": {"envType": "Prod", "address": [{"host": "rm-crm.pg.rds.aliyuncs.com", "port": 5432}],
                        "database": "crm", "username": "crm", "password": SECRET}},
                    {"Id": 11, "Name": "crm", "Type": "postgresql", "ProjectId": 5001,
                     "ConnectionPropertiesMode": "InstanceMode",
                     "ConnectionProperties": {"envType": "Dev", "instanceId": "rm-crm-dev", "regionId": "cn-hangzhou",
                        "database": "crm", "username": "crm", "password": SECRET}}]}]}}),
        ),
    ]
}

fn imported() -> Imported {
    aliyun::import(&export(), &Options::default()).unwrap()
}

#[test]
fn data_sources_are_resolved_from_the_export() {
    let imported = imported();
    let inventory: Value = serde_json::from_str(&imported.inventory_json()).unwrap();
    let sources = inventory["data_sources"].as_array().unwrap();
    let by_id = |id: &str| {
        sources
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {sources:#?}"))
    };
    // an RDS instance id → its private endpoint and VPC, under the DataWorks name
    let orders = by_id("orders");
    assert_eq!(orders["ip"], "10.20.1.15");
    assert_eq!(orders["port"], 3306);
    assert_eq!(orders["location"], json!({"vpc": "vpc-db"}));
    // a host → the RDS connection string that matches
    let crm = by_id("crm");
    assert_eq!(crm["ip"], "10.20.1.16");
    assert_eq!(crm["type"], "postgresql");
    // a JDBC URL → the ECS private address that matches, with the URL's port
    let hive = by_id("hive_meta");
    assert_eq!(hive["location"], json!({"ecs_instance": "i-hive"}));
    assert_eq!(hive["port"], 3307);
    // the instances DataWorks names are not written twice
    assert!(sources
        .iter()
        .all(|s| s["id"] != "rm-orders" && s["id"] != "rm-crm"));
    assert_eq!(sources.len(), 3, "{sources:#?}");
    // what cannot be resolved is reported with what the overlay must add
    let skipped = |id: &str| {
        imported
            .coverage
            .skipped
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id} not skipped: {:#?}", imported.coverage.skipped))
            .reason
            .clone()
    };
    let erp = skipped("legacy_erp");
    assert!(erp.contains("erp.corp.example"), "{erp}");
    assert!(
        erp.contains("\"port\": 1521") && erp.contains("overlay"),
        "{erp}"
    );
    let dev = skipped("crm.dev");
    assert!(dev.contains("rm-crm-dev"), "{dev}");
    assert!(skipped("odps_first").contains("no host or instance"));
}

#[test]
fn no_secret_reaches_the_inventory_the_report_or_the_terminal() {
    let imported = imported();
    let texts = [imported.inventory_json(), imported.coverage.to_json()];
    for text in &texts {
        for secret in [SECRET, ACCESS_KEY, "password", "etl"] {
            assert!(!text.contains(secret), "`{secret}` copied:\n{text}");
        }
    }
    let temp = tempfile::tempdir().unwrap();
    for source in export() {
        std::fs::write(temp.path().join(&source.name), &source.bytes).unwrap();
    }
    // and a body cut off in the middle of its password
    let cut = format!("{{\"Data\": {{\"DataSources\": [{{\"Name\": \"x\", \"Content\": \"{{\\\"password\\\": \\\"{SECRET}");
    std::fs::write(temp.path().join("cut.json"), cut).unwrap();
    let run = Command::cargo_bin("netreach")
        .unwrap()
        .args(["import", "aliyun"])
        .arg(temp.path())
        .arg("--report")
        .arg(temp.path().join("report.out"))
        .output()
        .unwrap();
    let all = format!(
        "{}{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr),
        std::fs::read_to_string(temp.path().join("report.out")).unwrap_or_default()
    );
    for secret in [SECRET, ACCESS_KEY] {
        assert!(!all.contains(secret), "`{secret}` copied:\n{all}");
    }
}
