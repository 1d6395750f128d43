//! Pre-migration help: RFC 1918 blocks of a given size that overlap nothing in
//! the route-exchange domains of a network, for the next VPC or data center to
//! join it.
//!
//! Complexity: O(n log n) to sort and merge the n ranges in use, then
//! O(m log n) for the m candidate blocks looked at: each candidate either is
//! free or jumps past a range in use.

use ipnet::Ipv4Net;

use super::domain::{base_ranges, Domain, Owner};
use super::sweep::bounds;
use crate::validate::{DataCenterIx, Kind, ValidInventory, VpcIx};

/// At most this many free blocks are listed.
pub const FREE_CIDR_LIMIT: usize = 16;

/// The prefix lengths `free_cidrs` accepts.
pub const FREE_CIDR_LENGTHS: std::ops::RangeInclusive<u8> = 8..=30;

/// The RFC 1918 ranges, in address order.
fn rfc1918() -> [Ipv4Net; 3] {
    [
        Ipv4Net::new(std::net::Ipv4Addr::new(10, 0, 0, 0), 8).unwrap_or_default(),
        Ipv4Net::new(std::net::Ipv4Addr::new(172, 16, 0, 0), 12).unwrap_or_default(),
        Ipv4Net::new(std::net::Ipv4Addr::new(192, 168, 0, 0), 16).unwrap_or_default(),
    ]
}

/// The network a `--domain` id names: a VPC or a data center.
pub fn member(v: &ValidInventory, id: &str) -> Result<Owner, String> {
    match v.lookup(id) {
        Some((Kind::Vpc, i)) => Ok(Owner::Vpc(VpcIx::at(i))),
        Some((Kind::DataCenter, i)) => Ok(Owner::DataCenter(DataCenterIx::at(i))),
        Some((kind, _)) => Err(format!(
            "`{id}` is {}, not a VPC or a data center",
            kind.noun()
        )),
        None => {
            let candidates = v
                .vpcs
                .iter()
                .map(|x| x.id.as_str())
                .chain(v.data_centers.iter().map(|x| x.id.as_str()));
            let hint = crate::diag::did_you_mean(id, candidates)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Err(format!(
                "`{id}` is not a VPC or a data center of the inventory{hint}"
            ))
        }
    }
}

/// The ranges in use in every domain `owner` belongs to, and its own, merged
/// into sorted disjoint inclusive intervals.
fn in_use(v: &ValidInventory, domains: &[Domain], owner: Owner) -> Vec<(u32, u32)> {
    let mut nets: Vec<Ipv4Net> = Vec::new();
    let (own_blocks, own_routed) = base_ranges(v, owner);
    nets.extend(own_blocks);
    nets.extend(own_routed);
    for domain in domains.iter().filter(|d| d.members.contains(&owner)) {
        nets.extend(domain.blocks.iter().map(|(_, net)| *net));
        nets.extend(domain.routed.values().flatten().copied());
    }
    let mut intervals: Vec<(u32, u32)> = nets
        .into_iter()
        .filter(|n| n.prefix_len() > 0)
        .map(bounds)
        .collect();
    intervals.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(intervals.len());
    for (first, last) in intervals {
        match merged.last_mut() {
            Some(open) if u64::from(first) <= u64::from(open.1) + 1 => open.1 = open.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    merged
}

/// Up to `limit` blocks of length `prefix_len` inside the RFC 1918 ranges that
/// overlap no interval of `used` (sorted, disjoint), in address order.
pub fn free_blocks(used: &[(u32, u32)], prefix_len: u8, limit: usize) -> Vec<Ipv4Net> {
    let mut free = Vec::new();
    if prefix_len > 32 {
        return free;
    }
    let size = 1u64 << (32 - u32::from(prefix_len));
    for range in rfc1918() {
        if prefix_len < range.prefix_len() {
            continue;
        }
        let (first, last) = bounds(range);
        let mut candidate = u64::from(first);
        while candidate + size - 1 <= u64::from(last) && free.len() < limit {
            let end = candidate + size - 1;
            // The first interval in use that ends at or after the candidate.
            let next = used.partition_point(|&(_, stop)| u64::from(stop) < candidate);
            match used.get(next) {
                Some(&(start, stop)) if u64::from(start) <= end => {
                    // Jump to the first aligned block past that interval.
                    candidate = (u64::from(stop) + 1).div_ceil(size) * size;
                }
                _ => {
                    let address = u32::try_from(candidate).unwrap_or(u32::MAX);
                    if let Ok(net) = Ipv4Net::new(address.into(), prefix_len) {
                        free.push(net);
                    }
                    candidate += size;
                }
            }
        }
    }
    free
}

/// The free blocks for the network `id` (see [`super::free_cidrs`]).
pub fn free_for(
    v: &ValidInventory,
    domains: &[Domain],
    id: &str,
    prefix_len: u8,
) -> Result<Vec<Ipv4Net>, String> {
    if !FREE_CIDR_LENGTHS.contains(&prefix_len) {
        return Err(format!(
            "prefix length {prefix_len} is outside {}..={}",
            FREE_CIDR_LENGTHS.start(),
            FREE_CIDR_LENGTHS.end()
        ));
    }
    let owner = member(v, id)?;
    let used = in_use(v, domains, owner);
    Ok(free_blocks(&used, prefix_len, FREE_CIDR_LIMIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        text.parse().unwrap()
    }

    #[test]
    fn skips_ranges_in_use_and_stays_aligned() {
        let used = vec![bounds(net("10.0.0.0/16")), bounds(net("10.1.128.0/17"))];
        let free = free_blocks(&used, 16, 3);
        assert_eq!(
            free,
            vec![net("10.2.0.0/16"), net("10.3.0.0/16"), net("10.4.0.0/16")]
        );
    }

    #[test]
    fn moves_on_to_the_next_rfc1918_range() {
        let used = vec![bounds(net("10.0.0.0/8")), bounds(net("172.16.0.0/12"))];
        assert_eq!(free_blocks(&used, 16, 2), vec![net("192.168.0.0/16")]);
        assert_eq!(free_blocks(&[], 8, 16), vec![net("10.0.0.0/8")]);
        assert_eq!(
            free_blocks(&[], 12, 16),
            vec![
                net("10.0.0.0/12"),
                net("10.16.0.0/12"),
                net("10.32.0.0/12"),
                net("10.48.0.0/12"),
                net("10.64.0.0/12"),
                net("10.80.0.0/12"),
                net("10.96.0.0/12"),
                net("10.112.0.0/12"),
                net("10.128.0.0/12"),
                net("10.144.0.0/12"),
                net("10.160.0.0/12"),
                net("10.176.0.0/12"),
                net("10.192.0.0/12"),
                net("10.208.0.0/12"),
                net("10.224.0.0/12"),
                net("10.240.0.0/12"),
            ]
        );
    }
}
