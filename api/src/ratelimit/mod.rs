//! Token-bucket rate limits behind one interface, so that every limit (API clients,
//! per-address limits on anonymous endpoints) holds across replicas when the database is
//! PostgreSQL ([`SharedLimiter`]) and costs nothing on a single SQLite process
//! ([`MemoryLimiter`]).
//!
//! A bucket holds up to `capacity` tokens and refills continuously at `capacity` per
//! `period`; each request takes one. Callers pick a bucket key (`client:<id>`,
//! `open311:<address>`…) and a [`Quota`], call [`take`], and answer with
//! [`Verdict::headers`] or [`Verdict::refusal`].

mod memory;
mod shared;

use std::sync::Arc;

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::web;
use chrono::{DateTime, Utc};
use hazard_infra::InfraError;

pub use memory::MemoryLimiter;
pub use shared::SharedLimiter;

use crate::error::ApiError;
use crate::state::AppState;

/// How many requests a bucket allows: a burst of `capacity`, refilled over `period_secs`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quota {
    /// Bucket size (`RateLimit-Limit`); at least 1.
    pub capacity: u32,
    /// Seconds to refill an empty bucket; at most a day (the background job drops
    /// buckets idle for a day, which must be full again by then).
    pub period_secs: u32,
}

impl Quota {
    /// `n` requests a minute.
    pub fn per_minute(n: u32) -> Self {
        Self { capacity: n.max(1), period_secs: 60 }
    }

    /// `n` requests an hour.
    pub fn per_hour(n: u32) -> Self {
        Self { capacity: n.max(1), period_secs: 3600 }
    }

    fn capacity(self) -> f64 {
        f64::from(self.capacity.max(1))
    }

    fn rate(self) -> f64 {
        self.capacity() / f64::from(self.period_secs.max(1))
    }

    /// The verdict for a bucket left with `tokens` after a request that was (or was not)
    /// `allowed`.
    pub fn verdict(self, allowed: bool, tokens: f64) -> Verdict {
        let (capacity, rate) = (self.capacity(), self.rate());
        let tokens = tokens.clamp(0.0, capacity);
        Verdict {
            allowed,
            limit: self.capacity.max(1),
            remaining: tokens.floor() as u32,
            reset_secs: ((capacity - tokens) / rate).ceil() as u64,
            retry_after_secs: if allowed { 0 } else { ((1.0 - tokens) / rate).ceil().max(1.0) as u64 },
        }
    }
}

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

impl Verdict {
    /// The `RateLimit-*` headers (IETF draft) every answer of a limited caller carries.
    pub fn headers(&self) -> [(HeaderName, HeaderValue); 3] {
        [
            (HeaderName::from_static("ratelimit-limit"), HeaderValue::from(self.limit)),
            (HeaderName::from_static("ratelimit-remaining"), HeaderValue::from(self.remaining)),
            (HeaderName::from_static("ratelimit-reset"), HeaderValue::from(self.reset_secs)),
        ]
    }

    /// The 429 problem (with `Retry-After` and the `RateLimit-*` headers) of a refusal.
    pub fn refusal(&self) -> actix_web::HttpResponse {
        use actix_web::ResponseError;
        let mut res = ApiError::RateLimited(self.retry_after_secs).error_response();
        for (k, v) in self.headers() {
            res.headers_mut().insert(k, v);
        }
        res
    }
}

/// Where buckets live. Blocking: call it off the async runtime (see [`take`]).
pub trait Limiter: Send + Sync {
    /// Takes one token from `key`'s bucket at `now`.
    fn take(&self, key: &str, quota: Quota, now: DateTime<Utc>) -> Result<Verdict, InfraError>;
}

/// The limiter a deployment needs: shared through the database on PostgreSQL (several
/// replicas), in memory on SQLite (one process).
pub fn for_database(pool: &hazard_infra::Pool, database_url: &str) -> Arc<dyn Limiter> {
    match hazard_infra::db::Backend::from_url(database_url) {
        Ok(hazard_infra::db::Backend::Postgres(_)) => Arc::new(SharedLimiter::new(pool.clone())),
        _ => Arc::new(MemoryLimiter::default()),
    }
}

/// Takes a token from `key`'s bucket off the async runtime. A limiter that cannot answer
/// (database down) is a 503, not a free pass.
pub async fn take(state: &AppState, key: String, quota: Quota) -> Result<Verdict, ApiError> {
    let st = state.clone();
    web::block(move || st.rate_limits.take(&key, quota, st.now())).await?.map_err(ApiError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_the_bucket() {
        let q = Quota::per_minute(3);
        let v = q.verdict(true, 2.0);
        assert_eq!((v.limit, v.remaining, v.reset_secs, v.retry_after_secs), (3, 2, 20, 0));
        let v = q.verdict(false, 0.5);
        assert_eq!((v.remaining, v.reset_secs, v.retry_after_secs), (0, 50, 10));
        let h = Quota::per_hour(10).verdict(false, 0.0);
        assert_eq!(h.retry_after_secs, 360, "one token every 6 min at 10/h");
    }
}
