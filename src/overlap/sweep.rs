//! The overlap sweep: every pair of overlapping CIDRs in a list, by sorting
//! and sweeping, never by comparing all pairs.
//!
//! CIDRs form a laminar family: two of them are either disjoint or one holds
//! the other. Sorted by first address, longer ranges first on a tie, every
//! range that overlaps the current one started earlier and therefore holds it;
//! those ranges are exactly the stack of open ranges left after closing the
//! ones that end before the current one starts. Each range is pushed and popped
//! once and every range left on the stack is a reported pair, so the sweep is
//! O(n log n + k) for n ranges and k overlapping pairs.

use ipnet::Ipv4Net;

/// The first and last address of a CIDR, as integers.
pub fn bounds(net: Ipv4Net) -> (u32, u32) {
    (u32::from(net.network()), u32::from(net.broadcast()))
}

/// Every pair `(i, j)` with `i < j` of indices into `ranges` whose CIDRs
/// overlap (share at least one address; equal CIDRs overlap), in sweep order
/// (by the later range's first address); sort them if order matters.
///
/// O(n log n + k) for n ranges and k overlapping pairs.
pub fn sweep(ranges: &[Ipv4Net]) -> Vec<(usize, usize)> {
    let mut order: Vec<(u32, std::cmp::Reverse<u32>, usize)> = ranges
        .iter()
        .enumerate()
        .map(|(i, net)| {
            let (first, last) = bounds(*net);
            (first, std::cmp::Reverse(last), i)
        })
        .collect();
    order.sort_unstable();
    // The open ranges: each holds the one above it (laminar family).
    let mut open: Vec<(u32, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (first, std::cmp::Reverse(last), i) in order {
        while open.last().is_some_and(|&(end, _)| end < first) {
            open.pop();
        }
        for &(_, j) in &open {
            pairs.push(if i < j { (i, j) } else { (j, i) });
        }
        open.push((last, i));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        text.parse().unwrap()
    }

    #[test]
    fn nested_equal_and_disjoint() {
        let ranges = [
            net("10.0.0.0/8"),
            net("10.1.0.0/16"),
            net("11.0.0.0/8"),
            net("10.1.0.0/16"),
            net("10.2.0.0/16"),
        ];
        let mut pairs = sweep(&ranges);
        pairs.sort_unstable();
        assert_eq!(pairs, vec![(0, 1), (0, 3), (0, 4), (1, 3)]);
    }

    #[test]
    fn empty_and_whole_space() {
        assert!(sweep(&[]).is_empty());
        assert_eq!(
            sweep(&[net("0.0.0.0/0"), net("255.255.255.255/32")]),
            vec![(0, 1)]
        );
    }
}
