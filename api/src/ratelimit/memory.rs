//! Buckets in this process's memory: right for one SQLite process, where every request
//! passes through the same limiter.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use hazard_infra::InfraError;

use super::{Limiter, Quota, Verdict};

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
}

/// Above this many buckets, full ones are dropped (a full bucket is what a missing one means).
const PRUNE_ABOVE: usize = 10_000;

/// All buckets of this process.
#[derive(Debug, Default)]
pub struct MemoryLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl Limiter for MemoryLimiter {
    fn take(&self, key: &str, quota: Quota, now: DateTime<Utc>) -> Result<Verdict, InfraError> {
        let (capacity, rate) = (quota.capacity(), quota.rate());
        let refill = |b: &Bucket| {
            let elapsed = (now - b.at).num_milliseconds().max(0) as f64 / 1000.0;
            (b.tokens + elapsed * rate).min(capacity)
        };
        let mut buckets = match self.buckets.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, b| refill(b) < capacity);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket { tokens: capacity, at: now });
        bucket.tokens = refill(bucket);
        bucket.at = bucket.at.max(now);
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        Ok(quota.verdict(allowed, bucket.tokens))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn bursts_then_refills() {
        let rl = MemoryLimiter::default();
        let q = Quota::per_minute(3);
        let t0 = Utc::now();
        for i in 0..3 {
            let v = rl.take("c", q, t0).unwrap();
            assert!(v.allowed, "{i}");
            assert_eq!(v.remaining, 2 - i);
        }
        let refused = rl.take("c", q, t0).unwrap();
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after_secs, 20, "one token every 20 s at 3/min");
        assert!(rl.take("other", q, t0).unwrap().allowed, "buckets are per key");
        assert!(rl.take("c", q, t0 + Duration::seconds(21)).unwrap().allowed);
    }
}
