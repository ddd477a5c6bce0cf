//! A brake on password guessing that never locks a member out.
//!
//! Two budgets: every attempt from one client counts against that client (so one client
//! cannot try many names), and every *failed* attempt counts against the pair of name and
//! client (so one client cannot try many passwords for a name). A name is never limited as
//! such: someone failing for "anna" elsewhere does not keep Anna out. A client is its IPv4
//! address or its IPv6 /64, the block one subscriber is usually given, so that walking
//! through the addresses of one /64 gains nothing.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Attempts per minute from one client, whatever the names.
const PER_CLIENT: u32 = 10;
/// Failed attempts per window for one name from one client.
const FAILURES_PER_PAIR: usize = 5;
/// The window failures are counted in.
const FAILURE_WINDOW: Duration = Duration::from_secs(60);
/// Keys remembered before old ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

/// Who is asking, as far as limits go: an IPv4 address, an IPv6 /64, or unknown (no socket
/// information: one shared budget).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Client {
    V4([u8; 4]),
    V6Net([u8; 8]),
    Unknown,
}

impl From<Option<IpAddr>> for Client {
    fn from(address: Option<IpAddr>) -> Self {
        match address {
            Some(IpAddr::V4(v4)) => Self::V4(v4.octets()),
            Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => Self::V4(v4.octets()),
                None => {
                    let mut net = [0; 8];
                    net.copy_from_slice(&v6.octets()[..8]);
                    Self::V6Net(net)
                }
            },
            None => Self::Unknown,
        }
    }
}

/// The sign-in limits.
#[derive(Debug)]
pub(crate) struct LoginThrottle {
    by_client: DefaultKeyedRateLimiter<Client>,
    failures: Mutex<HashMap<(String, Client), VecDeque<Instant>>>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        let per_minute = Quota::per_minute(NonZeroU32::new(PER_CLIENT).unwrap_or(NonZeroU32::MIN));
        Self {
            by_client: RateLimiter::keyed(per_minute),
            failures: Mutex::new(HashMap::new()),
        }
    }
}

impl LoginThrottle {
    /// Counts an attempt before the password is checked; `Err` holds how long to wait when
    /// the client has tried too often, or has failed too often for this name.
    pub(crate) fn attempt(&self, address: Option<IpAddr>, name: &str) -> Result<(), Duration> {
        let client = Client::from(address);
        if let Some(wait) = self.pair_wait(client, name, Instant::now()) {
            return Err(wait);
        }
        if self.by_client.len() > SWEEP_ABOVE {
            self.by_client.retain_recent();
        }
        let now = DefaultClock::default().now();
        self.by_client
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(now))
    }

    /// Records a wrong password for the name from the client.
    pub(crate) fn failed(&self, address: Option<IpAddr>, name: &str) {
        self.record_failure(Client::from(address), name, Instant::now());
    }

    fn record_failure(&self, client: Client, name: &str, now: Instant) {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if failures.len() > SWEEP_ABOVE {
            failures.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|last| now.duration_since(*last) < FAILURE_WINDOW)
            });
        }
        let times = failures.entry((name.to_lowercase(), client)).or_default();
        times.push_back(now);
        while times.len() > FAILURES_PER_PAIR {
            times.pop_front();
        }
    }

    /// How long the pair must wait, if it has used up its failures in the window.
    fn pair_wait(&self, client: Client, name: &str, now: Instant) -> Option<Duration> {
        let failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let times = failures.get(&(name.to_lowercase(), client))?;
        let oldest = times.front()?;
        let recent = times
            .iter()
            .filter(|time| now.duration_since(**time) < FAILURE_WINDOW)
            .count();
        (recent >= FAILURES_PER_PAIR)
            .then(|| FAILURE_WINDOW.saturating_sub(now.duration_since(*oldest)))
            .filter(|wait| !wait.is_zero())
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv6Addr;

    use super::*;

    fn v4(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn failures_slow_the_failing_pair_and_never_lock_the_member_out() {
        let throttle = LoginThrottle::default();
        let attacker = v4(66);
        for _ in 0..FAILURES_PER_PAIR {
            assert!(throttle.attempt(attacker, "anna").is_ok());
            throttle.failed(attacker, "anna");
        }
        let wait = throttle
            .attempt(attacker, "Anna")
            .expect_err("the pair is slowed");
        assert!(wait > Duration::ZERO && wait <= FAILURE_WINDOW);
        assert!(
            throttle.attempt(v4(1), "anna").is_ok(),
            "Anna signs in from her own address"
        );
        assert!(
            throttle.attempt(attacker, "bertil").is_ok(),
            "the attacker's other names are limited by the client budget only"
        );
    }

    #[test]
    fn one_client_is_limited_across_names_and_an_ipv6_net_is_one_client() {
        let throttle = LoginThrottle::default();
        let net = |host: u16| {
            Some(IpAddr::from(Ipv6Addr::new(
                0x2001, 0xdb8, 1, 2, 0, 0, 0, host,
            )))
        };
        for host in 0..PER_CLIENT as u16 {
            assert!(throttle.attempt(net(host), &format!("namn{host}")).is_ok());
        }
        assert!(
            throttle.attempt(net(999), "ytterligare").is_err(),
            "a new address in the same /64 is the same client"
        );
        let other_net = Some(IpAddr::from(Ipv6Addr::new(0x2001, 0xdb8, 1, 3, 0, 0, 0, 1)));
        assert!(throttle.attempt(other_net, "ytterligare").is_ok());
        assert_eq!(
            Client::from(Some(IpAddr::from(Ipv6Addr::from([
                0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001
            ])))),
            Client::from(v4(1)),
            "an IPv4-mapped address is its IPv4 address"
        );
    }

    #[test]
    fn failures_age_out_of_their_window() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        let client = Client::from(v4(7));
        for _ in 0..FAILURES_PER_PAIR {
            throttle.record_failure(client, "anna", start);
        }
        assert!(throttle.pair_wait(client, "anna", start).is_some());
        assert!(
            throttle
                .pair_wait(client, "anna", start + FAILURE_WINDOW)
                .is_none()
        );
    }
}
