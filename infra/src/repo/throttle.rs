//! Failed-login throttling, kept in the database so every replica sees the same counts.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::login_throttle::dsl;
use crate::{DbConnection, InfraError};

/// How many failures within `window` lock a key, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Failures allowed within the window.
    pub max_failures: i32,
    /// The counting window.
    pub window: Duration,
    /// How long a key stays locked once over the limit.
    pub lockout: Duration,
}

/// If `key` is locked at `now`, the time left.
pub fn locked_for(conn: &mut DbConnection, key: &str, now: NaiveDateTime) -> Result<Option<Duration>, InfraError> {
    let until: Option<Option<NaiveDateTime>> =
        dsl::login_throttle.find(key).select(dsl::locked_until).first(conn).optional()?;
    Ok(until.flatten().filter(|u| *u > now).map(|u| u - now))
}

/// Counts a failure; returns the lock duration when this failure crosses the limit.
pub fn record_failure(
    conn: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    policy: Policy,
) -> Result<Option<Duration>, InfraError> {
    let current: Option<(i32, NaiveDateTime)> =
        dsl::login_throttle.find(key).select((dsl::failures, dsl::window_start)).first(conn).optional()?;
    let (failures, window_start) = match current {
        Some((n, start)) if now - start < policy.window => (n + 1, start),
        _ => (1, now),
    };
    let locked_until = (failures >= policy.max_failures).then(|| now + policy.lockout);
    let changes = (dsl::failures.eq(failures), dsl::window_start.eq(window_start), dsl::locked_until.eq(locked_until));
    let updated = diesel::update(dsl::login_throttle.find(key)).set(changes).execute(conn)?;
    if updated == 0 {
        let inserted = diesel::insert_into(dsl::login_throttle)
            .values((dsl::key.eq(key), changes.0, changes.1, changes.2))
            .execute(conn);
        match inserted.map_err(InfraError::from) {
            Ok(_) | Err(InfraError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(locked_until.map(|_| policy.lockout))
}

/// Forgets the failures of `key` after a successful sign-in.
pub fn clear(conn: &mut DbConnection, key: &str) -> Result<(), InfraError> {
    diesel::delete(dsl::login_throttle.find(key)).execute(conn)?;
    Ok(())
}
