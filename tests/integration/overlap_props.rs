//! Property tests of the overlap sweep (issue 4): on random prefixes the sweep
//! finds exactly the pairs an all-pairs comparison finds, and the free blocks
//! it lists overlap nothing in use.

use ipnet::Ipv4Net;
use netreach::overlap::free::free_blocks;
use netreach::overlap::sweep::{bounds, sweep};
use proptest::prelude::*;

/// The naive twin: compare every pair.
fn all_pairs(ranges: &[Ipv4Net]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for i in 0..ranges.len() {
        for j in i + 1..ranges.len() {
            if ranges[i].contains(&ranges[j]) || ranges[j].contains(&ranges[i]) {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// Random prefixes, most of them crowded into 10.0.0.0/16 so that they
/// overlap often (nested, equal and disjoint), some anywhere.
fn prefixes() -> impl Strategy<Value = Vec<Ipv4Net>> {
    let crowded = (any::<u16>(), 8u8..=32).prop_map(|(low, len)| {
        let address = 0x0a00_0000u32 | u32::from(low);
        Ipv4Net::new(address.into(), len).unwrap().trunc()
    });
    let anywhere = (any::<u32>(), 0u8..=32)
        .prop_map(|(address, len)| Ipv4Net::new(address.into(), len).unwrap().trunc());
    prop::collection::vec(prop_oneof![4 => crowded, 1 => anywhere], 0..80)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sweep_equals_all_pairs(ranges in prefixes()) {
        let mut swept = sweep(&ranges);
        swept.sort_unstable();
        prop_assert_eq!(swept, all_pairs(&ranges));
    }

    #[test]
    fn free_blocks_overlap_nothing_in_use(used in prefixes(), len in 8u8..=30) {
        let mut intervals: Vec<(u32, u32)> = used.iter().map(|n| bounds(*n)).collect();
        intervals.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for (first, last) in intervals {
            match merged.last_mut() {
                Some(open) if u64::from(first) <= u64::from(open.1) + 1 => open.1 = open.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        let free = free_blocks(&merged, len, 16);
        prop_assert!(free.len() <= 16);
        for block in &free {
            prop_assert_eq!(block.prefix_len(), len);
            for net in &used {
                prop_assert!(!block.contains(net) && !net.contains(block), "{} overlaps {}", block, net);
            }
        }
        let mut sorted = free.clone();
        sorted.sort();
        prop_assert_eq!(sorted, free);
    }
}
