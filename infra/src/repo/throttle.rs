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

/// How attempts under one key are rationed: a hard lock past `max_attempts` in the
/// window, and optionally an exponential delay between attempts past `delay_after`.
#[derive(Debug, Clone, Copy)]
pub struct Ration {
    /// Attempts allowed within the window; the next one locks the key for `lockout`.
    pub max_attempts: i32,
    /// The counting window.
    pub window: Duration,
    /// How long a key stays locked once over the limit.
    pub lockout: Duration,
    /// From this many attempts on, each further attempt must wait 2^(n - delay_after)
    /// seconds after the previous one (capped by `max_delay`): slows guessing without
    /// locking the real user out.
    pub delay_after: Option<i32>,
    /// The longest delay.
    pub max_delay: Duration,
}

type Row = (i32, NaiveDateTime, Option<NaiveDateTime>);

/// Whether the insert of a key's first row won: `false` when a concurrent attempt
/// inserted it first (the caller reads the row again), an error otherwise.
fn first_row(inserted: Result<usize, diesel::result::Error>) -> Result<bool, InfraError> {
    match inserted.map_err(InfraError::from) {
        Ok(_) => Ok(true),
        Err(InfraError::Conflict(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Reserves one attempt under `key` before the (slow) password check, atomically: of any
/// number of concurrent attempts, no more than the ration get through. `Ok(n)` is the
/// attempt's number in the window; `Err(left)` how long the key stays closed.
pub fn reserve(
    conn: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    ration: Ration,
) -> Result<Result<i32, Duration>, InfraError> {
    loop {
        let current: Option<Row> = dsl::login_throttle
            .find(key)
            .select((dsl::failures, dsl::window_start, dsl::locked_until))
            .first(conn)
            .optional()?;
        if let Some(left) = current.and_then(|c| c.2).filter(|u| *u > now).map(|u| u - now) {
            return Ok(Err(left));
        }
        let (n, start) = match current {
            Some((f, start, _)) if now - start < ration.window => (f + 1, start),
            _ => (1, now),
        };
        let over = n > ration.max_attempts;
        let closed_until = if over {
            Some(now + ration.lockout)
        } else {
            ration.delay_after.filter(|d| n >= *d).map(|d| now + delay(n - d, ration.max_delay))
        };
        let changes = (dsl::failures.eq(n), dsl::window_start.eq(start), dsl::locked_until.eq(closed_until));
        let won = match current {
            // Compare-and-set on the row as read: a concurrent attempt that changed it
            // first makes this one read again.
            Some((f, s, l)) => {
                let target = dsl::login_throttle.find(key).filter(dsl::failures.eq(f)).filter(dsl::window_start.eq(s));
                let updated = match l {
                    Some(l) => diesel::update(target.filter(dsl::locked_until.eq(l))).set(changes).execute(conn)?,
                    None => diesel::update(target.filter(dsl::locked_until.is_null())).set(changes).execute(conn)?,
                };
                updated == 1
            }
            None => first_row(
                diesel::insert_into(dsl::login_throttle)
                    .values((dsl::key.eq(key), changes.0, changes.1, changes.2))
                    .execute(conn),
            )?,
        };
        if won {
            return Ok(if over { Err(ration.lockout) } else { Ok(n) });
        }
    }
}

/// Uses `amount` of the budget `ration.max_attempts` that `key` has per window, atomically
/// (compare-and-set, so concurrent uploads on several replicas cannot overshoot it).
/// `Err(left)` when it would overshoot: the time until the window starts afresh.
pub fn consume(
    conn: &mut DbConnection,
    key: &str,
    amount: i32,
    now: NaiveDateTime,
    ration: Ration,
) -> Result<Result<(), Duration>, InfraError> {
    loop {
        let current: Option<(i32, NaiveDateTime)> =
            dsl::login_throttle.find(key).select((dsl::failures, dsl::window_start)).first(conn).optional()?;
        let (used, start) = match current {
            Some((u, s)) if now - s < ration.window => (u, s),
            _ => (0, now),
        };
        if used.saturating_add(amount) > ration.max_attempts {
            return Ok(Err(start + ration.window - now));
        }
        let changes = (dsl::failures.eq(used + amount), dsl::window_start.eq(start));
        let won = match current {
            Some((u, s)) => {
                diesel::update(
                    dsl::login_throttle.find(key).filter(dsl::failures.eq(u)).filter(dsl::window_start.eq(s)),
                )
                .set(changes)
                .execute(conn)?
                    == 1
            }
            None => first_row(
                diesel::insert_into(dsl::login_throttle).values((dsl::key.eq(key), changes.0, changes.1)).execute(conn),
            )?,
        };
        if won {
            return Ok(Ok(()));
        }
    }
}

/// Closes `key` until `until` (the attempt that reached the limit failed).
pub fn lock(conn: &mut DbConnection, key: &str, until: NaiveDateTime) -> Result<(), InfraError> {
    diesel::update(dsl::login_throttle.find(key)).set(dsl::locked_until.eq(until)).execute(conn)?;
    Ok(())
}

/// Gives back an attempt that succeeded, so that many good sign-ins from one address
/// (an office behind one NAT) do not add up to a lock.
pub fn refund(conn: &mut DbConnection, key: &str) -> Result<(), InfraError> {
    diesel::update(dsl::login_throttle.find(key).filter(dsl::failures.gt(0)))
        .set(dsl::failures.eq(dsl::failures - 1))
        .execute(conn)?;
    Ok(())
}

fn delay(steps: i32, max: Duration) -> Duration {
    let secs = 1_i64.checked_shl(u32::try_from(steps.clamp(0, 40)).unwrap_or(40)).unwrap_or(i64::MAX);
    Duration::seconds(secs).min(max)
}
