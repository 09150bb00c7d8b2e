//! Attempt limits that slow down password guessing and mass sign-ups. The counts live in
//! the database ([`crate::db::rate_limits`]), so that a limit holds whichever server
//! process answers; this module holds what decides.

use std::net::IpAddr;
use std::time::Duration;

/// How many attempts of one action are allowed per window, by client address and by
/// e-mail address.
#[derive(Clone, Copy, Debug)]
pub struct RateLimits {
    pub window: Duration,
    pub per_address: u32,
    pub per_email: u32,
}

/// An attempt refused: when to try again, and whether it is the window's first refusal
/// for its subject (the one worth an audit entry, not the thousand after).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    pub minutes: u64,
    pub first: bool,
}

/// The block an address is counted in: an IPv6 address by its /64 (one subscriber's
/// network: a host picks any address in it), an IPv4 address (also when written as an
/// IPv4-mapped IPv6 one) by itself.
pub fn address_block(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Attempts in the sliding window ending now, estimated from two fixed windows: all of
/// the current one, and the part of the previous one the sliding window still covers.
/// (Fixed windows alone would let twice the limit through around a boundary.)
pub fn sliding_count(previous: i64, current: i64, elapsed_ms: i64, window_ms: i64) -> i64 {
    let window_ms = window_ms.max(1);
    let remaining = (window_ms - elapsed_ms).clamp(0, window_ms);
    // Rounded up: a partly covered attempt still counts.
    current + (previous * remaining + window_ms - 1) / window_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_by_their_64_block() {
        let block = |text: &str| address_block(text.parse().expect("an address"));
        assert_eq!(block("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(
            block("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            "2001:db8:1:2::/64"
        );
        assert_ne!(block("2001:db8:1:3::1"), block("2001:db8:1:2::1"));
        assert_eq!(block("203.0.113.7"), "203.0.113.7");
        assert_eq!(block("::ffff:203.0.113.7"), "203.0.113.7");
    }

    #[test]
    fn the_previous_window_counts_for_what_the_sliding_window_still_covers() {
        assert_eq!(sliding_count(10, 0, 0, 900), 10);
        assert_eq!(sliding_count(10, 2, 450, 900), 7);
        assert_eq!(sliding_count(10, 2, 900, 900), 2);
        assert_eq!(sliding_count(0, 3, 10, 900), 3);
    }
}
