//! The crate's own retry policy: how often, and how long apart, aiodynamo retries what DynamoDB
//! left undone (a batch's unprocessed items), on top of the SDK's retries of failed requests.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// Exponential backoff with full jitter: before retry `n` (counted from 1) aiodynamo waits a
/// random time between zero and `min(max_delay, base_delay * 2^(n-1))`, so that many clients
/// backing off at once spread out instead of retrying in step.
///
/// ```
/// use aiodynamo::RetryPolicy;
/// use std::time::Duration;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(10))
///     .max_delay(Duration::from_millis(200));
/// assert!(policy.delay(1) <= Duration::from_millis(10));
/// assert!(policy.delay(30) <= Duration::from_millis(200));
/// assert_eq!(policy.jitter(false).delay(3), Duration::from_millis(40));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: no retries).
    pub max_attempts: u32,
    /// The delay ceiling before the first retry; it doubles for each retry after.
    pub base_delay: Duration,
    /// The most any delay can be.
    pub max_delay: Duration,
    /// Whether each delay is drawn at random below its ceiling (full jitter) or is the ceiling.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    /// 8 attempts, delays from 25 ms doubling up to 2 s, with full jitter: the last retry
    /// comes after about 3 s of waiting on average, long enough for a throttled partition to
    /// recover and short enough for a request handler.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(25),
            max_delay: Duration::from_secs(2),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// Sets [`max_attempts`](Self::max_attempts) (at least 1).
    ///
    /// ```
    /// # use aiodynamo::RetryPolicy;
    /// assert_eq!(RetryPolicy::default().max_attempts(3).max_attempts, 3);
    /// assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets [`base_delay`](Self::base_delay).
    ///
    /// ```
    /// # use aiodynamo::RetryPolicy;
    /// # use std::time::Duration;
    /// let policy = RetryPolicy::default().base_delay(Duration::from_millis(100)).jitter(false);
    /// assert_eq!(policy.delay(1), Duration::from_millis(100));
    /// assert_eq!(policy.delay(2), Duration::from_millis(200));
    /// ```
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets [`max_delay`](Self::max_delay).
    ///
    /// ```
    /// # use aiodynamo::RetryPolicy;
    /// # use std::time::Duration;
    /// let policy = RetryPolicy::default().max_delay(Duration::from_millis(500)).jitter(false);
    /// assert_eq!(policy.delay(20), Duration::from_millis(500));
    /// ```
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets [`jitter`](Self::jitter).
    ///
    /// ```
    /// # use aiodynamo::RetryPolicy;
    /// # use std::time::Duration;
    /// let policy = RetryPolicy::default().jitter(false);
    /// assert_eq!(policy.delay(1), policy.delay(1)); // no randomness: always the ceiling
    /// assert_eq!(policy.delay(1), Duration::from_millis(25));
    /// ```
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// How long to wait before retry `retry` (1 for the first retry).
    ///
    /// ```
    /// # use aiodynamo::RetryPolicy;
    /// # use std::time::Duration;
    /// let policy = RetryPolicy::default(); // 25 ms doubling, up to 2 s, with jitter
    /// assert!(policy.delay(1) <= Duration::from_millis(25));
    /// assert!(policy.delay(4) <= Duration::from_millis(200));
    /// assert_eq!(policy.clone().jitter(false).delay(30), Duration::from_secs(2));
    /// ```
    pub fn delay(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1 << doublings)
            .min(self.max_delay);
        if self.jitter {
            ceiling.mul_f64(random_fraction())
        } else {
            ceiling
        }
    }
}

/// A number in `[0, 1)`, from the standard library's randomly keyed hasher: jitter needs spread,
/// not cryptographic quality.
fn random_fraction() -> f64 {
    // The top 53 bits, as many as an f64 holds exactly.
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// 64 random bits from the standard library's hasher, keyed from the operating system's
/// randomness once per thread (and changed for every hasher).
fn random_u64() -> u64 {
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

/// A random token of 32 characters from `[A-Za-z0-9]` (about 190 bits): a transaction's client
/// request token.
pub(crate) fn random_token() -> String {
    const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut token = String::with_capacity(32);
    for _ in 0..4 {
        // 8 base-62 digits of 64 random bits: 62^8 is far below 2^64, so each is all but uniform.
        let mut bits = random_u64();
        for _ in 0..8 {
            token.push(char::from(ALPHABET[(bits % 62) as usize]));
            bits /= 62;
        }
    }
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_ceiling() {
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_millis(10))
            .max_delay(Duration::from_millis(70))
            .jitter(false);
        let delays: Vec<u128> = (1..=5)
            .map(|retry| policy.delay(retry).as_millis())
            .collect();
        assert_eq!(delays, [10, 20, 40, 70, 70]);
        assert_eq!(policy.delay(u32::MAX), Duration::from_millis(70));
    }

    #[test]
    fn jitter_spreads_below_the_ceiling() {
        let policy = RetryPolicy::default().base_delay(Duration::from_millis(100));
        let delays: Vec<Duration> = (0..200).map(|_| policy.delay(1)).collect();
        assert!(
            delays
                .iter()
                .all(|delay| *delay <= Duration::from_millis(100))
        );
        let low = delays
            .iter()
            .filter(|d| **d < Duration::from_millis(50))
            .count();
        assert!((40..=160).contains(&low), "{low} of 200 below half");
    }

    #[test]
    fn tokens_are_32_alphanumerics_and_differ() {
        let tokens: Vec<String> = (0..100).map(|_| random_token()).collect();
        for token in &tokens {
            assert_eq!(token.len(), 32);
            assert!(
                token.bytes().all(|byte| byte.is_ascii_alphanumeric()),
                "{token}"
            );
        }
        let distinct: std::collections::HashSet<&String> = tokens.iter().collect();
        assert_eq!(distinct.len(), tokens.len());
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    }
}
