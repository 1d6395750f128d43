//! Readers of the DataWorks resources: resource groups and their network
//! bindings.

use super::*;

/// A DataWorks (serverless) resource group.
pub(super) fn dw_resource_group(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(group) = attrs::<raw::DwResourceGroup>(b, instance) else {
        return;
    };
    let Some(id) = group.id.get() else {
        return no_id(b, instance, "id");
    };
    b.resource_group(
        file,
        ResourceGroupFact {
            id,
            common: common(&[&group.resource_group_name], &group.tags),
            // This resource type is the serverless (general-purpose) group.
            kind: Some("CommonV2".into()),
            status: group.status.get(),
            default_vpc: group.default_vpc_id.get(),
            default_vswitch: group.default_vswitch_id.get(),
            region: None,
        },
    );
}

/// The network binding (VPC, vSwitch) of a DataWorks resource group.
pub(super) fn dw_network(b: &mut Builder, instance: &Instance, _: &Joined) {
    let file = instance.file.as_str();
    let Some(network) = attrs::<raw::DwNetwork>(b, instance) else {
        return;
    };
    let Some(id) = network.id.get() else {
        return no_id(b, instance, "id");
    };
    b.network(
        file,
        NetworkFact {
            id,
            resource_group: network.dw_resource_group_id.as_str().to_string(),
            vpc: network.vpc_id.as_str().to_string(),
            vswitch: network.vswitch_id.as_str().to_string(),
            status: network.status.get(),
        },
    );
}
