//! Readers of what runs in the VPCs: security groups and their rules, ECS
//! instances, RDS instances.

use super::*;

/// A security group (of a VPC; a classic-network one is reported).
pub(super) fn security_group(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(group) = attrs::<raw::SecurityGroup>(b, instance) else {
        return;
    };
    let Some(id) = group.id.get() else {
        return no_id(b, instance, "id");
    };
    let Some(vpc) = group.vpc_id.get() else {
        b.skip(
            file,
            &instance.kind,
            &id,
            "no `vpc_id`: a classic-network security group is not modelled",
        );
        return;
    };
    b.security_group(
        file,
        SecurityGroupFact {
            id,
            common: common(&[&group.security_group_name, &group.name], &group.tags),
            vpc,
        },
    );
}

/// A rule of a security group.
pub(super) fn security_group_rule(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(rule) = attrs::<raw::SecurityGroupRule>(b, instance) else {
        return;
    };
    let ingress = rule.direction.as_str().eq_ignore_ascii_case("ingress");
    let cidr = rule.cidr_ip.get();
    b.rule(RuleFact {
        file: file.to_string(),
        group: rule.security_group_id.as_str().to_string(),
        id: Some(instance.address.clone()),
        direction: rule.direction.as_str().to_string(),
        policy: rule.policy.get().unwrap_or_else(|| "accept".into()),
        protocol: rule.ip_protocol.as_str().to_string(),
        port_range: rule.port_range.get().unwrap_or_else(|| "-1/-1".into()),
        source_cidr: if ingress { cidr.clone() } else { None },
        dest_cidr: if ingress { None } else { cidr },
        ipv6_cidr: rule.ipv6_cidr_ip.get(),
        peer_group: rule.source_security_group_id.get(),
        prefix_list: rule.prefix_list_id.get(),
        priority: rule.priority.0,
    });
}

/// An ECS instance.
pub(super) fn instance(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(ecs) = attrs::<raw::Instance>(b, instance) else {
        return;
    };
    let Some(id) = ecs.id.get() else {
        return no_id(b, instance, "id");
    };
    let mut private_ips: Vec<String> = ecs.private_ip.get().into_iter().collect();
    private_ips.extend(texts(&ecs.secondary_private_ips));
    b.ecs(
        file,
        EcsFact {
            id,
            common: common(&[&ecs.instance_name], &ecs.tags),
            network_type: Some("vpc".into()),
            vswitch: ecs.vswitch_id.get(),
            private_ips,
            public_ip: ecs.public_ip.get(),
            security_groups: texts(&ecs.security_groups),
            status: ecs.status.get(),
        },
    );
}

/// An RDS instance, with its whitelist.
pub(super) fn db_instance(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(db) = attrs::<raw::DbInstance>(b, instance) else {
        return;
    };
    let Some(id) = db.id.get() else {
        return no_id(b, instance, "id");
    };
    let engine = db.engine.as_str().to_ascii_lowercase();
    let kind = match engine.as_str() {
        "mysql" => "mysql",
        "postgresql" => "postgresql",
        "sqlserver" => "sqlserver",
        "mariadb" => "mariadb",
        _ => "rds",
    };
    let entries = texts(&db.security_ips)
        .iter()
        .flat_map(|t| split_list(t))
        .collect::<Vec<_>>();
    let whitelist = if db.security_ips.0.is_empty() {
        Vec::new()
    } else {
        vec![WhitelistGroupFact {
            name: db
                .db_instance_ip_array_name
                .get()
                .unwrap_or_else(|| "default".into()),
            entries,
            network_type: db.whitelist_network_type.get(),
        }]
    };
    b.database(DatabaseFact {
        file: file.to_string(),
        key: id,
        name: db.instance_name.get(),
        kind: kind.to_string(),
        host: db.connection_string.get(),
        ip: db.private_ip_address.get(),
        port: db.port.0,
        vpc: db.vpc_id.get(),
        whitelist,
        security_groups: texts(&db.security_group_ids),
    });
}
