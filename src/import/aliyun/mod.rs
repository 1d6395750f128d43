//! `netreach import aliyun`: the JSON the aliyun CLI prints for the Describe/List
//! APIs, turned into one native [`Inventory`](crate::model::Inventory).
//!
//! Each file holds one API response, in any file name: it is recognized by its
//! content, from the path of its collection (`Vpcs.Vpc`, `RouterTableList.
//! RouterTableListType`, `TransitRouters`, `PagingInfo.NetworkList`, …; see
//! [`APIS`]), so a raw paged response and the merged `--pager` output (which
//! keeps only that path) are both read, and several pages of one API are simply
//! several files. Each API is named once, in [`APIS`]: its name, its
//! collection path(s) and its reader, which lives in the module of its family
//! (`network`, `transit`, `hybrid`, `compute`, `dataworks`). A reader reads
//! each element into a private raw struct of that API (`raw`), turns it into
//! facts in Alibaba's vocabulary ([`crate::import::build::facts`]), and the
//! vendor-neutral builder ([`crate::import::build`]) joins the facts into the
//! native inventory. Whatever cannot be modelled is reported in the
//! [`Coverage`](crate::import::build::coverage::Coverage), never dropped
//! silently. The core does no I/O: the CLI reads the files and passes their
//! names and bytes.
//!
//! Where a response does not name the resource it was asked for (the route
//! entries of a transit-router table, the whitelist of an RDS instance), the
//! file's path is the only link left: the importer looks for the id there, then
//! for the only candidate; otherwise it reports the items as skipped.

mod compute;
mod dataworks;
mod hybrid;
pub mod lenient;
mod network;
mod raw;
mod transit;

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

/// One API the importer reads: the one place that names it.
pub struct Api {
    /// Its name (`DescribeVpcs`), what the coverage report calls a file of it.
    pub name: &'static str,
    /// The path(s) of its collection in a response (`Vpcs.Vpc`), by which a
    /// file is recognized, whatever its name.
    pub paths: &'static [&'static [&'static str]],
    /// Turns the items of one response into facts.
    read: Read,
}

/// A reader of one API: the items of one response into facts for the builder.
type Read = fn(&mut Builder, &Response<'_>);

/// One recognized response, as its reader sees it.
#[derive(Clone, Copy)]
struct Response<'a> {
    /// The file it came from.
    file: &'a str,
    /// The API it is recognized as (for attachments: which of the four).
    api: &'a str,
    /// The whole response (a security group is described at its top level).
    root: &'a Map<String, Value>,
    /// The items of its collection.
    items: &'a [Value],
}

/// The APIs the importer reads: name, collection path(s), reader. A file is
/// the first API here whose collection it holds. To read a new API, add its
/// row and its reader (in the module of its family).
#[rustfmt::skip]
pub static APIS: &[Api] = &[
    Api { name: "DescribeVpcs", paths: &[&["Vpcs", "Vpc"]], read: network::vpcs },
    Api { name: "DescribeVSwitches", paths: &[&["VSwitches", "VSwitch"]], read: network::vswitches },
    Api { name: "DescribeRouteTableList", paths: &[&["RouterTableList", "RouterTableListType"]], read: network::route_table_list },
    Api { name: "DescribeRouteEntryList", paths: &[&["RouteEntrys", "RouteEntry"]], read: network::route_entries },
    Api { name: "DescribeRouteTables", paths: &[&["RouteTables", "RouteTable"]], read: network::route_tables },
    Api { name: "ListVpcPeerConnections", paths: &[&["VpcPeerConnects"]], read: network::peerings },
    Api { name: "DescribeNatGateways", paths: &[&["NatGateways", "NatGateway"]], read: network::nats },
    Api { name: "DescribeSnatTableEntries", paths: &[&["SnatTableEntries", "SnatTableEntry"]], read: network::snats },
    Api { name: "DescribeEipAddresses", paths: &[&["EipAddresses", "EipAddress"]], read: network::eips },
    Api { name: "DescribeCens", paths: &[&["Cens", "Cen"]], read: transit::cens },
    Api { name: "DescribeCenAttachedChildInstances", paths: &[&["ChildInstances", "ChildInstance"]], read: transit::cen_children },
    Api { name: "DescribeCenBandwidthPackages", paths: &[&["CenBandwidthPackages", "CenBandwidthPackage"]], read: transit::bandwidth_packages },
    Api { name: "DescribeCenInterRegionBandwidthLimits", paths: &[&["CenInterRegionBandwidthLimits", "CenInterRegionBandwidthLimit"]], read: transit::bandwidth_limits },
    Api { name: "ListTransitRouters", paths: &[&["TransitRouters"]], read: transit::transit_routers },
    Api { name: "ListTransitRouterAttachments", paths: &[&["TransitRouterAttachments"]], read: transit::attachments },
    Api { name: "ListTransitRouterRouteTables", paths: &[&["TransitRouterRouteTables"]], read: transit::tr_route_tables },
    Api { name: "ListTransitRouterRouteEntries", paths: &[&["TransitRouterRouteEntries"]], read: transit::tr_route_entries },
    Api { name: "ListTransitRouterRouteTableAssociations", paths: &[&["TransitRouterAssociations"]], read: transit::tr_links },
    Api { name: "ListTransitRouterRouteTablePropagations", paths: &[&["TransitRouterPropagations"]], read: transit::tr_links },
    Api { name: "DescribeVirtualBorderRouters", paths: &[&["VirtualBorderRouterSet", "VirtualBorderRouterType"]], read: hybrid::vbrs },
    Api { name: "DescribePhysicalConnections", paths: &[&["PhysicalConnectionSet", "PhysicalConnectionType"]], read: hybrid::physical_connections },
    Api { name: "DescribeVpnGateways", paths: &[&["VpnGateways", "VpnGateway"]], read: hybrid::vpn_gateways },
    Api { name: "DescribeVpnConnections", paths: &[&["VpnConnections", "VpnConnection"]], read: hybrid::vpn_connections },
    Api { name: "DescribeCustomerGateways", paths: &[&["CustomerGateways", "CustomerGateway"]], read: hybrid::customer_gateways },
    Api { name: "DescribeInstances", paths: &[&["Instances", "Instance"]], read: compute::instances },
    Api { name: "DescribeSecurityGroupAttribute", paths: &[&["Permissions", "Permission"]], read: compute::security_group },
    Api { name: "DescribeDBInstanceNetInfo", paths: &[&["DBInstanceNetInfos", "DBInstanceNetInfo"]], read: compute::net_info },
    Api { name: "DescribeDBInstanceIPArrayList", paths: &[&["Items", "DBInstanceIPArray"]], read: compute::whitelists },
    Api { name: "ListResourceGroups", paths: &[&["PagingInfo", "ResourceGroupList"]], read: dataworks::resource_groups },
    Api { name: "ListNetworks", paths: &[&["PagingInfo", "NetworkList"]], read: dataworks::networks },
    Api { name: "ListRoutes", paths: &[&["PagingInfo", "RouteList"]], read: dataworks::network_routes },
    // DataWorks data sources: 2024-05-18 (`PagingInfo`) and 2020-05-18 (`Data`)
    Api { name: "ListDataSources", paths: &[&["PagingInfo", "DataSources"], &["Data", "DataSources"]], read: dataworks::data_sources },
    // Lists `collect aliyun` reads for the ids of its per-resource calls:
    // recognized, their items counted, nothing imported from them.
    Api { name: "DescribeRegions", paths: &[&["Regions", "Region"]], read: nothing },
    Api { name: "DescribeSecurityGroups", paths: &[&["SecurityGroups", "SecurityGroup"]], read: nothing },
    Api { name: "DescribeDBInstances", paths: &[&["Items", "DBInstance"]], read: nothing },
    Api { name: "ListProjects", paths: &[&["PagingInfo", "Projects"]], read: nothing },
];

/// The reader of the lists read only for their ids: nothing is imported.
fn nothing(_: &mut Builder, _: &Response<'_>) {}

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
/// partial ([`Coverage::unreadable`](crate::import::build::coverage::Coverage::unreadable)).
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
    let Some((entry, path)) = APIS.iter().find_map(|entry| {
        let path = entry
            .paths
            .iter()
            .find(|path| collection(root, path).is_some())?;
        Some((entry, *path))
    }) else {
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
    let api = if entry.name == "ListTransitRouterAttachments" {
        transit::attachments_api(&items)
    } else {
        entry.name.to_string()
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
    let response = Response {
        file,
        api: &api,
        root,
        items: &items,
    };
    (entry.read)(b, &response);
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
