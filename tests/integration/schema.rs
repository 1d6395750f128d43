//! The checked-in JSON Schemas must equal the generated ones: a model or report
//! change without `netreach schema … > schemas/…` fails here.

use assert_cmd::Command;

fn generated(which: &str) -> String {
    let output = Command::cargo_bin("netreach").map(|mut c| c.args(["schema", which]).output());
    match output {
        Ok(Ok(output)) => {
            assert!(output.status.success(), "netreach schema {which} failed");
            String::from_utf8_lossy(&output.stdout).into_owned()
        }
        other => panic!("cannot run netreach: {other:?}"),
    }
}

#[test]
fn inventory_schema_is_current() {
    let checked_in = include_str!("../../schemas/inventory.v1.schema.json");
    assert_eq!(
        generated("inventory"),
        checked_in,
        "schemas/inventory.v1.schema.json is stale: run `netreach schema inventory > schemas/inventory.v1.schema.json`"
    );
}

#[test]
fn report_schema_is_current() {
    let checked_in = include_str!("../../schemas/report.v2.schema.json");
    assert_eq!(
        generated("report"),
        checked_in,
        "schemas/report.v2.schema.json is stale: run `netreach schema report > schemas/report.v2.schema.json`"
    );
}

#[test]
fn inventory_schema_rejects_unknown_fields_and_names_every_list() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../schemas/inventory.v1.schema.json"))
            .unwrap_or(serde_json::Value::Null);
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
    for key in netreach::model::LIST_KEYS {
        assert!(
            schema["properties"].get(key).is_some(),
            "schema lacks `{key}`"
        );
    }
    assert_eq!(schema["required"], serde_json::json!(["version"]));
}
