//! Rate limits on logging in and registering: per client address and per
//! account name, so neither one address nor a spread of addresses can guess a
//! password quickly. In memory, per process (Haven runs as one process).

use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;

/// Attempts allowed per minute (also the burst size).
#[derive(Debug, Clone, Copy)]
pub struct AuthLimitConfig {
    pub per_address_per_minute: u32,
    pub per_account_per_minute: u32,
}

impl Default for AuthLimitConfig {
    fn default() -> Self {
        Self {
            per_address_per_minute: 20,
            per_account_per_minute: 5,
        }
    }
}

pub struct AuthLimits {
    by_address: DefaultKeyedRateLimiter<String>,
    by_account: DefaultKeyedRateLimiter<String>,
}

impl AuthLimits {
    pub fn new(config: AuthLimitConfig) -> Self {
        let quota =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        Self {
            by_address: RateLimiter::keyed(quota(config.per_address_per_minute)),
            by_account: RateLimiter::keyed(quota(config.per_account_per_minute)),
        }
    }

    /// Forgets addresses and names whose limit has fully refilled, so the
    /// maps hold only recent ones (run every minute by the server). Returns
    /// how many keys remain.
    pub fn prune(&self) -> usize {
        self.by_address.retain_recent();
        self.by_address.shrink_to_fit();
        self.by_account.retain_recent();
        self.by_account.shrink_to_fit();
        self.by_address.len() + self.by_account.len()
    }

    /// Counts one attempt from `address` on `account` (lower-cased name);
    /// refuses when either is over its limit.
    pub fn attempt(&self, address: &str, account: &str) -> Result<(), AppError> {
        self.by_address
            .check_key(&address.to_string())
            .map_err(|_| AppError::RateLimited)?;
        self.by_account
            .check_key(&account.to_lowercase())
            .map_err(|_| AppError::RateLimited)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_address_and_each_account() {
        let limits = AuthLimits::new(AuthLimitConfig {
            per_address_per_minute: 3,
            per_account_per_minute: 2,
        });
        assert!(limits.attempt("1.1.1.1", "robin").is_ok());
        assert!(limits.attempt("2.2.2.2", "Robin").is_ok());
        // Third try on the same account from yet another address.
        assert_eq!(
            limits.attempt("3.3.3.3", "ROBIN"),
            Err(AppError::RateLimited)
        );
        assert!(limits.attempt("1.1.1.1", "a").is_ok());
        assert!(limits.attempt("1.1.1.1", "b").is_ok());
        assert_eq!(limits.attempt("1.1.1.1", "c"), Err(AppError::RateLimited));
    }

    #[test]
    fn pruning_forgets_keys_whose_limit_has_refilled() {
        // 60 000 a minute: a key refills within a millisecond.
        let limits = AuthLimits::new(AuthLimitConfig {
            per_address_per_minute: 60_000,
            per_account_per_minute: 60_000,
        });
        for n in 0..500 {
            let address = format!("10.0.{}.{}", n / 256, n % 256);
            assert!(limits.attempt(&address, &format!("person{n}")).is_ok());
        }
        // One attempt each refills in a millisecond; wait well past that.
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert_eq!(limits.prune(), 0);
        // A key still draining is kept.
        let slow = AuthLimits::new(AuthLimitConfig::default());
        assert!(slow.attempt("1.1.1.1", "robin").is_ok());
        assert_eq!(slow.prune(), 2);
    }
}
