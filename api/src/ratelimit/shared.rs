//! Buckets in PostgreSQL, one row each: every replica draws from the same bucket, so a
//! client limited to 10 a minute gets 10 a minute however many replicas serve it.

use chrono::{DateTime, Utc};
use hazard_infra::repo::rate_buckets;
use hazard_infra::{InfraError, Pool};

use super::{Limiter, Quota, Verdict};

/// Buckets shared through the database.
#[derive(Clone)]
pub struct SharedLimiter {
    pool: Pool,
}

impl SharedLimiter {
    /// Buckets in the database behind `pool` (PostgreSQL).
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }
}

impl Limiter for SharedLimiter {
    fn take(&self, key: &str, quota: Quota, now: DateTime<Utc>) -> Result<Verdict, InfraError> {
        let mut conn = self.pool.get()?;
        let taken = rate_buckets::take(&mut conn, key, quota.capacity(), quota.rate(), now.naive_utc())?;
        Ok(quota.verdict(taken.granted, taken.tokens))
    }
}
