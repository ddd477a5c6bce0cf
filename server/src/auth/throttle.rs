//! A brake on password guessing: sign-in attempts are limited per client address and per
//! member name, so that neither one address trying many names nor many addresses trying
//! one name gets far.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Attempts per minute from one address.
const PER_ADDRESS: u32 = 10;
/// Attempts per minute for one name.
const PER_NAME: u32 = 5;
/// Keys remembered before old ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

/// The login rate limits.
#[derive(Debug)]
pub(crate) struct LoginThrottle {
    by_address: DefaultKeyedRateLimiter<Option<IpAddr>>,
    by_name: DefaultKeyedRateLimiter<String>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        let per_minute = |n| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            by_address: RateLimiter::keyed(per_minute(PER_ADDRESS)),
            by_name: RateLimiter::keyed(per_minute(PER_NAME)),
        }
    }
}

impl LoginThrottle {
    /// Counts an attempt; `Err` holds how long to wait when either limit is reached.
    /// An unknown address (no socket information) shares one budget.
    pub(crate) fn attempt(&self, address: Option<IpAddr>, name: &str) -> Result<(), Duration> {
        if self.by_address.len() > SWEEP_ABOVE {
            self.by_address.retain_recent();
        }
        if self.by_name.len() > SWEEP_ABOVE {
            self.by_name.retain_recent();
        }
        let now = DefaultClock::default().now();
        self.by_address
            .check_key(&address)
            .and_then(|()| self.by_name.check_key(&name.to_lowercase()))
            .map_err(|not_until| not_until.wait_time_from(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_limited_across_addresses_and_an_address_across_names() {
        let throttle = LoginThrottle::default();
        let addresses: Vec<Option<IpAddr>> =
            (1..=6).map(|i| Some(IpAddr::from([10, 0, 0, i]))).collect();
        for address in &addresses[..5] {
            assert!(throttle.attempt(*address, "anna").is_ok());
        }
        let wait = throttle
            .attempt(addresses[5], "Anna")
            .expect_err("name limited");
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(60));

        let one = Some(IpAddr::from([192, 168, 1, 1]));
        let names: Vec<String> = (0..PER_ADDRESS).map(|i| format!("namn{i}")).collect();
        for name in &names {
            assert!(throttle.attempt(one, name).is_ok());
        }
        assert!(
            throttle.attempt(one, "ytterligare").is_err(),
            "address limited"
        );
        assert!(
            throttle.attempt(addresses[0], "bertil").is_ok(),
            "others go on"
        );
    }
}
