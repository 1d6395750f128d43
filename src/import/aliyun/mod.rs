//! `netreach import aliyun`: the JSON the aliyun CLI prints for the Describe/List
//! APIs, turned into one native [`Inventory`].
//!
//! Each file holds one API response, in any file name: it is recognized by its
//! content, from the path of its collection (`Vpcs.Vpc`, `RouterTableList.
//! RouterTableListType`, `TransitRouters`, `PagingInfo.NetworkList`, …; see
//! [`APIS`]), so a raw paged response and the merged `--pager` output (which
//! keeps only that path) are both read, and several pages of one API are simply
//! several files. Each element is read into a private raw struct of that API
//! (`raw`), turned into XX
//! the facts into the native inventory. Whatever cannot be modelled is reported
//! in the [`Coverage`], never dropped silently. The core does no I/O: the CLI
//! reads the files and passes their names and bytes.
//!
//! Where a response does not name the resource it was asked for (the route
//! entries of a transit-router table, the whitelist of an RDS instance), the
//! file's path is the only link left: the importer looks for the id there, then
//! for the only candidate; otherwise it reports the items as skipped.

mod dataworks;
pub mod lenient;
mod raw;

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use self::lenient::{split_list, List, Text};
use crate::diag::InputError;
use crate::import::build::coverage::FileCoverage;
use crate::import::build::facts::*;
use crate::import::build::{self, Builder};
use crate::import::native::Source;
use crate::model::Tags;

pub use crate::import::build::{Imported, Options};

/// The APIs the importer reads, by the path of their collection.
pub const APIS: &[(&str, &[&str])] = &[
    ("DescribeVpcs", &["Vpcs", "Vpc"]),
    ("DescribeVSwitches", &["VSwitches", "VSwitch"]),
    (
        "DescribeRouteTableList",
        &["RouterTableList", "RouterTableListType"],
    ),
    ("DescribeRouteEntryList", &["RouteEntrys", "RouteEntry"]),
    ("DescribeRouteTables", &["RouteTables", "RouteTable"]),
    ("ListVpcPeerConnections", &["VpcPeerConnects"]),
    ("DescribeNatGateways", &["NatGateways", "NatGateway"]),
    (
        "DescribeSnatTableEntries",
        &["SnatTableEntries", "SnatTableEntry"],
    ),
    ("DescribeEipAddresses", &["EipAddresses", "EipAddress"]),
    ("DescribeCens", &["Cens", "Cen"]),
    (
        "DescribeCenAttachedChildInstances",
        &["ChildInstances", "ChildInstance"],
    ),
    (
        "DescribeCenBandwidthPackages",
        &["CenBandwidthPackages", "CenBandwidthPackage"],
    ),
    (
        "DescribeCenInterRegionBandwidthLimits",
        &[
            "CenInterRegionBandwidthLimits",
            "CenInterRegionBandwidthLimit",
        ],
    ),
    ("ListTransitRouters", &["TransitRouters"]),
    (
        "ListTransitRouterAttachments",
        &["TransitRouterAttachments"],
    ),
    (
        "ListTransitRouterRouteTables",
        &["TransitRouterRouteTables"],
    ),
    (
        "ListTransitRouterRouteEntries",
        &["TransitRouterRouteEntries"],
    ),
    (
        "ListTransitRouterRouteTableAssociations",
        &["TransitRouterAssociations"],
    ),
    (
        "ListTransitRouterRouteTablePropagations",
        &["TransitRouterPropagations"],
    ),
    (
        "DescribeVirtualBorderRouters",
        &["VirtualBorderRouterSet", "VirtualBorderRouterType"],
    ),
    (
        "DescribePhysicalConnections",
        &["PhysicalConnectionSet", "PhysicalConnectionType"],
    ),
    ("DescribeVpnGateways", &["VpnGateways", "VpnGateway"]),
    (
        "DescribeVpnConnections",
        &["VpnConnections", "VpnConnection"],
    ),
    (
        "DescribeCustomerGateways",
        &["CustomerGateways", "CustomerGateway"],
    ),
    ("DescribeInstances", &["Instances", "Instance"]),
    (
        "DescribeSecurityGroupAttribute",
        &["Permissions", "Permission"],
    ),
    (
        "DescribeDBInstanceNetInfo",
        &["DBInstanceNetInfos", "DBInstanceNetInfo"],
    ),
    (
        "DescribeDBInstanceIPArrayList",
        &["Items", "DBInstanceIPArray"],
    ),
    ("ListResourceGroups", &["PagingInfo", "ResourceGroupList"]),
    ("ListNetworks", &["PagingInfo", "NetworkList"]),
    ("ListRoutes", &["PagingInfo", "RouteList"]),
    // DataWorks data sources: 2024-05-18 (`PagingInfo`) and 2020-05-18 (`Data`)
    ("ListDataSources", &["PagingInfo", "DataSources"]),
    ("ListDataSources", &["Data", "DataSources"]),
    // Lists `collect aliyun` reads for the ids of its per-resource calls:
    // recognized, their items counted, nothing imported from them.
    ("DescribeRegions", &["Regions", "Region"]),
    (
        "DescribeSecurityGroups",
        &["SecurityGroups", "SecurityGroup"],
    ),
    ("DescribeDBInstances", &["Items", "DBInstance"]),
    ("ListProjects", &["PagingInfo", "Projects"]),
];

/// Keys of a raw response that `--pager` output does not have; `RequestId`
/// first, since a response of an API that does not page has only that one.
const PAGING_KEYS: [&str; 7] = [
    "RequestId",
    "TotalCount",
    "PageNumber",
    "PageSize",
    "NextToken",
    "MaxResults",
    "MaxResult",
];

/// How one file pages.
#[derive(Debug, Clone)]
struct Paging {
    api: String,
    file: String,
    merged: bool,
    number: Option<(u64, Option<u64>, Option<u64>)>,
    token: Option<bool>,
    items: usize,
}

/// Imports the files. A file that is not JSON (an HTML error page saved as
/// `.json`, a body cut off) is named in the coverage report with its line and
/// column, and the rest is imported: the coverage then says the import is
/// partial ([`Coverage::unreadable`]).
pub fn import(sources: &[Source], options: &Options) -> Result<Imported, Vec<InputError>> {
    let mut builder = Builder::new("aliyun", options.region.clone());
    let mut errors = Vec::new();
    let mut paging = Vec::new();
    build::each_file(sources, &mut errors, |name, value| {
        if let Some(page) = feed_file(&mut builder, name, value) {
            paging.push(page);
        }
    });
    for error in errors {
        let text = sources
            .iter()
            .find(|s| s.name == error.location.file)
            .map(|s| String::from_utf8_lossy(&s.bytes).trim_start().to_string())
            .unwrap_or_default();
        let mut note = error.message.clone();
        if text.starts_with('<') {
            note = format!(
                "an HTML or XML page, not an API response (an error page saved as .json?): {note}"
            );
        } else if note.contains("EOF while parsing") {
            note = format!("the body is cut off: {note}");
        }
        builder.file(FileCoverage {
            file: error.location.file.clone(),
            recognized_as: None,
            shape: None,
            page: None,
            items: 0,
            note: Some(note),
            line: Some(error.location.line.unwrap_or(1)),
            column: Some(error.location.column.unwrap_or(1)),
        });
    }
    page_warnings(&mut builder, &paging);
    let (inventory, coverage) = builder.finish();
    Ok(Imported {
        inventory,
        coverage,
    })
}

/// The array at `path` inside `root`.
fn collection<'a>(root: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Vec<Value>> {
    let (last, parents) = path.split_last()?;
    let mut at = root;
    for key in parents {
        at = at.get(*key)?.as_object()?;
    }
    at.get(*last)?.as_array()
}

fn number(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Recognizes one file and feeds its items; returns its paging.
fn feed_file(b: &mut Builder, file: &str, value: &Value) -> Option<Paging> {
    let Some(root) = value.as_object() else {
        let what = match value {
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            _ => "null",
        };
        b.file(unrecognized(
            file,
            format!("the top level is {what}, not an API response object"),
        ));
        return None;
    };
    if root.contains_key("collect_version") && root.contains_key("entries") {
        collect_log(b, file, root);
        return None;
    }
    let Some((api, path)) = APIS
        .iter()
        .find(|(_, path)| collection(root, path).is_some())
    else {
        let mut keys: Vec<&str> = root.keys().map(String::as_str).collect();
        keys.truncate(8);
        let note = if keys.is_empty() {
            "an empty object".to_string()
        } else {
            format!(
                "no known API collection; top-level keys: {}",
                keys.join(", ")
            )
        };
        b.file(unrecognized(file, note));
        return None;
    };
    let items = collection(root, path).cloned().unwrap_or_default();
    // Paging keys sit at the top, or (DataWorks) next to the list in PagingInfo.
    let inner = match path {
        [first, _] => root.get(*first).and_then(Value::as_object),
        _ => None,
    };
    let key = |name: &str| root.get(name).or_else(|| inner.and_then(|m| m.get(name)));
    let merged = !PAGING_KEYS.iter().any(|k| key(k).is_some());
    // A response of an API that does not page carries only its RequestId.
    let paged = PAGING_KEYS.iter().skip(1).any(|k| key(k).is_some());
    let shape = match (merged, paged) {
        (true, _) => "merged",
        (false, true) => "page",
        (false, false) => "response",
    };
    let number_paging = number(key("PageNumber"))
        .map(|page| (page, number(key("PageSize")), number(key("TotalCount"))));
    let token = key("NextToken").map(|t| t.as_str().is_some_and(|t| !t.trim().is_empty()));
    let api = if *api == "ListTransitRouterAttachments" {
        attachments_api(&items)
    } else {
        api.to_string()
    };
    let page = if merged {
        None
    } else if let Some((page, size, total)) = number_paging {
        match (size, total) {
            (Some(size), Some(total)) if size > 0 => {
                Some(format!("page {page} of {}", total.div_ceil(size).max(1)))
            }
            _ => Some(format!("page {page}")),
        }
    } else {
        match token {
            Some(true) => Some("more pages follow".to_string()),
            Some(false) => Some("last page".to_string()),
            None => None,
        }
    };
    b.file(FileCoverage {
        file: file.to_string(),
        recognized_as: Some(api.clone()),
        shape: Some(shape.to_string()),
        page,
        items: items.len(),
        note: None,
        line: None,
        column: None,
    });
    feed_api(b, file, &api, root, &items);
    Some(Paging {
        api,
        file: file.to_string(),
        merged,
        number: number_paging,
        token,
        items: items.len(),
    })
}

/// The `collect.json` log of `netreach collect aliyun`: every failed call is
/// a warning, since the resources it would have listed are missing.
fn collect_log(b: &mut Builder, file: &str, root: &Map<String, Value>) {
    let entries = root
        .get("entries")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut failed = 0;
    for entry in entries {
        let Some(error) = entry.get("error").and_then(Value::as_str) else {
            continue;
        };
        failed += 1;
        let argv: Vec<&str> = entry
            .get("argv")
            .and_then(Value::as_array)
            .map(|argv| argv.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let api = argv.get(2).copied().unwrap_or("?");
        b.warn(
            file,
            "collect_call",
            api,
            format!(
                "`{}` failed ({error}): what it lists is missing from the inventory",
                argv.join(" ")
            ),
        );
    }
    b.file(FileCoverage {
        file: file.to_string(),
        recognized_as: Some("collect log".to_string()),
        shape: None,
        page: None,
        items: entries.len(),
        note: (failed > 0).then(|| format!("{failed} call(s) failed: the collection is partial")),
        line: None,
        column: None,
    });
}

fn unrecognized(file: &str, note: String) -> FileCoverage {
    FileCoverage {
        file: file.to_string(),
        recognized_as: None,
        shape: None,
        page: None,
        items: 0,
        note: Some(note),
        line: None,
        column: None,
    }
}

/// Which of the four attachment APIs a `TransitRouterAttachments` page is.
fn attachments_api(items: &[Value]) -> String {
    let kinds: BTreeSet<String> = items
        .iter()
        .filter_map(|item| item.as_object())
        .map(|item| attachment_type(item).to_ascii_uppercase())
        .collect();
    let name = match kinds
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["VPC"] => "Vpc",
        ["VBR"] => "Vbr",
        ["VPN"] => "Vpn",
        ["TR"] => "Peer",
        _ => "*",
    };
    format!("ListTransitRouter{name}Attachments")
}

/// The `ResourceType` of an attachment, or what its fields say it is.
fn attachment_type(item: &Map<String, Value>) -> String {
    let said = item
        .get("ResourceType")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if !said.is_empty() {
        return said.to_string();
    }
    let has = |key: &str| {
        item.get(key)
            .and_then(Value::as_str)
            .is_some_and(|v| !v.trim().is_empty())
    };
    if has("PeerTransitRouterId") {
        "TR"
    } else if has("VbrId") {
        "VBR"
    } else if has("VpnId") {
        "VPN"
    } else if has("VpcId") {
        "VPC"
    } else {
        ""
    }
    .to_string()
}

/// Missing pages: a numbered series with a gap, or token pages with no last one.
fn page_warnings(b: &mut Builder, paging: &[Paging]) {
    let mut series: BTreeMap<(String, u64, u64), (BTreeSet<u64>, String)> = BTreeMap::new();
    let mut tokens: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    for page in paging {
        if page.merged {
            continue;
        }
        if let Some((number, Some(size), Some(total))) = page.number {
            // what this page should hold by its TotalCount and PageSize
            let before = number.saturating_sub(1).saturating_mul(size);
            let expected = total.saturating_sub(before).min(size);
            if (page.items as u64) < expected {
                b.warn(
                    &page.file,
                    "page",
                    &page.api,
                    format!(
                        "`TotalCount` {total} with `PageSize` {size} means page {number} holds {expected} item(s), but it holds {}: items are missing",
                        page.items
                    ),
                );
            }
            let slot = series
                .entry((page.api.clone(), size, total))
                .or_insert_with(|| (BTreeSet::new(), page.file.clone()));
            slot.0.insert(number);
            if page.file < slot.1 {
                slot.1 = page.file.clone();
            }
        } else if let Some(more) = page.token {
            let slot = tokens
                .entry(page.api.clone())
                .or_insert_with(|| (0, 0, page.file.clone()));
            slot.0 += 1;
            if more {
                slot.1 += 1;
            }
            if page.file < slot.2 {
                slot.2 = page.file.clone();
            }
        }
    }
    for ((api, size, total), (numbers, file)) in series {
        if size == 0 {
            continue;
        }
        let pages = total.div_ceil(size);
        let absent: Vec<String> = (1..=pages)
            .filter(|n| !numbers.contains(n))
            .map(|n| n.to_string())
            .collect();
        if !absent.is_empty() {
            b.warn(
                &file,
                "page",
                &api,
                format!(
                    "page {} of {pages} not found (TotalCount {total}, PageSize {size}): its items are missing",
                    absent.join(", ")
                ),
            );
        }
    }
    for (api, (count, more, file)) in tokens {
        if count > 0 && count == more {
            b.warn(
                &file,
                "page",
                &api,
                "every page has a NextToken: the last page was not found, so items may be missing",
            );
        }
    }
}

/// Reads the items of one recognized file into raw structs; an unreadable
/// item is reported, not fatal.
fn items<T: DeserializeOwned>(b: &mut Builder, file: &str, api: &str, list: &[Value]) -> Vec<T> {
    let mut out = Vec::new();
    let fields = fields_of::<T>();
    for (index, value) in list.iter().enumerate() {
        match T::deserialize(with_known_case(value, fields).as_ref()) {
            Ok(item) => out.push(item),
            Err(error) => b.skip(
                file,
                "item",
                &format!("{api}[{index}]"),
                format!("unreadable item: {error}"),
            ),
        }
    }
    out
}

/// The field names a raw struct reads (its `deserialize_struct` fields),
/// found by asking it to deserialize from a deserializer that only listens.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};

    struct Listen<'a>(&'a mut &'static [&'static str]);

    #[derive(Debug)]
    struct Stop;

    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fields listed")
        }
    }

    impl std::error::Error for Stop {}

    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Stop {
            Stop
        }
    }

    impl<'de> de::Deserializer<'de> for Listen<'_> {
        type Error = Stop;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            *self.0 = fields;
            Err(Stop)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Listen(&mut fields));
    fields
}

/// The item with each top-level key spelled as the raw struct spells it,
/// where the body writes it in another case (DescribeVpnConnections'
/// `status`; AnalyticDB's `connectionString`, `ipAddress`, `securityIPList`).
fn with_known_case<'a>(value: &'a Value, fields: &[&str]) -> std::borrow::Cow<'a, Value> {
    use std::borrow::Cow;
    let Some(object) = value.as_object() else {
        return Cow::Borrowed(value);
    };
    // keys a struct does not read are ignored: only a key that differs from a
    // field in case alone needs a copy
    let differs = |key: &String| {
        !fields.contains(&key.as_str()) && fields.iter().any(|f| f.eq_ignore_ascii_case(key))
    };
    if !object.keys().any(differs) {
        return Cow::Borrowed(value);
    }
    let mut out = Map::new();
    for (key, item) in object {
        let known = if fields.contains(&key.as_str()) {
            key.as_str()
        } else {
            fields
                .iter()
                .find(|field| field.eq_ignore_ascii_case(key) && !object.contains_key(**field))
                .copied()
                .unwrap_or(key.as_str())
        };
        out.insert(known.to_string(), item.clone());
    }
    Cow::Owned(Value::Object(out))
}

fn tags(list: &List<raw::Tag>) -> Option<Tags> {
    let mut tags = Tags::new();
    for tag in list.iter() {
        let key = tag.key.get().or_else(|| tag.tag_key.get());
        let value = if tag.key.is_empty() {
            tag.tag_value.as_str().to_string()
        } else {
            tag.value.as_str().to_string()
        };
        if let Some(key) = key {
            tags.insert(key, value);
        }
    }
    (!tags.is_empty()).then_some(tags)
}

fn common(name: &Text, tag_list: &List<raw::Tag>, account: &Text) -> Common {
    Common {
        name: name.get(),
        tags: tags(tag_list),
        account: account.get(),
    }
}

fn texts(list: &List<Text>) -> Vec<String> {
    list.iter().filter_map(Text::get).collect()
}

/// Skips an item that has no id, and says so.
fn no_id(b: &mut Builder, file: &str, kind: &str, field: &str) {
    b.skip(file, kind, "?", format!("item without `{field}`"));
}

fn feed_api(b: &mut Builder, file: &str, api: &str, root: &Map<String, Value>, list: &[Value]) {
    match api {
        "DescribeVpcs" => vpcs(b, file, api, list),
        "DescribeVSwitches" => vswitches(b, file, api, list),
        "DescribeRouteTableList" => route_table_list(b, file, api, list),
        "DescribeRouteEntryList" => {
            for entry in items::<raw::RouteEntry>(b, file, api, list) {
                route_entry(b, file, &entry, None);
            }
        }
        "DescribeRouteTables" => route_tables(b, file, api, list),
        "ListVpcPeerConnections" => peerings(b, file, api, list),
        "DescribeNatGateways" => nats(b, file, api, list),
        "DescribeSnatTableEntries" => snats(b, file, api, list),
        "DescribeEipAddresses" => eips(b, file, api, list),
        "DescribeCens" => {
            for cen in items::<raw::Cen>(b, file, api, list) {
                let Some(id) = cen.cen_id.get() else {
                    no_id(b, file, "cen", "CenId");
                    continue;
                };
                let fact = CenFact {
                    id,
                    common: common(&cen.name, &cen.tags, &Text::default()),
                };
                b.cen(file, fact);
            }
        }
        "DescribeCenAttachedChildInstances" => {
            for child in items::<raw::ChildInstance>(b, file, api, list) {
                b.child(ChildFact {
                    file: file.to_string(),
                    cen: child.cen_id.as_str().to_string(),
                    instance: child.child_instance_id.as_str().to_string(),
                    kind: child.child_instance_type.as_str().to_string(),
                    region: child.child_instance_region_id.get(),
                    status: child.status.get(),
                });
            }
        }
        "DescribeCenBandwidthPackages" => {
            for package in items::<raw::BandwidthPackage>(b, file, api, list) {
                let cens = texts(&package.cen_ids).join(", ");
                b.skip(
                    file,
                    "cen_bandwidth_package",
                    package.cen_bandwidth_package_id.as_str(),
                    format!(
                        "bandwidth packages are not modelled (CEN {cens}): the inventory takes the bandwidth allocated to each region pair or inter-region connection"
                    ),
                );
            }
        }
        "DescribeCenInterRegionBandwidthLimits" => {
            for limit in items::<raw::BandwidthLimit>(b, file, api, list) {
                b.limit(LimitFact {
                    file: file.to_string(),
                    cen: limit.cen_id.as_str().to_string(),
                    region_a: limit.local_region_id.as_str().to_string(),
                    region_b: limit.opposite_region_id.as_str().to_string(),
                    mbps: limit.bandwidth_limit.0,
                    status: limit.status.get(),
                    attachment: limit.transit_router_attachment_id.get(),
                });
            }
        }
        "ListTransitRouters" => {
            for tr in items::<raw::TransitRouter>(b, file, api, list) {
                let Some(id) = tr.transit_router_id.get() else {
                    no_id(b, file, "transit_router", "TransitRouterId");
                    continue;
                };
                let fact = TrFact {
                    id,
                    common: common(&tr.transit_router_name, &tr.tags, &tr.ali_uid),
                    cen: tr.cen_id.as_str().to_string(),
                    region: tr.region_id.get(),
                    kind: tr.kind.get(),
                };
                b.transit_router(file, fact);
            }
        }
        name if name.starts_with("ListTransitRouter") && name.ends_with("Attachments") => {
            attachments(b, file, api, list)
        }
        "ListTransitRouterRouteTables" => {
            for table in items::<raw::TrRouteTable>(b, file, api, list) {
                let Some(id) = table.transit_router_route_table_id.get() else {
                    no_id(b, file, "tr_route_table", "TransitRouterRouteTableId");
                    continue;
                };
                let fact = TrTableFact {
                    id,
                    common: common(
                        &table.transit_router_route_table_name,
                        &table.tags,
                        &Text::default(),
                    ),
                    tr: table.transit_router_id.as_str().to_string(),
                    kind: table.transit_router_route_table_type.get(),
                };
                b.tr_table(file, fact);
            }
        }
        "ListTransitRouterRouteEntries" => {
            for entry in items::<raw::TrRouteEntry>(b, file, api, list) {
                b.tr_route(TrRouteFact {
                    file: file.to_string(),
                    table: None,
                    id: entry.transit_router_route_entry_id.get(),
                    destination: entry
                        .transit_router_route_entry_destination_cidr_block
                        .as_str()
                        .to_string(),
                    entry_type: entry.transit_router_route_entry_type.as_str().to_string(),
                    status: entry.transit_router_route_entry_status.get(),
                    hop_type: entry
                        .transit_router_route_entry_next_hop_type
                        .as_str()
                        .to_string(),
                    hop_id: entry.transit_router_route_entry_next_hop_id.get(),
                });
            }
        }
        "ListTransitRouterRouteTableAssociations" | "ListTransitRouterRouteTablePropagations" => {
            let association = api.ends_with("Associations");
            for link in items::<raw::TrLink>(b, file, api, list) {
                b.tr_link(TrLinkFact {
                    file: file.to_string(),
                    table: link.transit_router_route_table_id.as_str().to_string(),
                    attachment: link.transit_router_attachment_id.as_str().to_string(),
                    association,
                    status: link.status.get(),
                });
            }
        }
        "DescribeVirtualBorderRouters" => {
            for vbr in items::<raw::Vbr>(b, file, api, list) {
                let Some(id) = vbr.vbr_id.get() else {
                    no_id(b, file, "vbr", "VbrId");
                    continue;
                };
                let fact = VbrFact {
                    id,
                    common: common(&vbr.name, &List::default(), &Text::default()),
                    region: vbr.region_id.get(),
                    physical_connection: vbr.physical_connection_id.as_str().to_string(),
                    status: vbr.status.get(),
                    table: vbr.route_table_id.get(),
                    access_point: vbr.access_point_id.get(),
                    local_ip: vbr.local_gateway_ip.get(),
                    peer_ip: vbr.peer_gateway_ip.get(),
                };
                b.vbr(file, fact);
            }
        }
        "DescribePhysicalConnections" => {
            for pc in items::<raw::PhysicalConnection>(b, file, api, list) {
                let Some(id) = pc.physical_connection_id.get() else {
                    no_id(b, file, "physical_connection", "PhysicalConnectionId");
                    continue;
                };
                let fact = PhysicalConnectionFact {
                    id,
                    common: common(&pc.name, &List::default(), &Text::default()),
                    status: pc.status.get(),
                };
                b.physical_connection(file, fact);
            }
        }
        "DescribeVpnGateways" => {
            for gateway in items::<raw::VpnGateway>(b, file, api, list) {
                let Some(id) = gateway.vpn_gateway_id.get() else {
                    no_id(b, file, "vpn_gateway", "VpnGatewayId");
                    continue;
                };
                let fact = VpnGatewayFact {
                    id,
                    common: common(&gateway.name, &gateway.tags, &Text::default()),
                    vpc: gateway.vpc_id.as_str().to_string(),
                    status: gateway.status.get(),
                };
                b.vpn_gateway(file, fact);
            }
        }
        "DescribeVpnConnections" => {
            for connection in items::<raw::VpnConnection>(b, file, api, list) {
                let Some(id) = connection.vpn_connection_id.get() else {
                    no_id(b, file, "vpn_connection", "VpnConnectionId");
                    continue;
                };
                let tunnels = &connection.tunnel_options_specification;
                let fact = VpnConnectionFact {
                    id,
                    common: common(&connection.name, &connection.tag, &Text::default()),
                    gateway: connection.vpn_gateway_id.get(),
                    transit_router: connection.transit_router_id.get(),
                    customer_gateway: connection
                        .customer_gateway_id
                        .get()
                        .or_else(|| tunnels.iter().find_map(|t| t.customer_gateway_id.get())),
                    local: split_list(connection.local_subnet.as_str()),
                    remote: split_list(connection.remote_subnet.as_str()),
                    status: connection.status.get(),
                    tunnel_statuses: tunnels.iter().filter_map(|t| t.status.get()).collect(),
                    publish_to_vpc: None,
                };
                b.vpn_connection(file, fact);
            }
        }
        "DescribeCustomerGateways" => {
            for gateway in items::<raw::CustomerGateway>(b, file, api, list) {
                let Some(id) = gateway.customer_gateway_id.get() else {
                    no_id(b, file, "customer_gateway", "CustomerGatewayId");
                    continue;
                };
                let fact = CustomerGatewayFact {
                    id,
                    common: common(&gateway.name, &List::default(), &Text::default()),
                    ip: gateway.ip_address.as_str().to_string(),
                };
                b.customer_gateway(file, fact);
            }
        }
        "DescribeInstances" => instances(b, file, api, list),
        "DescribeSecurityGroupAttribute" => security_group(b, file, api, root, list),
        "DescribeDBInstanceNetInfo" => net_info(b, file, api, list),
        "DescribeDBInstanceIPArrayList" => {
            let groups = items::<raw::IpArray>(b, file, api, list)
                .into_iter()
                .map(|group| WhitelistGroupFact {
                    name: group.name.as_str().to_string(),
                    entries: split_list(group.security_ip_list.as_str()),
                    network_type: group
                        .whitelist_network_type
                        .get()
                        .or_else(|| group.whitelist_net_type.get()),
                })
                .collect();
            b.whitelist(WhitelistFact {
                file: file.to_string(),
                groups,
            });
        }
        "ListDataSources" => dataworks::data_sources(b, file, list),
        "ListResourceGroups" => {
            for group in items::<raw::ResourceGroup>(b, file, api, list) {
                let Some(id) = group.id.get() else {
                    no_id(b, file, "resource_group", "Id");
                    continue;
                };
                let fact = ResourceGroupFact {
                    id,
                    common: common(&group.name, &group.aliyun_resource_tags, &Text::default()),
                    kind: group.resource_group_type.get(),
                    status: group.status.get(),
                    default_vpc: group.default_vpc_id.get(),
                    default_vswitch: group
                        .default_vswicth_id
                        .get()
                        .or_else(|| group.default_vswitch_id.get()),
                    region: None,
                };
                b.resource_group(file, fact);
            }
        }
        "ListNetworks" => {
            for network in items::<raw::Network>(b, file, api, list) {
                let Some(id) = network.id.get() else {
                    no_id(b, file, "network", "Id");
                    continue;
                };
                let fact = NetworkFact {
                    id,
                    resource_group: network.resource_group_id.as_str().to_string(),
                    vpc: network.vpc_id.as_str().to_string(),
                    vswitch: network.vswitch_id.as_str().to_string(),
                    status: network.status.get(),
                };
                b.network(file, fact);
            }
        }
        "ListRoutes" => {
            for route in items::<raw::NetworkRoute>(b, file, api, list) {
                b.network_route(NetworkRouteFact {
                    file: file.to_string(),
                    id: route.id.get(),
                    network: route.network_id.as_str().to_string(),
                    destination: route.destination_cidr.as_str().to_string(),
                });
            }
            if list.is_empty() {
                b.warn(
                    file,
                    "network_route",
                    "ListRoutes",
                    "an empty ListRoutes page does not say which network it is for; that network's route list stays unknown",
                );
            }
        }
        _ => {}
    }
}

fn vpcs(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for vpc in items::<raw::Vpc>(b, file, api, list) {
        let Some(id) = vpc.vpc_id.get() else {
            no_id(b, file, "vpc", "VpcId");
            continue;
        };
        let mut cidrs: Vec<String> = vpc.cidr_block.get().into_iter().collect();
        cidrs.extend(texts(&vpc.secondary_cidr_blocks));
        let fact = VpcFact {
            id,
            common: common(&vpc.vpc_name, &vpc.tags, &vpc.owner_id),
            region: vpc.region_id.get(),
            cidrs,
            ipv6_cidrs: vpc.ipv6_cidr_block.get().into_iter().collect(),
            user_cidrs: texts(&vpc.user_cidrs),
            system_table: None,
            table_ids: texts(&vpc.router_table_ids),
            vrouter: vpc.v_router_id.get(),
        };
        b.vpc(file, fact);
    }
}

fn vswitches(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for vsw in items::<raw::VSwitch>(b, file, api, list) {
        let Some(id) = vsw.v_switch_id.get() else {
            no_id(b, file, "vswitch", "VSwitchId");
            continue;
        };
        let fact = VSwitchFact {
            id,
            common: common(&vsw.v_switch_name, &vsw.tags, &vsw.owner_id),
            vpc: vsw.vpc_id.as_str().to_string(),
            zone: vsw.zone_id.get(),
            cidr: vsw.cidr_block.as_str().to_string(),
            ipv6_cidr: vsw.ipv6_cidr_block.get(),
            table: vsw.route_table.route_table_id.get(),
            table_type: vsw.route_table.route_table_type.get(),
        };
        b.vswitch(file, fact);
    }
}

fn route_table_list(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for table in items::<raw::RouteTableListItem>(b, file, api, list) {
        let Some(id) = table.route_table_id.get() else {
            no_id(b, file, "route_table", "RouteTableId");
            continue;
        };
        let fact = TableFact {
            id,
            common: common(&table.route_table_name, &table.tags, &table.owner_id),
            vpc: table.vpc_id.get(),
            vrouter: None,
            router_type: table.router_type.get(),
            router_id: table.router_id.get(),
            table_type: table.route_table_type.get(),
            associate_type: table.associate_type.get(),
            vswitches: texts(&table.v_switch_ids),
        };
        b.table(file, fact);
    }
}

/// One route entry, of either API: `NextHops` where present, else the older
/// flat `NextHopType` / `InstanceId`.
fn route_entry(b: &mut Builder, file: &str, entry: &raw::RouteEntry, table: Option<&str>) {
    let table = entry
        .route_table_id
        .get()
        .or_else(|| table.map(str::to_string))
        .unwrap_or_default();
    let mut hops: Vec<HopFact> = entry
        .next_hops
        .iter()
        .map(|hop| HopFact {
            kind: hop.next_hop_type.as_str().to_string(),
            id: hop.next_hop_id.as_str().to_string(),
            enabled: hop.enabled.0,
            related_id: hop.next_hop_related_info.instance_id.get(),
            related_type: hop.next_hop_related_info.instance_type.get(),
        })
        .collect();
    if hops.is_empty() && !(entry.next_hop_type.is_empty() && entry.instance_id.is_empty()) {
        hops.push(HopFact {
            kind: entry.next_hop_type.as_str().to_string(),
            id: entry.instance_id.as_str().to_string(),
            enabled: None,
            related_id: entry.next_hop_oppsite_instance_id.get(),
            related_type: entry.next_hop_oppsite_type.get(),
        });
    }
    let publish = entry
        .route_publish_targets
        .iter()
        .map(|target| PublishFact {
            target_type: target.publish_target_type.as_str().to_string(),
            target_id: target.publish_target_instance_id.get(),
            status: target.publish_status.get(),
        })
        .collect();
    b.route(RouteFact {
        file: file.to_string(),
        table,
        id: entry.route_entry_id.get(),
        destination: entry.destination_cidr_block.as_str().to_string(),
        entry_type: entry.entry_type.as_str().to_string(),
        service_type: entry.service_type.as_str().to_string(),
        status: entry.status.get(),
        hops,
        publish,
    });
}

fn route_tables(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for table in items::<raw::RouteTablesItem>(b, file, api, list) {
        let Some(id) = table.route_table_id.get() else {
            no_id(b, file, "route_table", "RouteTableId");
            continue;
        };
        for entry in table.route_entrys.iter() {
            route_entry(b, file, entry, Some(&id));
        }
        let vbr = table.router_type.as_str().eq_ignore_ascii_case("VBR");
        let fact = TableFact {
            id,
            common: common(&table.route_table_name, &List::default(), &Text::default()),
            vpc: table.vpc_id.get(),
            vrouter: (!vbr).then(|| table.v_router_id.get()).flatten(),
            router_type: table.router_type.get(),
            router_id: vbr.then(|| table.v_router_id.get()).flatten(),
            table_type: table.route_table_type.get(),
            associate_type: None,
            vswitches: texts(&table.v_switch_ids),
        };
        b.table(file, fact);
    }
}

fn peerings(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for peering in items::<raw::PeerConnection>(b, file, api, list) {
        let Some(id) = peering.instance_id.get() else {
            no_id(b, file, "peering_connection", "InstanceId");
            continue;
        };
        let fact = PeeringFact {
            id,
            common: common(&peering.name, &peering.tags, &peering.owner_id),
            vpc: peering.vpc.vpc_id.as_str().to_string(),
            peer_vpc: peering.accepting_vpc.vpc_id.as_str().to_string(),
            status: peering.status.get(),
            bandwidth: peering.bandwidth.0,
        };
        b.peering(file, fact);
    }
}

fn nats(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for nat in items::<raw::NatGateway>(b, file, api, list) {
        let Some(id) = nat.nat_gateway_id.get() else {
            no_id(b, file, "nat_gateway", "NatGatewayId");
            continue;
        };
        let fact = NatFact {
            id,
            common: common(&nat.name, &nat.tags, &Text::default()),
            vpc: nat.vpc_id.as_str().to_string(),
            vswitch: nat.nat_gateway_private_info.vswitch_id.get(),
            network_type: nat.network_type.get(),
            status: nat.status.get(),
            ips: nat
                .ip_lists
                .iter()
                .map(|ip| {
                    (
                        ip.allocation_id.as_str().to_string(),
                        ip.ip_address.as_str().to_string(),
                    )
                })
                .collect(),
            snat_tables: texts(&nat.snat_table_ids),
        };
        b.nat(file, fact);
    }
}

fn snats(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for entry in items::<raw::SnatEntry>(b, file, api, list) {
        b.snat(SnatFact {
            file: file.to_string(),
            id: entry.snat_entry_id.get(),
            table: entry.snat_table_id.get(),
            nat: entry.nat_gateway_id.get(),
            source_vswitch: entry.source_v_switch_id.get(),
            source_cidr: entry.source_cidr.get(),
            ips: split_list(entry.snat_ip.as_str()),
            status: entry.status.get(),
        });
    }
}

fn eips(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for eip in items::<raw::Eip>(b, file, api, list) {
        let Some(id) = eip.allocation_id.get() else {
            no_id(b, file, "eip", "AllocationId");
            continue;
        };
        let fact = EipFact {
            id,
            common: common(&eip.name, &eip.tags, &Text::default()),
            ip: eip.ip_address.as_str().to_string(),
            instance_type: eip.instance_type.get(),
            instance: eip.instance_id.get(),
        };
        b.eip(file, fact);
    }
}

fn attachments(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for (index, value) in list.iter().enumerate() {
        let kind = value.as_object().map(attachment_type).unwrap_or_default();
        let Some(att) = items::<raw::Attachment>(b, file, api, std::slice::from_ref(value)).pop()
        else {
            continue;
        };
        let Some(id) = att.transit_router_attachment_id.get() else {
            b.skip(
                file,
                "tr_attachment",
                &format!("{api}[{index}]"),
                "item without `TransitRouterAttachmentId`",
            );
            continue;
        };
        let upper = kind.to_ascii_uppercase();
        let resource = match upper.as_str() {
            "VPC" => att.vpc_id.as_str(),
            "VBR" => att.vbr_id.as_str(),
            "VPN" => att.vpn_id.as_str(),
            "TR" => att.peer_transit_router_id.as_str(),
            _ => "",
        }
        .to_string();
        let fact = AttachmentFact {
            id,
            common: common(
                &att.transit_router_attachment_name,
                &att.tags,
                &Text::default(),
            ),
            tr: att.transit_router_id.as_str().to_string(),
            resource_type: kind,
            resource,
            status: att.status.get(),
            vswitches: att
                .zone_mappings
                .iter()
                .filter_map(|z| z.v_switch_id.get())
                .collect(),
            route_sync: (upper == "VPC")
                .then_some(att.auto_publish_route_enabled.0)
                .flatten(),
            bandwidth: att.bandwidth.0,
        };
        b.attachment(file, fact, att.vbr_region_id.get());
    }
}

fn instances(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    for instance in items::<raw::Instance>(b, file, api, list) {
        let Some(id) = instance.instance_id.get() else {
            no_id(b, file, "ecs_instance", "InstanceId");
            continue;
        };
        let mut private_ips = texts(&instance.vpc_attributes.private_ip_address);
        for interface in instance.network_interfaces.iter() {
            private_ips.extend(interface.primary_ip_address.get());
            private_ips.extend(
                interface
                    .private_ip_sets
                    .iter()
                    .filter_map(|set| set.private_ip_address.get()),
            );
        }
        let mut seen = BTreeSet::new();
        private_ips.retain(|ip| seen.insert(ip.clone()));
        let public_ip = instance
            .eip_address
            .ip_address
            .get()
            .or_else(|| texts(&instance.public_ip_address).into_iter().next());
        let fact = EcsFact {
            id,
            common: common(&instance.instance_name, &instance.tags, &Text::default()),
            network_type: instance.instance_network_type.get(),
            vswitch: instance.vpc_attributes.v_switch_id.get(),
            private_ips,
            public_ip,
            security_groups: texts(&instance.security_group_ids),
            status: instance.status.get(),
        };
        b.ecs(file, fact);
    }
}

fn security_group(
    b: &mut Builder,
    file: &str,
    api: &str,
    root: &Map<String, Value>,
    list: &[Value],
) {
    let group: raw::SecurityGroupAttribute =
        serde_json::from_value(Value::Object(root.clone())).unwrap_or_default();
    let Some(id) = group.security_group_id.get() else {
        b.skip(
            file,
            "security_group",
            "?",
            "no SecurityGroupId: merged --pager output of DescribeSecurityGroupAttribute drops it; export the raw pages",
        );
        return;
    };
    let Some(vpc) = group.vpc_id.get() else {
        b.skip(
            file,
            "security_group",
            &id,
            "no VpcId: a classic-network security group is not modelled",
        );
        return;
    };
    let fact = SecurityGroupFact {
        id: id.clone(),
        common: common(
            &group.security_group_name,
            &List::default(),
            &Text::default(),
        ),
        vpc,
    };
    b.security_group(file, fact);
    for permission in items::<raw::Permission>(b, file, api, list) {
        let ingress = permission
            .direction
            .as_str()
            .eq_ignore_ascii_case("ingress");
        let (peer_group, prefix_list, ipv6) = if ingress {
            (
                permission.source_group_id.get(),
                permission.source_prefix_list_id.get(),
                permission.ipv6_source_cidr_ip.get(),
            )
        } else {
            (
                permission.dest_group_id.get(),
                permission.dest_prefix_list_id.get(),
                permission.ipv6_dest_cidr_ip.get(),
            )
        };
        b.rule(RuleFact {
            file: file.to_string(),
            group: id.clone(),
            id: permission.security_group_rule_id.get(),
            direction: permission.direction.as_str().to_string(),
            policy: permission.policy.as_str().to_string(),
            protocol: permission.ip_protocol.as_str().to_string(),
            port_range: permission.port_range.as_str().to_string(),
            source_cidr: permission.source_cidr_ip.get(),
            dest_cidr: permission.dest_cidr_ip.get(),
            ipv6_cidr: ipv6,
            peer_group,
            prefix_list,
            priority: permission.priority.0,
        });
    }
}

/// The engine an RDS connection string names (`….mysql.rds.aliyuncs.com`).
fn engine(host: &str) -> &'static str {
    let host = host.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.contains(&"mysql") {
        "mysql"
    } else if labels.contains(&"pg") || labels.contains(&"pgsql") {
        "postgresql"
    } else if labels.contains(&"sqlserver") || labels.contains(&"mssql") {
        "sqlserver"
    } else if labels.contains(&"mariadb") {
        "mariadb"
    } else {
        "rds"
    }
}

/// One RDS instance's endpoints: the primary private one becomes the data source.
fn net_info(b: &mut Builder, file: &str, api: &str, list: &[Value]) {
    let mut endpoints = items::<raw::NetInfo>(b, file, api, list);
    endpoints.sort_by(|a, b| a.connection_string.cmp(&b.connection_string));
    let private = |e: &raw::NetInfo| e.ip_type.as_str().eq_ignore_ascii_case("Private");
    let inner = |e: &raw::NetInfo| e.ip_type.as_str().eq_ignore_ascii_case("Inner");
    let primary = endpoints
        .iter()
        .position(|e| {
            private(e)
                && (e.connection_string_type.is_empty()
                    || e.connection_string_type
                        .as_str()
                        .eq_ignore_ascii_case("Normal"))
        })
        .or_else(|| endpoints.iter().position(private))
        .or_else(|| endpoints.iter().position(inner));
    for (index, endpoint) in endpoints.iter().enumerate() {
        let host = endpoint.connection_string.as_str().to_string();
        if Some(index) == primary {
            continue;
        }
        let reason = if endpoint.ip_type.as_str().eq_ignore_ascii_case("Public") {
            "public endpoint: the data source uses the private endpoint".to_string()
        } else {
            format!(
                "additional endpoint (`{}`, type `{}`): the data source uses the primary private endpoint",
                endpoint.ip_type.as_str(),
                endpoint.connection_string_type.as_str()
            )
        };
        b.skip(file, "rds_endpoint", &host, reason);
    }
    let Some(endpoint) = primary.and_then(|i| endpoints.get(i)) else {
        if !endpoints.is_empty() {
            let hosts: Vec<&str> = endpoints
                .iter()
                .map(|e| e.connection_string.as_str())
                .collect();
            b.skip(
                file,
                "rds_instance",
                file,
                format!(
                    "no private endpoint (looked for `IPType` Private or Inner) among {}",
                    hosts.join(", ")
                ),
            );
        }
        return;
    };
    let host = endpoint.connection_string.as_str().to_string();
    let key = host.split('.').next().unwrap_or_default().to_string();
    if key.is_empty() {
        b.skip(
            file,
            "rds_instance",
            file,
            "the private endpoint has no connection string",
        );
        return;
    }
    let whitelist = endpoint
        .security_ip_groups
        .iter()
        .map(|group| WhitelistGroupFact {
            name: group.name.as_str().to_string(),
            entries: split_list(group.ips.as_str()),
            network_type: None,
        })
        .collect();
    b.database(DatabaseFact {
        file: file.to_string(),
        key,
        name: None,
        kind: engine(&host).to_string(),
        host: (!host.is_empty()).then_some(host.clone()),
        ip: endpoint.ip_address.get(),
        port: endpoint.port.0,
        vpc: endpoint.vpc_id.get(),
        whitelist,
        security_groups: Vec::new(),
    });
}
