//! Per-client token buckets: a client may burst up to its per-minute limit, and the
//! bucket refills continuously at limit/60 tokens a second. Buckets live in the process:
//! with several replicas behind a balancer, each enforces the limit on its share.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// The answer for one request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Whether the request may proceed.
    pub allowed: bool,
    /// The bucket size (`RateLimit-Limit`).
    pub limit: u32,
    /// Whole tokens left (`RateLimit-Remaining`).
    pub remaining: u32,
    /// Seconds until the bucket is full again (`RateLimit-Reset`).
    pub reset_secs: u64,
    /// Seconds until the next token, when refused (`Retry-After`).
    pub retry_after_secs: u64,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
}

/// All buckets of this process.
#[derive(Debug, Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// Takes one token from `key`'s bucket of size `per_minute` at time `now`.
    pub fn check(&self, key: &str, per_minute: u32, now: DateTime<Utc>) -> Verdict {
        let limit = per_minute.max(1);
        let capacity = f64::from(limit);
        let rate = capacity / 60.0;
        let mut buckets = match self.buckets.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket { tokens: capacity, at: now });
        let elapsed = (now - bucket.at).num_milliseconds().max(0) as f64 / 1000.0;
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.at = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        let reset_secs = ((capacity - bucket.tokens) / rate).ceil() as u64;
        let retry_after_secs = if allowed { 0 } else { ((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64 };
        Verdict { allowed, limit, remaining: bucket.tokens.floor().max(0.0) as u32, reset_secs, retry_after_secs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn bursts_then_refills() {
        let rl = RateLimiter::default();
        let t0 = Utc::now();
        for i in 0..3 {
            let v = rl.check("c", 3, t0);
            assert!(v.allowed, "{i}");
            assert_eq!(v.remaining, 2 - i);
        }
        let refused = rl.check("c", 3, t0);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after_secs, 20, "one token every 20 s at 3/min");
        assert!(rl.check("other", 3, t0).allowed, "buckets are per client");
        assert!(rl.check("c", 3, t0 + Duration::seconds(21)).allowed);
    }
}
