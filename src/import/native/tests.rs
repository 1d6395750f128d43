//! Unit tests of the native loader: pointers resolved to lines and columns,
//! problems reported together, origins of merged lists, messages reworded.

use super::messages::{api_spelling, classify, domain_of, Serde};
use super::parse::{house_style, syntax_of};
use super::*;

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn errors(name: &str, text: &str) -> Vec<InputError> {
    match load(vec![source(name, text)]) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

fn loaded(name: &str, text: &str) -> Loaded {
    match load(vec![source(name, text)]) {
        Ok(loaded) => loaded,
        Err(errors) => panic!("unexpected errors: {errors:?}"),
    }
}

fn at(location: &Location) -> (Option<usize>, Option<usize>) {
    (location.line, location.column)
}

const JSON: &str = "{\n  \"version\": 1,\n  \"vpcs\": [\n    {\"id\": \"vpc-a\", \"region\": \"r\", \"cidrs\": [\"10.0.0.0/16\"]},\n    {\"id\": \"vpc-é\",\n     \"region\": \"r\", \"cidrs\": [\"10.1.0.0/16\", \"10.2.0.0/16\"]}\n  ],\n  \"a/b\": []\n}\n";

#[test]
fn json_pointers_resolve_to_lines_and_columns() {
    let loaded = loaded("a.json", &JSON.replace(",\n  \"a/b\": []", ""));
    let map = &loaded.sources;
    assert_eq!(at(&map.locate_in_file(0, "")), (Some(1), Some(1)));
    assert_eq!(at(&map.locate_in_file(0, "/version")), (Some(2), Some(3)));
    assert_eq!(at(&map.locate_in_file(0, "/vpcs")), (Some(3), Some(3)));
    assert_eq!(at(&map.locate_in_file(0, "/vpcs/0")), (Some(4), Some(5)));
    assert_eq!(
        at(&map.locate_in_file(0, "/vpcs/0/region")),
        (Some(4), Some(21))
    );
    // columns count characters: `é` is one column, two bytes
    assert_eq!(at(&map.locate("vpcs", 1, "/region")), (Some(6), Some(6)));
    assert_eq!(at(&map.locate("vpcs", 1, "/cidrs/1")), (Some(6), Some(46)));
}

#[test]
fn a_missing_node_is_found_at_its_nearest_ancestor() {
    let loaded = loaded("a.json", &JSON.replace(",\n  \"a/b\": []", ""));
    let map = &loaded.sources;
    assert_eq!(at(&map.locate("vpcs", 0, "/account")), (Some(4), Some(5)));
    assert_eq!(at(&map.locate("vpcs", 1, "/cidrs/7")), (Some(6), Some(21)));
    assert_eq!(
        at(&map.locate_in_file(0, "/nothing/here")),
        (Some(1), Some(1))
    );
    let location = map.locate_in_file(0, "/vpcs/0/account");
    assert_eq!(location.pointer, "/vpcs/0/account");
    assert_eq!(location.file, "a.json");
}

#[test]
fn escaped_pointer_segments_resolve() {
    let found = errors("a.json", JSON);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].location.pointer, "/a~1b");
    assert_eq!(at(&found[0].location), (Some(8), Some(3)));
}

#[test]
fn yaml_pointers_resolve_to_lines_and_columns() {
    let yaml =
            "version: 1\nvpcs:\n  - id: vpc-a\n    region: r\n    cidrs:\n      - 10.0.0.0/16\n      - 10.1.0.0/16\n";
    let loaded = loaded("a.yaml", yaml);
    let map = &loaded.sources;
    assert_eq!(at(&map.locate_in_file(0, "/version")), (Some(1), Some(1)));
    assert_eq!(at(&map.locate("vpcs", 0, "")), (Some(3), Some(5)));
    assert_eq!(at(&map.locate("vpcs", 0, "/region")), (Some(4), Some(5)));
    assert_eq!(at(&map.locate("vpcs", 0, "/cidrs/1")), (Some(7), Some(9)));
    assert_eq!(at(&map.locate("vpcs", 0, "/cidrs/9")), (Some(5), Some(5)));
}

#[test]
fn several_problems_of_one_element_are_reported() {
    let text = r#"{"version": 1, "vswitches": [
  {"id": "vsw-1", "vpc": "vpc-a", "cidrr": "10.0.0.0/24", "zonee": "z", "route_table": 5}
]}"#;
    let found = errors("a.json", text);
    let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "a.json:2:35: /vswitches/0/cidrr: unknown field `cidrr`\n  hint: did you mean `cidr`?",
            "a.json:2:59: /vswitches/0/zonee: unknown field `zonee`\n  hint: did you mean `zone`?",
            "a.json:2:73: /vswitches/0/route_table: expected a string, found 5",
        ]
    );
}

#[test]
fn merged_lists_remember_their_origin() {
    let a = r#"{"version": 1, "accounts": [{"id": "1"}, {"id": "2"}]}"#;
    let b = r#"{"version": 1, "accounts": [{"id": "3"}]}"#;
    let Ok(loaded) = load(vec![source("a.json", a), source("b.json", b)]) else {
        panic!("both files are valid");
    };
    assert_eq!(loaded.inventory.accounts.len(), 3);
    assert_eq!(loaded.sources.lists["accounts"], [(0, 0), (0, 1), (1, 0)]);
    assert_eq!(loaded.sources.lists.len(), LIST_KEYS.len());
    let location = loaded.sources.locate("accounts", 2, "/id");
    assert_eq!(location.file, "b.json");
    assert_eq!(location.pointer, "/accounts/0/id");
    assert_eq!(at(&location), (Some(1), Some(30)));
}

#[test]
fn duplicate_keys_are_refused() {
    let found = errors("a.json", "{\"version\": 1,\n \"vpcs\": [], \"vpcs\": []}");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("duplicate key `vpcs`"),
        "{found:?}"
    );
    assert_eq!(found[0].location.line, Some(2));
}

#[test]
fn syntax_follows_the_name_then_the_first_character() {
    assert_eq!(syntax_of("a.YML", "{}"), Syntax::Yaml);
    assert_eq!(syntax_of("a.json", "version: 1"), Syntax::Json);
    assert_eq!(syntax_of("a.txt", "  {"), Syntax::Json);
    assert_eq!(syntax_of("a.txt", "version: 1"), Syntax::Yaml);
}

#[test]
fn api_spellings_of_enum_values_get_the_native_word() {
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let hops = words(&[
        "nat_gateway",
        "vpc_peer",
        "tr_attachment",
        "vpn_gateway",
        "vbr",
        "instance",
        "network_interface",
        "havip",
        "ipv4_gateway",
    ]);
    for (api, native) in [
        ("VpcPeer", "vpc_peer"),
        ("Instance", "instance"),
        ("HaVip", "havip"),
        ("Ipv4Gateway", "ipv4_gateway"),
        ("NatGateway", "nat_gateway"),
        ("Attachment", "tr_attachment"),
        ("RouterInterface", "vbr"),
    ] {
        assert_eq!(api_spelling(api, &hops), Some(native), "{api}");
    }
    assert_eq!(api_spelling("vpc_peer", &hops), None);
    assert_eq!(api_spelling("Gateway", &hops), None);
    let statuses = words(&["attached", "attaching", "detaching"]);
    assert_eq!(api_spelling("Attached", &statuses), Some("attached"));
}

#[test]
fn numbers_are_named_in_their_domain() {
    assert_eq!(
        domain_of(Some("port"), "u32").as_deref(),
        Some("a port number from 1 to 65535")
    );
    assert_eq!(domain_of(Some("name"), "u32"), None);
    assert_eq!(domain_of(Some("port"), "a string"), None);
}

#[test]
fn serde_messages_are_taken_apart() {
    assert_eq!(
        classify("unknown field `a`b`, expected `x` or `y`", Some("a`b")),
        Serde::UnknownField {
            field: "a`b".to_string(),
            expected: vec!["x".to_string(), "y".to_string()]
        }
    );
    assert_eq!(
        classify("invalid type: string \"a, expected b\", expected u32", None),
        Serde::Mismatch {
            expected: "u32".to_string()
        }
    );
    assert_eq!(describe(&Value::from("x".repeat(100))).chars().count(), 62);
    assert_eq!(house_style("Recursive reference."), "recursive reference");
    assert_eq!(house_style("EOF here"), "EOF here");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever the bytes, loading never panics, and a refusal always says why.
    #[test]
    fn any_mangled_inventory_is_loaded_or_explained(
        cut in 0usize..400,
        insert in proptest::prelude::any::<u8>(),
        yaml in proptest::prelude::any::<bool>(),
    ) {
        let text = r#"{"version": 1, "vpcs": [{"id": "vpc-a", "region": "r", "cidrs": ["10.0.0.0/8"]}], "vswitches": [{"id": "vsw-a", "vpc": "vpc-a", "cidr": "10.0.0.0/24", "tags": {"a": "b"}}], "route_tables": [{"id": "vtb", "vpc": "vpc-a", "kind": "system", "routes": [{"destination": "0.0.0.0/0", "next_hop": {"type": "nat_gateway", "id": "ngw"}}]}]}"#;
        let mut bytes = text.as_bytes().to_vec();
        let at = cut.min(bytes.len());
        bytes.insert(at, insert);
        let name = if yaml { "a.yaml" } else { "a.json" };
        if let Err(found) = load(vec![Source { name: name.to_string(), bytes }]) {
            proptest::prop_assert!(!found.is_empty());
            for error in &found {
                proptest::prop_assert!(!error.message.is_empty());
                proptest::prop_assert_eq!(&error.location.file, name);
            }
        }
    }
}
