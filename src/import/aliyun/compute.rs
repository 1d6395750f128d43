//! Readers of what runs in the VPCs: ECS instances, security groups and their
//! rules, database endpoints and whitelists.

use super::*;

/// ECS instances.
pub(super) fn instances(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
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

/// One security group and its rules (`DescribeSecurityGroupAttribute`).
pub(super) fn security_group(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        root,
        items: list,
        ..
    } = *r;
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
pub(super) fn engine(host: &str) -> &'static str {
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
pub(super) fn net_info(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
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

/// The whitelist of one RDS instance (the response does not name it).
pub(super) fn whitelists(b: &mut Builder, r: &Response<'_>) {
    let Response {
        file,
        api,
        items: list,
        ..
    } = *r;
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
