//! The long explanation of every finding code, printed by `netreach explain CODE`:
//! what the code detects, why it matters, how to fix it (with the console page or
//! API call that repairs it), the semantics rules it comes from and a typical
//! finding line.
//!
//! The texts follow `spec/semantics.md`; when a rule there changes, the text of
//! every code that cites it must be read again.

use super::Code;

/// What a code detects, why it matters and how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// What the code detects.
    pub detects: &'static str,
    /// Why it matters.
    pub matters: &'static str,
    /// How to fix it: the console page or API call that repairs it.
    pub fix: &'static str,
    /// The semantics rules the code comes from (`S3.3, semantics S8.7`).
    pub rule: &'static str,
    /// A typical finding: resource, message and fix on one line.
    pub example: &'static str,
}

/// The explanation of a code.
pub fn explanation(code: Code) -> Explanation {
    match code {
        Code::ClassicNetwork => Explanation {
            detects: "The data source's location is the classic network (an RDS or ECS \
                endpoint whose InstanceNetworkType is classic), not a VPC. No path is traced \
                to it: the pair is unreachable with this finding and falls in scenario classic.",
            matters: "DataWorks resource groups are bound to VPCs, and no VPC route, CEN \
                attachment, peering or whitelist entry reaches a classic-network endpoint. \
                DataWorks documents classic-network data sources as unsupported, so nothing \
                on the network side can repair the pair.",
            fix: "Migrate the data source into a VPC: for RDS use Database Connection > \
                Switch to VPC in the console (API SwitchDBInstanceNetType), for ECS migrate \
                the instance from the classic network to a VPC. Then update the data \
                source's ip and location in the inventory and add the resource group's \
                vSwitch CIDR to its whitelist or security group.",
            rule: "S4.1, S6.2",
            example: "ds-legacy: data source ds-legacy is on the classic network; fix: \
                migrate ds-legacy to a VPC (SwitchDBInstanceNetType)",
        },
        Code::RgRouteMissing => Explanation {
            detects: "The resource group's network binding has a known route list (the \
                DataWorks custom routes, DestinationCidr in ListRoutes) and the destination \
                is private (RFC 1918, 100.64.0.0/10 or a user CIDR of the VPC) and outside \
                the bound VPC's CIDRs, yet no entry of that list covers it. The trace goes on \
                past this finding, so every other blocker of the pair is reported as well.",
            matters: "DataWorks only sends traffic for destinations outside the bound VPC into \
                the VPC when the binding has a route for them. Without it the connection \
                fails inside the resource group even when every VPC, CEN and VBR route is in \
                place; it is the step most often forgotten in the cross-VPC, cross-region \
                and data-center scenarios.",
            fix: "In the DataWorks console open Resource Groups, the group, Network Settings, \
                and add a custom route to the VPC binding for the data source's VPC or \
                data-center CIDR (API CreateRoute with the network id and DestinationCidr). \
                One route for the whole remote CIDR, for example 10.20.0.0/16, covers every \
                data source in it.",
            rule: "S3.1, S8.5",
            example: "rg-1: binding vpc-dw/vsw-dw has no route for 10.20.1.15; fix: add route \
                10.20.0.0/16 to the network binding vpc-dw/vsw-dw of rg-1 (CreateRoute)",
        },
        Code::NoRoute => Explanation {
            detects: "A longest-prefix-match lookup found no route for the destination: in \
                the vSwitch's VPC route table (its custom table, else the system table), in a \
                transit router route table, in a VBR's routes, at a VPN gateway (no IPsec \
                connection whose remote CIDRs hold it) or in a data center's CIDRs. It is also \
                reported when an Internet NAT gateway would carry a private destination to \
                the internet. When the missing prefix belongs to a network attached to the \
                same CEN in another region with no inter-region connection between the two, \
                inter-region-missing is reported instead. An old-version resource group \
                bound to no VPC reaches only the internet: toward any other data source it \
                is no-route on the group, and the fix is a binding to the data source's VPC.",
            matters: "Alibaba Cloud drops packets that match no route, and the only implicit \
                routes are the vSwitch CIDRs and 100.64.0.0/10. Peer VPCs, data centers and \
                the internet all need a written, synchronized, propagated or published route; \
                on the return path the same miss is reported as return-route-missing.",
            fix: "Add the route where the lookup failed: a custom route in the VPC route \
                table (VPC console > Route Tables > Add Route Entry, API CreateRouteEntry) \
                with NextHopType VpcPeer, Attachment, VpnGateway or NatGateway, or turn on \
                route synchronization for the transit router VPC attachment. In a transit \
                router table add a static route (CreateTransitRouterRouteEntry) or enable \
                propagation from the attachment that leads to the destination \
                (EnableTransitRouterRouteTablePropagation). For a VPN gateway publish its \
                route to the VPC (PublishVpnRouteEntry); for a VBR add a route to the \
                data-center CIDR with next hop the physical connection.",
            rule: "S3.2, S3.3, S3.4, S8.8",
            example: "vtb-dw: no route for 10.20.1.15 in vtb-dw (vpc-dw); fix: add route \
                10.20.0.0/16 -> pcc-1 to vtb-dw (CreateRouteEntry)",
        },
        Code::RouteBlackhole => Explanation {
            detects: "The destination matched a static route in a transit router route table \
                whose next hop is BlackHole. A static route beats every propagated route for \
                the same prefix, so it overrides the attachment that propagates the range.",
            matters: "Blackhole routes are added on purpose to isolate a range, or left behind \
                by a migration. The transit router discards the traffic silently while the \
                VPC and VBR tables upstream look correct.",
            fix: "If the isolation is no longer wanted, delete the blackhole entry (CEN console \
                > Transit Router > Route Tables > Route Entries, API \
                DeleteTransitRouterRouteEntry) or replace it with a static route whose next \
                hop is the right attachment (CreateTransitRouterRouteEntry, NextHopType \
                Attachment). If it is wanted, bind the resource group to a network on the \
                permitted side (DataWorks CreateNetwork).",
            rule: "S2.3, S3.3",
            example: "vtb-tr-hz: route 10.20.0.0/16 in transit router table vtb-tr-hz is a \
                blackhole; fix: delete the blackhole route 10.20.0.0/16 from vtb-tr-hz or \
                point it at tr-attach-db",
        },
        Code::PeeringInactive => Explanation {
            detects: "A route sends the traffic to a VPC peering connection (NextHopType \
                VpcPeer) whose status is not Activated: Accepting, Creating, Updating, Expired, \
                Rejected or Deleted. It is reported on the forward and on the return path.",
            matters: "Only an Activated peering carries traffic. A cross-account peering stays \
                Accepting until the owner of the accepting VPC accepts it, while the VpcPeer \
                routes on both sides already look right.",
            fix: "Have the accepter account accept the request (VPC console > VPC Peering \
                Connections > Accept, API AcceptVpcPeerConnection). For a Rejected, Expired or \
                Deleted connection create a new one (CreateVpcPeerConnection) and point the \
                VpcPeer routes of both route tables at it. A cross-region peering also needs \
                Cloud Data Transfer (CDT) activated in both accounts.",
            rule: "S3.3, S8.12",
            example: "pcc-1: peering pcc-1 (vpc-dw <-> vpc-db) is accepting, not activated; \
                fix: accept pcc-1 in the account of vpc-db (AcceptVpcPeerConnection)",
        },
        Code::PeeringNotTransitive => Explanation {
            detects: "Traffic entered a VPC over a peering connection and the lookup in that \
                VPC's system route table sent it on to a next hop other than local: another \
                peering, a transit router attachment, a VPN gateway, a VBR or a NAT gateway. \
                A peering delivers only to the peer VPC's own vSwitches.",
            matters: "VPC peering on Alibaba Cloud is not transitive: a peer of a peer, or a \
                data center behind the peer VPC, cannot be reached through it, whatever \
                routes the middle VPC holds. A design that hubs through a peered VPC fails for \
                every pair behind the hub.",
            fix: "Peer the resource group's VPC directly with the data source's VPC \
                (CreateVpcPeerConnection, then VpcPeer routes on both sides with \
                CreateRouteEntry), or attach both VPCs to an Enterprise transit router. \
                Alternatively add a network binding of the resource group in the VPC that \
                holds the onward route (DataWorks CreateNetwork).",
            rule: "S3.3",
            example: "vpc-hub: traffic from vsw-dw arrived over pcc-1 and would leave vpc-hub \
                by tr-attach-hub; fix: peer vpc-dw with vpc-db directly or attach vpc-dw to \
                the transit router",
        },
        Code::TrAttachmentInactive => Explanation {
            detects: "A VPC route (NextHopType Attachment) or a transit router route sends the \
                traffic to a transit router attachment whose status is not Attached but \
                Attaching or Detaching. It is reported on the forward and on the return path.",
            matters: "An attachment carries traffic only once it is Attached. A cross-account \
                VPC attachment created without the grant, or one being deleted, stays in a \
                transitional state while the routes that name it remain in the tables.",
            fix: "Wait for the attachment to finish attaching, or create it again (CEN console \
                > Transit Router > Create Connection, API CreateTransitRouterVpcAttachment or \
                CreateTransitRouterVbrAttachment). For a VPC of another account, first grant \
                the VPC to the CEN owner (GrantInstanceToTransitRouter).",
            rule: "S3.3, S8.12",
            example: "tr-attach-db: attachment tr-attach-db of tr-hz is attaching, not \
                attached; fix: finish or recreate tr-attach-db \
                (CreateTransitRouterVpcAttachment)",
        },
        Code::TrAttachmentNotAssociated => Explanation {
            detects: "Traffic enters a transit router through an attachment that is \
                associated with no transit router route table. The transit router then has no \
                table in which to look the destination up.",
            matters: "Attachments created through the API without RouteTableAssociationEnabled, \
                or in Terraform without an alicloud_cen_transit_router_route_table_association, \
                start with neither association nor propagation. The VPC route to the \
                attachment exists, but the transit router drops what arrives on it.",
            fix: "Associate the attachment with the transit router route table that holds the \
                route to the destination (CEN console > Transit Router > Route Tables > Route \
                Table Association, API AssociateTransitRouterAttachmentWithRouteTable). So that \
                the replies find their way back, also let the attachment propagate into the \
                table the far side is associated with \
                (EnableTransitRouterRouteTablePropagation).",
            rule: "S2.2, S3.3",
            example: "tr-attach-dw: attachment tr-attach-dw of tr-hz is associated with no \
                route table; fix: associate tr-attach-dw with vtb-tr-hz \
                (AssociateTransitRouterAttachmentWithRouteTable)",
        },
        Code::InterRegionMissing => Explanation {
            detects: "A lookup found no route for a destination whose network is attached to \
                the same CEN in another region, and no inter-region connection joins the two \
                regions: no pair of transit router peer attachments between them, or for a \
                basic CEN no bandwidth entry above 0 Mbit/s. A peer attachment without its \
                counterpart joins nothing. One finding is reported per CEN and region pair, \
                whichever direction found it.",
            matters: "Attaching VPCs or VBRs of two regions to one CEN does not connect them: \
                routes only cross regions over an inter-region connection, so neither \
                region's transit router learns the other's CIDRs. It is the usual failure of \
                the same-account, different-region scenario.",
            fix: "Create an inter-region connection between the two transit routers (CEN \
                console > Transit Router > Create Connection > Inter-region Connection, API \
                CreateTransitRouterPeerAttachment) with bandwidth from a bandwidth plan or \
                pay-by-data-transfer, and associate and propagate it in both regions' route \
                tables. For a basic CEN buy a bandwidth package that covers both areas and \
                set the region-pair bandwidth (SetCenInterRegionBandwidthLimit).",
            rule: "S3.7, S8.9, S2.6",
            example: "cen-1: cn-hangzhou and cn-shanghai are attached to cen-1 but not joined; \
                fix: create an inter-region connection between tr-hz and tr-sh \
                (CreateTransitRouterPeerAttachment)",
        },
        Code::SnatMissing => Explanation {
            detects: "A route sends the traffic to a NAT gateway (NextHopType NatGateway), but \
                no SNAT entry of that gateway covers the whole source range: none has \
                SourceVSwitchId equal to the resource group's vSwitch or a SourceCIDR that \
                contains the vSwitch CIDR. The range is split by the entries that match \
                (longest mask per part), and the finding names the part no entry covers.",
            matters: "The NAT gateway neither translates nor forwards traffic that no SNAT entry \
                covers. A serverless resource group has no public address of its own, so \
                without the entry it cannot reach internet data sources, nor, through a VPC \
                NAT gateway, a network that only admits the NAT IPs.",
            fix: "Create a SNAT entry for the resource group's vSwitch on the NAT gateway (NAT \
                Gateway console > SNAT Management > Create SNAT Entry, API CreateSnatEntry \
                with SourceVSwitchId and SnatIp set to EIPs bound to the gateway, or to NAT \
                IPs for a VPC NAT gateway). Then whitelist those addresses at the data \
                source.",
            rule: "S3.3, S8.7, S1.2",
            example: "ngw-1: no SNAT entry of ngw-1 covers 10.10.1.0/24 (vsw-dw); fix: create \
                a SNAT entry for vsw-dw on ngw-1 (CreateSnatEntry)",
        },
        Code::SnatIpInvalid => Explanation {
            detects: "The SNAT entry that matches the source translates to an address the NAT \
                gateway does not own: for an Internet NAT gateway an address that is not one \
                of its bound EIPs, for a VPC NAT gateway an address outside its NAT IPs. The \
                pair is unreachable even though the SNAT entry matches.",
            matters: "A SNAT entry can only use EIPs already associated with its gateway. An \
                entry left pointing at an EIP that was released or moved to another instance \
                translates to nothing, and the data source's whitelist is usually written \
                for that stale address.",
            fix: "Associate the EIP with the NAT gateway (EIP console > Associate with \
                Resource, API AssociateEipAddress with InstanceType Nat), or change the SNAT \
                entry to an EIP that is already bound (ModifySnatEntry, SnatIp). For a VPC NAT \
                gateway create the NAT IP first (CreateNatIp).",
            rule: "S3.3",
            example: "snat-1: SNAT entry snat-1 of ngw-1 uses 47.1.2.9, which is not an EIP of \
                ngw-1; fix: bind the EIP 47.1.2.9 to ngw-1 (AssociateEipAddress) or change \
                snat-1 to 47.1.2.3",
        },
        Code::NoPublicSource => Explanation {
            detects: "A route sends the traffic out through the VPC's IPv4 gateway \
                (NextHopType Ipv4Gateway) while its source is still a private address: the \
                binding's vSwitch CIDR, or the private NAT IPs of a VPC NAT gateway on the \
                way. The \
                internet would receive packets it cannot answer.",
            matters: "An IPv4 gateway does not translate addresses: only instances with their \
                own public IP or EIP can use it. Packets from the resource group's private \
                vSwitch addresses never reach the internet data source.",
            fix: "Point 0.0.0.0/0 (or the data source's address) in the vSwitch's route table \
                at an Internet NAT gateway instead (CreateRouteEntry, NextHopType NatGateway) \
                and create a SNAT entry for the resource group's vSwitch with an EIP \
                (CreateSnatEntry). Then whitelist that EIP at the data source.",
            rule: "S3.3",
            example: "vtb-dw: 10.10.1.0/24 would leave vpc-dw by ipv4gw-1 with a private \
                source; fix: route 0.0.0.0/0 -> ngw-1 in vtb-dw and create a SNAT entry for \
                vsw-dw on ngw-1",
        },
        Code::LinkDown => Explanation {
            detects: "The path uses a VBR whose status is not active, a VBR whose physical \
                connection is not Enabled, or an IPsec-VPN connection that is not \
                established. It is reported on the forward and on the return path.",
            matters: "Routes toward the data center stay in the VPC and transit router tables \
                while the leased line or the tunnel is down. Every table looks right, and only \
                the status explains why the data center is unreachable.",
            fix: "For Express Connect, bring the physical connection back to Enabled \
                (EnablePhysicalConnection, or with the line operator) and recover the VBR \
                (RecoverVirtualBorderRouter). For IPsec-VPN, compare the IKE and IPsec \
                settings and the customer gateway's public IP with the on-premises device and \
                renegotiate (VPN Gateway console > IPsec Connections, \
                ModifyVpnConnectionAttribute).",
            rule: "S3.3, S8.12",
            example: "vbr-1: physical connection pc-1 of vbr-1 is terminated, not enabled; \
                fix: enable pc-1 (EnablePhysicalConnection) and recover vbr-1",
        },
        Code::RoutingLoop => Explanation {
            detects: "The trace came back to the same place and route table for a \
                destination range inside the first visit, or passed 64 hops. Typical cases: \
                a VPC route to a transit router attachment whose transit router table sends \
                the prefix back to the same VPC, or a VPC NAT gateway whose own vSwitch's \
                table routes the destination back to that gateway.",
            matters: "Looping packets are dropped when their TTL runs out, so the pair fails \
                even though every table has a route. Loops usually come from a broad route, \
                often 0.0.0.0/0, pointing back where a more specific route is missing.",
            fix: "Find the entry in the hop list that points back and change it: modify or \
                delete the VPC route (ModifyRouteEntry, DeleteRouteEntry) or the transit \
                router static route (DeleteTransitRouterRouteEntry). Or add a more specific \
                route for the destination toward its real next hop (CreateRouteEntry), and \
                give a VPC NAT gateway's vSwitch a custom route table without the route back \
                to the gateway.",
            rule: "S3.8, S8.10, S3.3",
            example: "vtb-dw: 10.20.1.15 loops vtb-dw -> vtb-tr-hz -> vtb-dw; fix: change the \
                route 10.20.0.0/16 in vtb-tr-hz to point at tr-attach-db",
        },
        Code::WrongDestination => Explanation {
            detects: "Longest-prefix match delivered the traffic to a vSwitch, a data center \
                or the internet other than the place the data source's location names, \
                because the same address also exists there. The finding names both places.",
            matters: "This is what overlapping CIDRs do: the connection reaches a different \
                host that holds the same address, or nothing, and DataWorks reports a timeout \
                or a login failure from the wrong database. Overlaps between VPCs joined by \
                CEN, or between a VPC and a data center, are the usual cause (see \
                cidr-overlap in netreach audit).",
            fix: "Add a more specific route for the data source's range toward the right \
                network in the table where the path turned aside (CreateRouteEntry or \
                CreateTransitRouterRouteEntry), or bind the resource group directly to the \
                data source's VPC (DataWorks CreateNetwork). In the long run re-address one \
                side: a vSwitch CIDR cannot be changed, so create a new vSwitch \
                (CreateVSwitch) and move the resources.",
            rule: "S4.2",
            example: "ds-orders: 10.20.1.15 was delivered to vsw-app in vpc-dw, but ds-orders \
                is in vpc-db; fix: add route 10.20.1.0/24 -> tr-attach-dw to vtb-dw or bind \
                rg-1 to vpc-db",
        },
        Code::WhitelistMissing => Explanation {
            detects: "No entry of the data source's whitelist (the RDS or PolarDB security IP \
                list, IP whitelist groups) covers the source as the data source sees it. On a \
                private path that is the resource group's vSwitch CIDR; after SNAT it is the \
                EIPs or NAT IPs, and for a legacy exclusive group reaching the internet its \
                public IP.",
            matters: "RDS, PolarDB and most Alibaba Cloud databases refuse connections from \
                addresses outside the whitelist even when the network path is complete. A new \
                instance's default group holds only 127.0.0.1.",
            fix: "Add the binding's vSwitch CIDR, or the SNAT EIP for internet access, to the \
                data source's whitelist (RDS console > Whitelist and SecGroup > Modify, API \
                ModifySecurityIps; PolarDB ModifyDBClusterAccessWhitelist). The vSwitch CIDR \
                to use is shown in the resource group's Network Settings.",
            rule: "S4.3, S8.11",
            example: "ds-orders: the whitelist of ds-orders admits none of 10.10.1.0/24; fix: \
                add 10.10.1.0/24 to the whitelist of ds-orders (ModifySecurityIps)",
        },
        Code::WhitelistPartial => Explanation {
            detects: "The whitelist covers part of the source range but not all of it: for \
                example a /26 or a few single addresses inside the resource group's /24 \
                vSwitch CIDR, or one of two SNAT EIPs. The finding names the part that is not \
                covered, and the pair is unreachable.",
            matters: "The resource group may use any address of its vSwitch, and SNAT picks any \
                of its EIPs per connection. Tasks then succeed or fail depending on the \
                address they get, which is the hardest kind of failure to diagnose.",
            fix: "Add the missing part, or simply the whole vSwitch CIDR shown in the resource \
                group's Network Settings, to the whitelist (ModifySecurityIps with \
                ModifyMode Append; PolarDB ModifyDBClusterAccessWhitelist). For SNAT, \
                whitelist every EIP listed in the SNAT entry.",
            rule: "S4.3, S1.2",
            example: "ds-orders: the whitelist of ds-orders admits 10.10.1.0/25 only, not \
                10.10.1.128/25; fix: add 10.10.1.0/24 to the whitelist of ds-orders",
        },
        Code::SecurityGroupDenied => Explanation {
            detects: "The merged ingress rules of the security groups involved (those of the \
                ECS instance the data source runs on, or the data source's own), matching the \
                protocol and port and taken by priority 1 to 100 with drop winning a tie, do \
                not accept the whole source range. Either a drop rule decides first, or no \
                rule matches part of the range, which is denied by default.",
            matters: "A self-hosted database on ECS refuses the resource group unless an \
                accept rule covers its vSwitch CIDR on the database port. A broader drop rule \
                with a smaller priority number silently overrides an accept rule added \
                later; replies need no rule, because security groups are stateful.",
            fix: "Add an ingress accept rule for the resource group's vSwitch CIDR on the port \
                (ECS console > Security Groups > Add Rule, API AuthorizeSecurityGroup with \
                Policy accept, SourceCidrIp and PortRange such as 3306/3306). Give it a \
                priority number lower than any matching drop rule, or remove that drop rule \
                (RevokeSecurityGroup).",
            rule: "S4.4, S8.11",
            example: "sg-db: no accept rule of sg-db admits 10.10.1.0/24 on tcp 3306; fix: \
                add ingress accept tcp 3306/3306 from 10.10.1.0/24 to sg-db \
                (AuthorizeSecurityGroup)",
        },
        Code::ReturnRouteMissing => Explanation {
            detects: "Traced from the data source's place toward the resource group's vSwitch \
                CIDR, part or all of the reply has no route back, or is delivered somewhere \
                other than the source vSwitch. Each part of the range is traced on its own, \
                and the finding names the place and the sub-range that fail.",
            matters: "A connection needs a two-way path: without a return route the TCP \
                handshake times out although the forward path is complete. It is the classic \
                failure of the data-center scenario, where the on-premises router has no \
                route for the DataWorks vSwitch CIDR toward the leased line or the VPN.",
            fix: "Add the return route at the named place: in the data source's VPC route \
                table a route for the vSwitch CIDR to the peering or transit router \
                attachment (CreateRouteEntry), or in the transit router a propagation or \
                static route (EnableTransitRouterRouteTablePropagation, \
                CreateTransitRouterRouteEntry). In the data center add a static or BGP route \
                toward the physical connection or VPN, and include the vSwitch CIDR in the \
                IPsec connection's local CIDRs (ModifyVpnConnectionAttribute, LocalSubnet).",
            rule: "S5.1, S5.2, S8.12, S1.2",
            example: "dc-sh: the data center has no route for 10.10.1.0/24; fix: add route \
                10.10.1.0/24 via pc-1 on the dc-sh router",
        },
        Code::VpnPolicyMismatch => Explanation {
            detects: "At a VPN gateway or a transit router's VPN attachment, an IPsec-VPN \
                connection holds the destination in its remote CIDRs (the peer-side traffic \
                selector) but its local CIDRs do not hold the whole source range; on the \
                return path, a reply routed into the connection comes from an address outside \
                its remote CIDRs. The finding names the connection and the part of the range \
                that is missing.",
            matters: "The IPsec tunnel carries only traffic that matches both traffic \
                selectors (the connection's policy). Packets from the rest of the DataWorks \
                vSwitch are not encrypted into the tunnel and are dropped, so some or all of \
                the resource group's addresses cannot reach the data center although the \
                routes exist. A bare no-route would send you to the remote CIDRs, which \
                already hold the address.",
            fix: "Add the missing range to the connection's local CIDRs (VPN Gateway console > \
                IPsec Connections > the connection > Edit: Local Network, API \
                ModifyVpnConnectionAttribute with LocalSubnet). Add the same range to the \
                remote network of the on-premises gateway's IPsec policy, or the tunnel \
                renegotiation fails.",
            rule: "S9.4, S3.3, S8.8",
            example: "vco-1: VPN connection vco-1 holds 192.168.10.5/32 in its remote CIDRs but \
                not 10.10.1.0/24 in its local CIDRs; fix: add 10.10.1.0/24 to the local CIDRs \
                of vco-1",
        },
        Code::ApplianceNotModelled => Explanation {
            detects: "A route on the path has as next hop an ECS instance, an elastic network \
                interface or a HaVip (NextHopType Instance, NetworkInterface or HaVip): a \
                firewall, proxy or virtual router netreach does not model. The pair is \
                unknown rather than unreachable.",
            matters: "What happens after the appliance depends on its own forwarding, NAT and \
                firewall configuration, which no cloud export contains. netreach therefore \
                cannot say whether the pair works.",
            fix: "Check the appliance's forwarding and policy for the resource group's vSwitch \
                CIDR and the data source's port, and confirm with DataWorks \
                TestDataSourceConnectivity or an NIS reachability analysis \
                (CreateAndAnalyzeNetworkPath). If the appliance should not be on this path, \
                add a more specific route that bypasses it (CreateRouteEntry).",
            rule: "S3.3, S6.1",
            example: "vtb-dw: 10.20.0.0/16 -> instance i-fw1 in vtb-dw is an appliance \
                netreach does not model; fix: check the forwarding policy of i-fw1",
        },
        Code::RouteConflict => Explanation {
            detects: "Two attachments of different origin propagate the same prefix into one \
                transit router route table and no static route for it exists, so the prefix \
                is ambiguous and a pair whose path needs it is unknown. Alibaba Cloud installs \
                one of them and marks the other Rejected, which an export of \
                ListTransitRouterRouteEntries with the default (Active) status filter hides.",
            matters: "The transit router, not the exported configuration, decides which \
                attachment wins, so the traffic may go to either network. A conflict usually \
                means two VPCs, or a VPC and a data center, use overlapping CIDRs.",
            fix: "Add a static route for the prefix toward the intended attachment in the \
                transit router table (CreateTransitRouterRouteEntry); a static route beats \
                propagated ones. Or stop one attachment propagating into that table \
                (DisableTransitRouterRouteTablePropagation), and in the long run re-address \
                one of the overlapping networks.",
            rule: "S2.3, S8.3",
            example: "vtb-tr-hz: 10.20.0.0/16 is propagated by tr-attach-db and tr-attach-vbr; \
                fix: add a static route 10.20.0.0/16 -> tr-attach-db to vtb-tr-hz \
                (CreateTransitRouterRouteEntry)",
        },
        Code::Ipv6NotAnalysed => Explanation {
            detects: "The data source's ip is an IPv6 address. Version 1 of the analysis is \
                IPv4 only, so the pair is unknown.",
            matters: "IPv6 uses its own route entries, IPv6 gateways and whitelist entries, \
                none of which the analysis checks. An IPv4 verdict for such a pair would \
                mislead.",
            fix: "If the data source also has an IPv4 endpoint (RDS DescribeDBInstanceNetInfo \
                lists them), put that address in the inventory. Otherwise check the IPv6 path \
                with DataWorks TestDataSourceConnectivity or the NIS reachability analyzer.",
            rule: "S6.1",
            example: "ds-v6: ds-v6 has the IPv6 address 2408:4000::15, which is not analysed; \
                fix: use the IPv4 endpoint of ds-v6",
        },
        Code::LeavesModel => Explanation {
            detects: "Traffic crosses a physical connection, VBR or IPsec-VPN connection with \
                no known data center behind it: the connection names no data center and no \
                data center's routes go via it. The pair is unknown.",
            matters: "Cloud exports cannot say which network sits behind a leased line or a \
                customer gateway. netreach can then check neither delivery nor the return \
                route on the on-premises side.",
            fix: "Describe the data center in the inventory: a data_centers entry with its \
                cidrs and its routes via the physical connection or IPsec connection. Or set \
                data_center on the physical connection or the customer gateway.",
            rule: "S3.3, S3.4, S6.1",
            example: "pc-1: no data center is known behind physical connection pc-1; fix: \
                add the data center behind pc-1 to the inventory",
        },
        Code::PublicIpUnknown => Explanation {
            detects: "An old-version (exclusive) resource group reaches an internet data source \
                directly over its default EIP, but the inventory has no public_ip for it, and \
                the data source has a whitelist (or security groups) narrower than \
                0.0.0.0/0. Whether the whitelist admits the group cannot be decided: the pair \
                is unknown.",
            matters: "Old-version groups never need a NAT gateway for the internet: the \
                address the data source sees is the group's own EIP. Without it netreach \
                cannot tell whether the whitelist admits it, and proposing an Internet NAT \
                gateway would be a needless purchase.",
            fix: "Look up the resource group's EIP in the DataWorks console (Resource Groups > \
                the group > Network Settings) and set public_ip on the group in the inventory \
                (or an overlay). Then add that address to the data source's whitelist if it \
                is missing.",
            rule: "S9.2, S9.8, S1.3",
            example: "rg-exclusive-1: the public address of old-version resource group \
                rg-exclusive-1 is unknown, so the whitelist of ds-saas cannot be checked; fix: \
                set public_ip on rg-exclusive-1",
        },
        Code::WhitelistUnknown => Explanation {
            detects: "The data source has no whitelist in the inventory, so the whitelist check \
                was skipped. It is a warning and does not block the pair; it is not reported \
                for data sources on ECS, whose security groups decide.",
            matters: "A reachable verdict then says nothing about the whitelist, which is the \
                most common remaining reason an RDS or PolarDB database refuses DataWorks. \
                Exports that omit it are common, because whitelists come from a separate \
                API of each database product.",
            fix: "Export the whitelist (RDS DescribeDBInstanceIPArrayList, PolarDB \
                DescribeDBClusterAccessWhitelist) and put its entries in the data source's \
                whitelist. Write an empty list if nothing is allowed.",
            rule: "S4.3, S8.11",
            example: "ds-orders: the whitelist of ds-orders is not in the inventory; fix: \
                export it with DescribeDBInstanceIPArrayList",
        },
        Code::RgRoutesUnknown => Explanation {
            detects: "The resource group's network binding has no routes list in the \
                inventory. The rule that the group's own custom routes must cover private \
                destinations outside the bound VPC was therefore not checked.",
            matters: "A missing custom route on the binding breaks cross-VPC and data-center \
                pairs even when every VPC and CEN route is right. netreach cannot see that \
                failure without the list.",
            fix: "Export the binding's routes (DataWorks ListRoutes for the network id, or the \
                custom routes under the resource group's Network Settings) and list their \
                DestinationCidr values in the binding's routes. Write an empty list if there \
                are none.",
            rule: "S3.1",
            example: "rg-1: the route list of binding vpc-dw/vsw-dw is not in the inventory; \
                fix: export it with ListRoutes",
        },
        Code::WhitelistOpen => Explanation {
            detects: "The data source's whitelist contains 0.0.0.0/0, which admits every \
                address. That includes the whole internet if the database has a public \
                endpoint.",
            matters: "The whitelist check then passes for every resource group but protects \
                nothing. A later tightening of the whitelist can also silently break the \
                DataWorks pairs that relied on it.",
            fix: "Replace 0.0.0.0/0 with the resource groups' vSwitch CIDRs and, for internet \
                access, their SNAT EIPs (ModifySecurityIps with ModifyMode Cover; PolarDB \
                ModifyDBClusterAccessWhitelist). Run netreach check afterwards to see that \
                every pair stays reachable.",
            rule: "S4.3",
            example: "ds-orders: the whitelist of ds-orders admits 0.0.0.0/0; fix: replace \
                0.0.0.0/0 with 10.10.1.0/24 in the whitelist of ds-orders",
        },
        Code::InterRegionTestBandwidth => Explanation {
            detects: "An inter-region connection, a pair of transit router peer attachments, \
                has no bandwidth or 0 Mbit/s allocated. Transit routers then carry only the \
                1 Kbps meant for connectivity tests; for a basic CEN a bandwidth entry of 0 \
                joins nothing and gives inter-region-missing instead.",
            matters: "The routes work and the pair is reachable, but data synchronization over \
                1 Kbps times out. A test connection from DataWorks succeeds while production \
                tasks fail.",
            fix: "Allocate bandwidth to the inter-region connection from a bandwidth plan (CEN \
                console > Transit Router > the connection > Modify, API \
                ModifyTransitRouterPeerAttachmentAttribute with Bandwidth and \
                CenBandwidthPackageId) or switch it to pay-by-data-transfer. Size it for the \
                largest synchronization task that crosses regions.",
            rule: "S8.9, S2.6",
            example: "tr-attach-peer-hz: the connection tr-hz <-> tr-sh has no bandwidth (1 \
                Kbps, test only); fix: allocate bandwidth to tr-attach-peer-hz",
        },
        Code::BindingUnreachable => Explanation {
            detects: "A pair is reachable through one binding of its resource group, while \
                another binding (another VPC or vSwitch the group is attached to) is \
                unreachable. One finding per failing binding, on that binding's vSwitch, \
                naming the binding's primary blocker.",
            matters: "DataWorks may run a task on any network interface of the group. A test \
                connection through the good binding succeeds while tasks that leave through \
                the other one fail, intermittently, which is hard to trace.",
            fix: "Repair the failing binding as its primary code says (netreach check \
                --resource-group with that group shows each binding tried). Or remove the \
                binding from the resource group if it is not needed (DataWorks console > \
                Resource Groups > Network Settings).",
            rule: "S9.5, S9.8, S1.1",
            example: "vsw-b: binding vpc-b/vsw-b of rg-1 cannot reach ds-1: whitelist-missing \
                on ds-1; fix: add 10.10.2.0/24 to the whitelist of ds-1",
        },
        Code::AsymmetricPath => Explanation {
            detects: "The reply crosses different hops from the forward path: for example \
                forward through the transit router and back through a VPN gateway, or out on \
                one VBR and back on another. The pair stays reachable; this is a note.",
            matters: "Stateful devices that sit on only one of the two paths, such as \
                on-premises firewalls or appliances, drop replies they did not see leave. \
                Asymmetric routing also makes failures depend on which line is up.",
            fix: "If the asymmetry is not intended, make both directions use the same hops: \
                adjust the data center's routes (more specific routes, or BGP preference for \
                the same VBR or VPN connection) or the VPC routes (ModifyRouteEntry, \
                CreateRouteEntry). If it is intended, make sure every firewall on either path \
                admits the flow.",
            rule: "S5.3",
            example: "rg-1 -> ds-dc: forward via vbr-1, return via vco-1; fix: route \
                10.10.1.0/24 via pc-1 on the data center's router",
        },
        Code::OnPremisesFirewallNotModelled => Explanation {
            detects: "The data source is in a data center: netreach checked the cloud path and \
                the data center's routes, but not its firewalls or ACLs. This note is added \
                to every data-center pair.",
            matters: "On-premises firewalls routinely block new source ranges, so a reachable \
                verdict covers the cloud side only. The DataWorks vSwitch CIDR is usually new \
                to the on-premises network team.",
            fix: "Ask the network team to allow the resource group's vSwitch CIDR, or its SNAT \
                addresses, to the data source's IP and port on the on-premises firewall. Then \
                confirm with DataWorks TestDataSourceConnectivity.",
            rule: "S4.5",
            example: "ds-dc: on-premises firewalls of dc-sh are not modelled; fix: allow \
                10.10.1.0/24 to 192.168.10.5:1521 on the dc-sh firewall",
        },
        Code::LearnedRouteDiffers => Explanation {
            detects: "An exported route with origin learned (a CEN, BGP or transit router \
                synchronized entry the cloud reported) has the same destination in the same \
                table as a route netreach derives, and the two differ. The exported route \
                stands as written and the analysis uses it.",
            matters: "The difference means the export and the model disagree: a routing \
                policy (route map), a Rejected conflict, a stale or partial export, or a gap \
                in the model. The verdict follows what the cloud reported.",
            fix: "Re-export the tables (DescribeRouteEntryList, and \
                ListTransitRouterRouteEntries with TransitRouterRouteEntryStatus All) and \
                check the routing policies (DescribeCenRouteMaps) and the association and \
                propagation settings. Nothing needs repair if the exported route is the \
                intended one.",
            rule: "S2.8",
            example: "vtb-dw: learned route 10.20.0.0/16 -> tr-attach-dw differs from the \
                derived 10.20.0.0/16 -> pcc-1; fix: re-export vtb-dw and check the route \
                maps of cen-1",
        },
        Code::CidrOverlap => Explanation {
            detects: "Two networks that exchange routes have overlapping ranges: peered VPCs, \
                networks meeting in a transit router route table (across inter-region \
                connections), a VPC and a data center it reaches over a VBR or VPN connection, or \
                a resource group's VPC and a destination its route list covers. The finding gives \
                both ranges, their owners, the intersection, where they meet and the resource \
                group and data source pairs whose source vSwitch or data source address lies \
                where both networks use addresses. It is an error where routing is affected (such \
                a pair, both networks routing part of the intersection, a route list destination \
                that is also a local range, peered VPCs, or a data center and a VPC it reaches) \
                and a warning where the ranges overlap but no route is affected yet. Networks \
                that exchange no routes are listed, as info, only with --all-overlaps.",
            matters: "Overlaps make longest-prefix match deliver to the wrong network \
                (wrong-destination) and make transit routers reject one of two propagated \
                routes (route-conflict). Peering and Express Connect require non-overlapping \
                ranges, so the overlap also blocks future connections.",
            fix: "Re-address one side: create vSwitches in a free range (CreateVSwitch, adding \
                a secondary VPC CIDR with AssociateVpcCidrBlock if needed) and move the \
                resources, since a vSwitch CIDR cannot be changed, or change the on-premises \
                range. netreach audit --free-cidr PREFIXLEN --domain ID lists RFC 1918 blocks \
                that overlap nothing in the domains of that VPC or data center. Until then, add \
                more specific routes toward the intended network or bind the resource group to \
                the data source's VPC (DataWorks CreateNetwork).",
            rule: "S7, S4.2, S2.3",
            example: "dc-sh: 10.20.0.0/14 of dc-sh overlaps 10.20.0.0/16 of vpc-db (intersection \
                10.20.0.0/16); they meet at VBR vbr-1; dc-sh overlaps vpc-db, a VPC it reaches; \
                affects rg-1 -> ds-orders; fix: re-address vpc-db or dc-sh so that they no longer \
                share 10.20.0.0/16",
        },
        Code::VswitchOutsideVpc => Explanation {
            detects: "A vSwitch's CIDR lies outside every CIDR of its VPC, primary and \
                secondary. Alibaba Cloud never creates such a vSwitch, so the inventory is \
                inconsistent.",
            matters: "The usual causes are a secondary CIDR (SecondaryCidrBlocks) missing from \
                the VPC's cidrs, or a vSwitch filed under the wrong VPC. Local routes and \
                deliveries derived from it would be wrong.",
            fix: "Add the missing secondary CIDR to the VPC's cidrs, from a fresh DescribeVpcs \
                export, or correct the vSwitch's vpc against DescribeVSwitches. If the CIDR \
                really is missing in the cloud, add it with AssociateVpcCidrBlock.",
            rule: "S7, S2.1",
            example: "vsw-7: 172.16.1.0/24 of vsw-7 is outside the CIDRs of vpc-dw \
                (10.10.0.0/16); fix: add the secondary CIDR of vpc-dw to its cidrs",
        },
        Code::VswitchOverlap => Explanation {
            detects: "Two vSwitches of one VPC have overlapping CIDRs. Alibaba Cloud forbids \
                this, so the inventory is inconsistent.",
            matters: "Delivery inside the VPC becomes ambiguous, and every local route netreach \
                derives for the two vSwitches is suspect. The cause is usually a merge of two \
                exports, a typo, or a vSwitch filed under the wrong VPC.",
            fix: "Compare both vSwitches' vpc and cidr with a fresh DescribeVSwitches export and \
                correct the inventory. A vSwitch CIDR cannot be changed in the cloud, so there \
                is nothing to repair there.",
            rule: "S7, S2.1",
            example: "vsw-2: 10.10.1.0/25 of vsw-2 overlaps 10.10.1.0/24 of vsw-dw in vpc-dw; \
                fix: correct the cidr or vpc of vsw-2",
        },
        Code::RouteInsideVswitch => Explanation {
            detects: "A written route's destination equals or lies inside a vSwitch CIDR of \
                its VPC, or inside 100.64.0.0/10. Alibaba Cloud rejects such custom routes.",
            matters: "The vSwitch's local route always wins, so the route never carries \
                traffic and netreach ignores it. It usually shows a misunderstanding, for \
                example an attempt to steer traffic between vSwitches through an appliance.",
            fix: "Delete the route from the table (VPC console > Route Tables > Delete, API \
                DeleteRouteEntry) or give it a destination outside every vSwitch CIDR. If it \
                came from an export, check that the vSwitch really belongs to this VPC.",
            rule: "S2.1",
            example: "vtb-dw: route 10.10.1.0/26 -> i-fw1 lies inside vsw-dw (10.10.1.0/24); \
                fix: delete the route 10.10.1.0/26 from vtb-dw (DeleteRouteEntry)",
        },
        Code::UnusedResource => Explanation {
            detects: "A resource nothing uses: a NAT gateway or VPC peering no route points at, \
                a transit router attachment neither associated with a route table nor \
                propagating into one, an EIP bound to nothing, or a custom route table bound to \
                no vSwitch. It is a warning from netreach audit.",
            matters: "An unused resource often marks an unfinished setup, such as a peering \
                created but never routed or a NAT gateway without its 0.0.0.0/0 route. Idle \
                EIPs, NAT gateways and bandwidth are also still billed.",
            fix: "Either finish the setup, adding the route entry that uses it \
                (CreateRouteEntry) or binding the route table to its vSwitch \
                (AssociateRouteTable), or release it (DeleteRouteTable, DeleteNatGateway, \
                ReleaseEipAddress). Remove it from the inventory once it is gone.",
            rule: "S7",
            example: "ngw-2: no route points at ngw-2; fix: add route 0.0.0.0/0 -> ngw-2 to \
                the vSwitch's route table or release ngw-2",
        },
        Code::NatWithoutSnat => Explanation {
            detects: "An Internet NAT gateway has at least one EIP bound to it and no SNAT \
                entry at all. It is a warning from netreach audit, whether or not a pair uses \
                the gateway yet.",
            matters: "Without a SNAT entry the gateway translates nothing: a resource group \
                or instance behind it whose route sends internet traffic to the gateway \
                cannot reach any internet data source (each such pair is snat-missing). This \
                is the commonest half-finished NAT setup: the EIP is bought and bound, the \
                SNAT entry never created.",
            fix: "Create a SNAT entry on the gateway for each vSwitch (or CIDR) that needs \
                the internet, translating to the bound EIP (CreateSnatEntry with \
                SnatTableId, SourceVSwitchId and SnatIp). Release the EIP and the gateway if \
                nothing behind it needs the internet.",
            rule: "S3.3, S8.7",
            example: "ngw-1: Internet NAT gateway ngw-1 has the EIP eip-1 and no SNAT entry; \
                fix: create a SNAT entry on ngw-1 for vsw-dw translating to eip-1",
        },
        Code::CenBandwidthMissing => Explanation {
            detects: "A basic-edition CEN has networks in two regions and no inter-region \
                bandwidth between those two regions (no bandwidth entry, or one of 0 Mbit/s). \
                The finding names the two regions and the resource group and data source \
                pairs whose ends are attached in them.",
            matters: "A basic-edition CEN carries traffic between regions only over a \
                bandwidth bought for that region pair; without it the networks of the two \
                regions do not reach each other at all. Each pair across the two regions is \
                inter-region-missing.",
            fix: "Buy a bandwidth package for the CEN covering the two regions and assign an \
                inter-region bandwidth to the region pair (CreateCenBandwidthPackage, \
                AssociateCenBandwidthPackage, SetCenInterRegionBandwidthLimit); record it in \
                the inventory under the CEN's bandwidth list. Transit-router peer \
                attachments are the enterprise edition's way and do not apply.",
            rule: "S2.6, S8.9, S10.6",
            example: "cen-1: basic-edition CEN cen-1 has no bandwidth between cn-beijing and \
                cn-hangzhou; fix: assign an inter-region bandwidth between cn-beijing and \
                cn-hangzhou to cen-1",
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn texts(explanation: &Explanation) -> [(&'static str, &'static str); 5] {
        [
            ("detects", explanation.detects),
            ("matters", explanation.matters),
            ("fix", explanation.fix),
            ("rule", explanation.rule),
            ("example", explanation.example),
        ]
    }

    /// Sentences end with a period followed by a space or the end of the text;
    /// the texts avoid abbreviations such as "e.g." so that this count holds.
    fn sentences(text: &str) -> usize {
        text.matches(". ").count() + usize::from(text.ends_with('.'))
    }

    #[test]
    fn every_code_is_documented() {
        for &code in Code::ALL {
            let explanation = code.explanation();
            for (field, text) in texts(&explanation) {
                assert!(!text.trim().is_empty(), "{code}: empty {field}");
                assert!(!text.contains("TODO"), "{code}: TODO in {field}");
                assert!(text.is_ascii(), "{code}: non-ASCII {field}");
                assert!(!text.contains("  "), "{code}: double space in {field}");
                assert!(!text.contains('`'), "{code}: markdown in {field}");
            }
            assert!(!code.summary().is_empty(), "{code}: empty summary");
        }
    }

    #[test]
    fn prose_fields_have_two_to_five_sentences() {
        let mut wrong = Vec::new();
        for &code in Code::ALL {
            let explanation = code.explanation();
            for (field, text) in [
                ("detects", explanation.detects),
                ("matters", explanation.matters),
                ("fix", explanation.fix),
            ] {
                let count = sentences(text);
                if !text.ends_with('.') || !(2..=5).contains(&count) {
                    wrong.push(format!("{code} {field}: {count} sentences"));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn rules_cite_semantics_rule_numbers() {
        for &code in Code::ALL {
            for rule in code.explanation().rule.split(", ") {
                let number = rule.strip_prefix('S').unwrap_or_default();
                assert!(
                    !number.is_empty()
                        && number.split('.').all(|part| {
                            !part.is_empty() && part.chars().all(|c| c.is_ascii_digit())
                        }),
                    "{code}: `{rule}` is not a rule number"
                );
            }
        }
    }

    #[test]
    fn examples_name_a_resource_and_a_fix() {
        for &code in Code::ALL {
            let example = code.explanation().example;
            assert!(example.contains(": "), "{code}: example without a resource");
            assert!(example.contains("; fix: "), "{code}: example without a fix");
        }
    }

    #[test]
    fn names_and_short_codes_are_unique() {
        let names: BTreeSet<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
        let shorts: BTreeSet<&str> = Code::ALL.iter().map(|code| code.short()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        assert_eq!(shorts.len(), Code::ALL.len());
        let both: BTreeSet<String> = Code::ALL
            .iter()
            .flat_map(|code| [code.as_str(), code.short()])
            .map(str::to_ascii_lowercase)
            .collect();
        assert_eq!(
            both.len(),
            2 * Code::ALL.len(),
            "a name equals a short code"
        );
    }

    #[test]
    fn parse_round_trips_names_and_short_codes() {
        for &code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert_eq!(Code::parse(code.short()), Some(code));
            assert_eq!(Code::parse(&code.as_str().to_ascii_uppercase()), Some(code));
            assert_eq!(Code::parse(&code.short().to_ascii_lowercase()), Some(code));
        }
        assert_eq!(Code::parse("no-rout"), None);
        assert_eq!(Code::parse(""), None);
    }

    #[test]
    fn explanations_name_codes_that_exist() {
        // A text that refers the reader to another code must use its real name.
        for &code in Code::ALL {
            let explanation = code.explanation();
            for (_, text) in texts(&explanation) {
                for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
                    let looks_like_code = word.contains('-')
                        && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                        && (word.ends_with("-missing")
                            || word.ends_with("-conflict")
                            || word.ends_with("-destination")
                            || word.ends_with("-overlap"));
                    if looks_like_code {
                        assert!(Code::parse(word).is_some(), "{code}: unknown code `{word}`");
                    }
                }
            }
        }
    }
}
