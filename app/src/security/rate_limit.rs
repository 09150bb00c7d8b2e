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

/// How long until one more attempt fits under `limit`, given the counts of the previous
/// and current windows and the time elapsed in the current one.
pub fn wait_ms(previous: i64, current: i64, elapsed_ms: i64, window_ms: i64, limit: i64) -> i64 {
    let window_ms = window_ms.max(1);
    let room = limit - 1;
    if current > room {
        // Not before the next window, where the current one then counts for less.
        let into_next = if current == 0 {
            0
        } else {
            (window_ms * (current - room)).div_euclid(current) + 1
        };
        return window_ms - elapsed_ms + into_next;
    }
    if previous == 0 {
        return 0;
    }
    // In this window, once the previous one's share fits in the room left.
    let share_allowed = room - current;
    let needed = window_ms - (window_ms * share_allowed).div_euclid(previous);
    (needed - elapsed_ms).max(0) + 1
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
    fn after_the_wait_told_one_more_attempt_fits() {
        let window = 900_000;
        for (previous, current, elapsed, limit) in [
            (10, 3, 100_000, 5),
            (0, 5, 300_000, 5),
            (8, 0, 0, 5),
            (50, 50, 899_000, 50),
        ] {
            let wait = wait_ms(previous, current, elapsed, window, limit);
            let later = elapsed + wait;
            let fits = if later >= window {
                sliding_count(current, 0, later - window, window) < limit
            } else {
                sliding_count(previous, current, later, window) < limit
            };
            assert!(fits, "{previous} {current} {elapsed} {limit}: {wait}");
            assert!(wait > 0, "still refused now");
        }
    }

    #[test]
    fn the_previous_window_counts_for_what_the_sliding_window_still_covers() {
        assert_eq!(sliding_count(10, 0, 0, 900), 10);
        assert_eq!(sliding_count(10, 2, 450, 900), 7);
        assert_eq!(sliding_count(10, 2, 900, 900), 2);
        assert_eq!(sliding_count(0, 3, 10, 900), 3);
    }
}
