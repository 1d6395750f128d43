//! Readers of the DataWorks APIs: resource groups (`ListResourceGroups`),
//! their network bindings (`ListNetworks`) and routes (`ListRoutes`), and
//! data sources, below.
//!
//! DataWorks `ListDataSources` (dataworks-public 2020-05-18: `Data.DataSources[]`
//! with the connection in the JSON string `Content`; 2024-05-18:
//! `PagingInfo.DataSources[]`, each a name with its `DataSource[]` per
//! environment and `ConnectionProperties` as an object or a JSON string).
//!
//! Only what locates a data source is read: its name, type, project,
//! environment, the instance it names and the host and port of its URL or
//! address. The connection properties also hold user names, passwords and
//! access keys: they are read by key, never copied, and never quoted in a
//! message (no serde error text, which can echo values, is used here).

use serde_json::{Map, Value};

use super::{common, items, no_id, raw, Response};
use crate::import::aliyun::lenient::Text;
use crate::import::build::facts::{DwSourceFact, NetworkFact, NetworkRouteFact, ResourceGroupFact};
use crate::import::build::Builder;

/// Reads the data sources of one `ListDataSources` page.
pub(super) fn data_sources(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file, items: list, ..
    } = *r;
    for (index, item) in list.iter().enumerate() {
        let Some(item) = item.as_object() else {
            b.skip(
                file,
                "data_source",
                &format!("ListDataSources[{index}]"),
                "not an object",
            );
            continue;
        };
        // 2024-05-18: one entry per name, its environments in `DataSource[]`
        match get(item, "DataSource").and_then(Value::as_array) {
            Some(inner) => {
                for (at, env) in inner.iter().enumerate() {
                    match env.as_object() {
                        Some(env) => one(b, file, env, Some(item)),
                        None => b.skip(
                            file,
                            "data_source",
                            &format!("ListDataSources[{index}].DataSource[{at}]"),
                            "not an object",
                        ),
                    }
                }
            }
            None => one(b, file, item, None),
        }
    }
}

/// The value of `key`, whatever its case (`Content` / `content`).
fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A string or number at `key`, trimmed, non-empty.
fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    match get(map, key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn first_text(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| text(map, key))
}

fn one(b: &mut Builder, file: &str, item: &Map<String, Value>, outer: Option<&Map<String, Value>>) {
    let name = text(item, "Name").or_else(|| outer.and_then(|o| text(o, "Name")));
    let Some(name) = name else {
        let id = text(item, "Id").unwrap_or_else(|| "?".to_string());
        b.skip(
            file,
            "data_source",
            &id,
            "DataWorks data source without `Name`",
        );
        return;
    };
    let kind = first_text(item, &["Type", "DataSourceType"])
        .or_else(|| outer.and_then(|o| first_text(o, &["Type", "DataSourceType"])))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let properties = match get(item, "ConnectionProperties").or_else(|| get(item, "Content")) {
        Some(Value::Object(map)) => Some(map.clone()),
        Some(Value::String(text)) => serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.as_object().cloned()),
        _ => None,
    }
    .unwrap_or_default();
    let dev = match get(item, "EnvType").or_else(|| get(&properties, "envType")) {
        Some(Value::Number(n)) => n.as_u64() == Some(0),
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("dev") || s.trim() == "0",
        _ => false,
    };
    let instance = first_text(
        &properties,
        &[
            "instanceId",
            "instanceName",
            "rdsInstanceId",
            "dbInstanceId",
        ],
    );
    let (mut host, mut port) = (None, None);
    if let Some(url) = first_text(&properties, &["jdbcUrl", "url", "connectionUrl"]) {
        (host, port) = host_port(&url);
    }
    if host.is_none() {
        if let Some(Value::Array(addresses)) = get(&properties, "address") {
            if let Some(address) = addresses.iter().find_map(Value::as_object) {
                host = text(address, "host");
                port = text(address, "port").and_then(|p| p.parse().ok());
            }
        }
    }
    if host.is_none() {
        host = first_text(&properties, &["host", "hostname", "endpoint"]).and_then(|h| {
            let (host, from_url) = host_port(&h);
            port = port.or(from_url);
            host
        });
    }
    if port.is_none() {
        port = text(&properties, "port").and_then(|p| p.parse().ok());
    }
    let id = if dev {
        format!("{name}.dev")
    } else {
        name.clone()
    };
    b.dw_source(DwSourceFact {
        file: file.to_string(),
        id,
        name,
        kind,
        project: text(item, "ProjectId"),
        instance,
        host,
        port,
    });
}

/// The host and port of a URL, a JDBC URL or a `host:port`, without user
/// information, path or parameters (which may hold credentials).
pub fn host_port(url: &str) -> (Option<String>, Option<u32>) {
    let mut rest = url.trim();
    rest = rest.strip_prefix("jdbc:").unwrap_or(rest);
    // Oracle thin: `oracle:thin:@host:1521:sid` or `@//host:1521/service`
    if let Some(at) = rest.find(":@") {
        rest = rest.get(at + 2..).unwrap_or_default();
    } else if let Some(at) = rest.find("://") {
        rest = rest.get(at + 3..).unwrap_or_default();
    }
    rest = rest.trim_start_matches('/');
    let authority = rest
        .split(['/', '?', ';', '#', ','])
        .next()
        .unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    // `host:port`, or Oracle's `host:port:sid`
    let mut parts = authority.split(':');
    let host = parts.next().unwrap_or_default();
    let port = parts.next().and_then(|p| p.trim().parse().ok());
    let host = host.trim().trim_matches(['[', ']']);
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    (valid.then(|| host.to_ascii_lowercase()), port)
}

/// DataWorks resource groups.
pub(super) fn resource_groups(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
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

/// The network bindings (VPC, vSwitch) of DataWorks resource groups.
pub(super) fn networks(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
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

/// The routes of one network binding of a resource group.
pub(super) fn network_routes(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_ports_of_urls_without_their_credentials() {
        assert_eq!(
            host_port("jdbc:mysql://rm-1.mysql.rds.aliyuncs.com:3306/db?user=u&password=p"),
            (Some("rm-1.mysql.rds.aliyuncs.com".into()), Some(3306))
        );
        assert_eq!(
            host_port("jdbc:postgresql://admin:secret@10.0.0.5:5432/x"),
            (Some("10.0.0.5".into()), Some(5432))
        );
        assert_eq!(
            host_port("jdbc:sqlserver://db.corp:1433;databaseName=x;password=p"),
            (Some("db.corp".into()), Some(1433))
        );
        assert_eq!(
            host_port("jdbc:oracle:thin:@10.1.1.1:1521:orcl"),
            (Some("10.1.1.1".into()), Some(1521))
        );
        assert_eq!(host_port("10.2.2.2"), (Some("10.2.2.2".into()), None));
    }
}
