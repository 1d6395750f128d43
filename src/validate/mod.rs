//! Validation: `Inventory` → [`ValidInventory`].
//!
//! Every reference is resolved to an index of the right kind, every CIDR and
//! address parsed and canonical, implied resources created (the system route
//! table of a VPC that has none written; the transit routers, route tables and
//! attachments a basic-edition CEN stands for, semantics S2.6). Problems that make the
//! inventory unusable are input errors (all of them, with their locations);
//! problems the analysis can live with are findings (`vswitch-outside-vpc`,
//! `vswitch-overlap`, `route-inside-vswitch`).
//!
//! Invariant: past this module no reference can dangle and no CIDR is unparsed;
//! the engine accepts only a `ValidInventory`.

mod arena;
mod basic_cen;
mod check;
mod parse_edge;
mod parse_network;
mod spans;
mod types;

pub use check::{input_errors, validate};
pub use types::*;

/// Parses a CIDR or bare address (a bare address means a host route), rejecting
/// host bits. On error returns the message and, where one helps, a hint.
pub fn parse_cidr(text: &str) -> Result<ipnet::IpNet, (String, Option<String>)> {
    use std::net::IpAddr;
    use std::str::FromStr;
    if let Some((address, length)) = text.split_once('/') {
        let net = ipnet::IpNet::from_str(text).map_err(|_| {
            let reason = if IpAddr::from_str(address).is_err() {
                format!("`{address}` is not an IP address")
            } else {
                format!("`{length}` is not a valid prefix length")
            };
            (
                format!("invalid CIDR `{text}`: {reason}"),
                Some("write an address and a prefix length, e.g. `10.0.0.0/16` (0 to 32 for IPv4, 0 to 128 for IPv6)".to_string()),
            )
        })?;
        let canonical = net.trunc();
        if canonical != net {
            return Err((
                format!("CIDR `{text}` has host bits set"),
                Some(format!("write the network address: `{canonical}`")),
            ));
        }
        Ok(net)
    } else {
        match IpAddr::from_str(text) {
            Ok(address) => Ok(ipnet::IpNet::from(address)),
            Err(_) => Err((
                format!("invalid CIDR `{text}`: not an address or a CIDR"),
                None,
            )),
        }
    }
}

/// The ranges that are not public (semantics S8.15).
pub const NON_PUBLIC: [&str; 11] = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "192.0.0.0/24",
    "198.18.0.0/15",
    "224.0.0.0/4",
    "240.0.0.0/4",
];

/// Whether an IPv4 address is public (semantics S8.15: documentation ranges count as public).
pub fn is_public(address: std::net::Ipv4Addr) -> bool {
    !NON_PUBLIC.iter().any(|range| {
        range
            .parse::<ipnet::Ipv4Net>()
            .map(|net| net.contains(&address))
            .unwrap_or(false)
    })
}

/// Whether an IPv4 range lies wholly in public space.
pub fn is_public_range(range: ipnet::Ipv4Net) -> bool {
    !NON_PUBLIC.iter().any(|text| {
        text.parse::<ipnet::Ipv4Net>()
            .map(|net| net.contains(&range) || range.contains(&net))
            .unwrap_or(false)
    })
}

/// The private ranges of semantics S3.1: RFC 1918 and `100.64.0.0/10`.
pub const PRIVATE: [&str; 4] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
];

/// Whether an address is in RFC 1918 or `100.64.0.0/10`.
pub fn is_private(address: std::net::Ipv4Addr) -> bool {
    PRIVATE.iter().any(|range| {
        range
            .parse::<ipnet::Ipv4Net>()
            .map(|net| net.contains(&address))
            .unwrap_or(false)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_parsing() {
        assert_eq!(
            parse_cidr("10.0.0.0/16").map(|n| n.to_string()),
            Ok("10.0.0.0/16".to_string())
        );
        assert_eq!(
            parse_cidr("10.0.0.7").map(|n| n.to_string()),
            Ok("10.0.0.7/32".to_string())
        );
        let (message, hint) = parse_cidr("10.0.0.1/16").err().unwrap_or_default();
        assert!(message.contains("host bits"));
        assert_eq!(
            hint.as_deref(),
            Some("write the network address: `10.0.0.0/16`")
        );
        assert!(parse_cidr("10.0.0.0/33").is_err());
        assert!(parse_cidr("10.0.0/16").is_err());
        assert!(parse_cidr("hello").is_err());
        assert!(parse_cidr("2001:db8::/32").is_ok());
    }

    #[test]
    fn public_addresses() {
        assert!(is_public(
            "47.96.1.2"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED)
        ));
        assert!(is_public(
            "203.0.113.5"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED)
        ));
        assert!(!is_public(
            "10.1.2.3"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED)
        ));
        assert!(!is_public(
            "100.100.1.1"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED)
        ));
        assert!(!is_public(
            "198.19.0.1"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED)
        ));
    }
}
