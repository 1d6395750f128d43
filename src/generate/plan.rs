//! The addressing plan and the names of the generated resources: regions and
//! their id codes, the CIDR blocks of VPCs, vSwitches and data centers, and
//! ids of the shape of real Alibaba Cloud ids.
//!
//! Invariants: every VPC block lies in 10.0.0.0/8 and every vSwitch block in
//! its VPC's block, disjoint from its siblings; data centers are /16 blocks of
//! 172.16.0.0/12; ids never collide and do not depend on the seed.

use std::net::Ipv4Addr;

use super::FAULT_TAG;
use crate::model::{NextHop, NextHopType, Route, Tags};

const REGIONS: [&str; 16] = [
    "cn-hangzhou",
    "cn-shanghai",
    "cn-beijing",
    "cn-shenzhen",
    "cn-zhangjiakou",
    "cn-qingdao",
    "cn-chengdu",
    "cn-hongkong",
    "cn-huhehaote",
    "cn-wulanchabu",
    "cn-heyuan",
    "cn-guangzhou",
    "ap-southeast-1",
    "ap-southeast-5",
    "ap-northeast-1",
    "eu-central-1",
];

pub(super) const ACCOUNT_PLATFORM: &str = "1000000000000001";
pub(super) const ACCOUNT_BUSINESS: &str = "1000000000000002";
pub(super) const SUMMARY_VPCS: &str = "10.0.0.0/8";
pub(super) const SUMMARY_DCS: &str = "172.16.0.0/12";

/// The name of region `r` (`region-{r}` past the sixteen known ones).
pub(super) fn region_name(r: usize) -> String {
    match REGIONS.get(r) {
        Some(name) => (*name).to_string(),
        None => format!("region-{r}"),
    }
}

/// The number of bits that count `n` things (0 for one thing).
pub(super) fn ceil_log2(n: usize) -> u32 {
    if n <= 1 {
        0
    } else {
        usize::BITS - (n - 1).leading_zeros()
    }
}

/// An IPv4 address in dotted form.
pub(super) fn address(a: u32) -> String {
    Ipv4Addr::from(a).to_string()
}

/// An IPv4 CIDR in text form.
pub(super) fn cidr(a: u32, len: u32) -> String {
    format!("{}/{len}", Ipv4Addr::from(a))
}

/// The base address of data center `k`: the `k`-th /16 of 172.16.0.0/12.
pub(super) fn dc_base(k: usize) -> u32 {
    0xac10_0000u32 + ((k as u32) << 16)
}

/// The tags that mark a resource broken with finding `code`.
pub(super) fn fault_tags(code: &str) -> Option<Tags> {
    Some(Tags::from([(FAULT_TAG.to_string(), code.to_string())]))
}

/// A static route to `destination` through the next hop `kind`/`id`.
pub(super) fn route(destination: &str, kind: NextHopType, id: &str) -> Route {
    Route {
        destination: destination.to_string(),
        next_hop: Some(NextHop {
            kind,
            id: id.to_string(),
        }),
        next_hops: None,
        status: None,
        origin: None,
    }
}

/// The address plan: VPC `i` is the `i`-th block of `vpc_len` in 10.0.0.0/8,
/// vSwitch `j` the `j`-th block of `vsw_len` inside it.
pub(super) struct Plan {
    pub(super) vpc_len: u32,
    pub(super) vsw_len: u32,
    pub(super) per_vpc: usize,
}

impl Plan {
    /// The plan for `vpcs` VPCs (1 to 65,536) of about `vswitches_per_vpc`
    /// vSwitches each (at least 3, at most what a VPC block holds).
    pub(super) fn new(vpcs: usize, vswitches_per_vpc: usize) -> Plan {
        let vpc_len = (8 + ceil_log2(vpcs)).max(16);
        let per_vpc = vswitches_per_vpc.clamp(3, 1 << (28 - vpc_len.min(26)));
        Plan {
            vpc_len,
            vsw_len: vpc_len + ceil_log2(per_vpc),
            per_vpc,
        }
    }

    pub(super) fn vpc_base(&self, i: usize) -> u32 {
        0x0a00_0000 | ((i as u32) << (32 - self.vpc_len))
    }

    pub(super) fn vsw_base(&self, i: usize, j: usize) -> u32 {
        self.vpc_base(i) | ((j as u32) << (32 - self.vsw_len))
    }

    pub(super) fn vsw_size(&self) -> u32 {
        1u32 << (32 - self.vsw_len)
    }

    /// The CIDR of VPC `i`.
    pub(super) fn vpc_cidr(&self, i: usize) -> String {
        cidr(self.vpc_base(i), self.vpc_len)
    }

    /// vSwitches that hold workloads (resource groups, data sources); the
    /// last two carry the transit-router attachment and the NAT gateway.
    pub(super) fn workload(&self) -> usize {
        self.per_vpc - 2
    }
}

/// The id code of a region, as in real Alibaba Cloud ids (`vpc-bp1…` in cn-hangzhou).
fn region_code(r: usize) -> &'static str {
    const CODES: [&str; 16] = [
        "bp1", "uf6", "2ze", "wz9", "8vb", "m5e", "2vc", "j6c", "hp3", "0jl", "7xv", "7xw", "t4n",
        "k1a", "6we", "gw8",
    ];
    CODES.get(r % CODES.len()).copied().unwrap_or_default()
}

/// An id of the shape of a real one: `{prefix}-{region code}` then 16 base-36
/// characters, ten that look random and six that number the resource (so that
/// ids never collide). Ids do not depend on the seed.
pub(super) fn aliyun_id(prefix: &str, r: usize, n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let digit = |d: u64| DIGITS.get(d as usize).copied().unwrap_or(b'0');
    let mut salt = 0xcbf2_9ce4_8422_2325u64;
    for byte in prefix.bytes() {
        salt = (salt ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut mixer = super::Random(salt ^ (n as u64));
    let mut look = mixer.next_u64();
    let mut id = format!("{prefix}-{}", region_code(r));
    for _ in 0..10 {
        id.push(char::from(digit(look % 36)));
        look /= 36;
    }
    let mut number = [b'0'; 6];
    let mut rest = n;
    for slot in number.iter_mut().rev() {
        *slot = digit((rest % 36) as u64);
        rest /= 36;
    }
    id.extend(number.iter().map(|&b| char::from(b)));
    id
}

/// The ids of the generated resources.
pub(super) struct Ids {
    pub(super) regions: usize,
    pub(super) per_vpc: usize,
}

impl Ids {
    pub(super) fn vpc(&self, i: usize) -> String {
        aliyun_id("vpc", i % self.regions, i)
    }

    pub(super) fn vsw(&self, i: usize, j: usize) -> String {
        aliyun_id("vsw", i % self.regions, i * self.per_vpc + j)
    }

    pub(super) fn table(&self, i: usize) -> String {
        aliyun_id("vtb", i % self.regions, i)
    }

    pub(super) fn attachment(&self, i: usize) -> String {
        aliyun_id("tr-attach", i % self.regions, i)
    }

    pub(super) fn nat(&self, i: usize) -> String {
        aliyun_id("ngw", i % self.regions, i)
    }

    pub(super) fn eip(&self, i: usize) -> String {
        aliyun_id("eip", i % self.regions, i)
    }

    pub(super) fn peering(&self, i: usize) -> String {
        aliyun_id("pcc", i % self.regions, i)
    }

    pub(super) fn tr(&self, r: usize) -> String {
        aliyun_id("tr", r, r)
    }

    pub(super) fn tr_table(&self, r: usize) -> String {
        aliyun_id("vtb", r, (1 << 30) + r)
    }
}
