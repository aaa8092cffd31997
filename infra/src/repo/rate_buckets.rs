//! Token buckets kept in the database, so that every replica draws from the same bucket.
//!
//! One statement per request takes a token: an UPSERT that refills the bucket for the
//! time since its last use, takes one token when at least one is there, and returns what
//! is left. PostgreSQL runs it atomically on the row, so concurrent requests through
//! different replicas never both take the last token.

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Double, Text, Timestamp};

use crate::schema::rate_buckets;
use crate::{DbConnection, InfraError};

/// The bucket after one request.
#[derive(Debug, Clone, Copy, PartialEq, QueryableByName)]
pub struct Taken {
    /// Tokens left (fractional: the bucket refills continuously).
    #[diesel(sql_type = Double)]
    pub tokens: f64,
    /// Whether this request got a token.
    #[diesel(sql_type = Bool)]
    pub granted: bool,
}

/// The refilled level of the stored bucket `b` at `$3`, at most the capacity `$2`,
/// refilling `$4` tokens a second (a clock behind the stored time refills nothing).
const REFILLED: &str = "LEAST($2, b.tokens + GREATEST(0.0, EXTRACT(EPOCH FROM ($3 - b.at))::float8) * $4)";

/// Takes one token from `bucket` (capacity `capacity`, refilling `per_second`) at `now`.
/// A new bucket starts full. PostgreSQL only: SQLite deployments are one process and keep
/// their buckets in memory.
pub fn take(
    conn: &mut DbConnection,
    bucket: &str,
    capacity: f64,
    per_second: f64,
    now: NaiveDateTime,
) -> Result<Taken, InfraError> {
    let DbConnection::Pg(pg) = conn else {
        return Err(InfraError::Config("shared rate limits need PostgreSQL".into()));
    };
    let sql = format!(
        "INSERT INTO rate_buckets AS b (bucket, tokens, granted, at) VALUES ($1, $2 - 1.0, TRUE, $3) \
         ON CONFLICT (bucket) DO UPDATE SET \
           tokens = CASE WHEN {r} >= 1.0 THEN {r} - 1.0 ELSE {r} END, \
           granted = {r} >= 1.0, \
           at = GREATEST(b.at, $3) \
         RETURNING tokens, granted",
        r = REFILLED
    );
    // A bucket is worth less than a WAL flush: after a crash a client may get the last
    // few milliseconds' tokens again. Not waiting for the flush makes taking a token two
    // to three times faster (bench/ratelimit.sh, docs/benchmarks.md).
    Ok(pg.transaction(|c| {
        c.batch_execute("SET LOCAL synchronous_commit TO OFF")?;
        diesel::sql_query(sql)
            .bind::<Text, _>(bucket)
            .bind::<Double, _>(capacity)
            .bind::<Timestamp, _>(now)
            .bind::<Double, _>(per_second)
            .get_result::<Taken>(c)
    })?)
}

/// Removes buckets untouched since `before` (they would be full by now, which is what a
/// missing bucket means); keeps the table as small as the set of recent callers.
pub fn purge_idle(conn: &mut DbConnection, before: NaiveDateTime) -> Result<usize, InfraError> {
    Ok(diesel::delete(rate_buckets::table.filter(rate_buckets::at.lt(before))).execute(conn)?)
}
