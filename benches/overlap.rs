//! The overlap sweep at scale (issue 4: 100,000 ranges in one domain, well
//! under a second).
//!
//! - `sweep/100k-ranges`: the bare sweep over 100,000 random prefixes of
//!   lengths 22 to 30 inside 10.0.0.0/8 (nested, equal and disjoint ones;
//!   about 110,000 overlapping pairs, so k is of the order of n).
//! - `audit/one-tr-table-100k-ranges`: `overlap::audit` on an inventory whose
//!   single transit-router table joins 50,000 VPCs (a CIDR and a vSwitch each,
//!   100,000 ranges, every tenth VPC reusing another's CIDR), loaded,
//!   validated and routed outside the timed loop.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use ipnet::Ipv4Net;
use netreach::import::native::Source;
use serde_json::{json, Value};

/// A small deterministic generator (xorshift64*), so that runs compare.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn random_prefixes(count: usize) -> Vec<Ipv4Net> {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    (0..count)
        .map(|_| {
            let value = random.next();
            let address = 0x0a00_0000u32 | (value as u32 & 0x00ff_ffff);
            let len = 22 + (value >> 32) as u8 % 9;
            Ipv4Net::new(address.into(), len).unwrap().trunc()
        })
        .collect()
}

/// 50,000 VPCs on one transit-router table; VPC i has 10.x.y.0/24 with a /26
/// vSwitch, and every tenth VPC reuses the CIDR of the VPC before it.
fn one_table(vpcs: usize) -> Value {
    let cidr = |i: usize| {
        let i = if i % 10 == 9 { i - 1 } else { i };
        format!("10.{}.{}.0", (i >> 8) & 0xff, i & 0xff)
    };
    let mut list = Vec::with_capacity(vpcs);
    let mut vswitches = Vec::with_capacity(vpcs);
    let mut attachments = Vec::with_capacity(vpcs);
    let mut ids = Vec::with_capacity(vpcs);
    for i in 0..vpcs {
        let base = cidr(i);
        list.push(json!({"id": format!("vpc-{i}"), "region": "cn-hangzhou", "cidrs": [format!("{base}/24")]}));
        vswitches.push(json!({"id": format!("vsw-{i}"), "vpc": format!("vpc-{i}"), "cidr": format!("{base}/26")}));
        attachments.push(
            json!({"id": format!("tra-{i}"), "transit_router": "tr-1", "type": "vpc",
                                "resource": format!("vpc-{i}"), "vswitches": [format!("vsw-{i}")]}),
        );
        ids.push(format!("tra-{i}"));
    }
    json!({
        "version": 1,
        "vpcs": list,
        "vswitches": vswitches,
        "cens": [{"id": "cen-1", "edition": "enterprise"}],
        "transit_routers": [{"id": "tr-1", "cen": "cen-1", "region": "cn-hangzhou"}],
        "tr_attachments": attachments,
        "tr_route_tables": [{"id": "vtb-tr", "transit_router": "tr-1",
                             "associations": ids, "propagations": ids, "routes": []}]
    })
}

fn bench(c: &mut Criterion) {
    let ranges = random_prefixes(100_000);
    c.bench_function("sweep/100k-ranges", |b| {
        b.iter(|| black_box(netreach::overlap::sweep(black_box(&ranges))))
    });

    let bytes = serde_json::to_vec(&one_table(50_000)).unwrap();
    let sources = vec![Source {
        name: "bench.json".into(),
        bytes,
    }];
    let netreach::analysis::Analysis { valid, routing, .. } =
        netreach::analysis::analyse_sources(sources, netreach::overlap::Scope::Check)
            .unwrap_or_else(|_| panic!("the bench inventory does not load or validate"));
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("one-tr-table-100k-ranges", |b| {
        b.iter(|| {
            black_box(netreach::overlap::audit(
                black_box(&valid),
                black_box(&routing),
                false,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
