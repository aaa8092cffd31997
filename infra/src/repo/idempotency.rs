//! Idempotency keys: the first completed response to a keyed request, replayed to retries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::idempotency_keys::dsl;
use crate::{DbConnection, InfraError};

/// What is on record for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new: this request owns it and must complete or release it.
    Owned,
    /// The same key was used for a different request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
    /// The stored response: status, headers (JSON), body.
    Done(i32, String, Vec<u8>),
}

/// Claims `(scope, key)` for a request with `fingerprint`, or reports what holds it.
/// Expired keys are treated as new.
pub fn claim(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    fingerprint: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> Result<Claim, InfraError> {
    type Stored = (String, Option<i32>, Option<String>, Option<Vec<u8>>, NaiveDateTime);
    loop {
        let existing: Option<Stored> = dsl::idempotency_keys
            .find((scope, key))
            .select((dsl::fingerprint, dsl::status, dsl::headers, dsl::body, dsl::expires_at))
            .first(conn)
            .optional()?;
        match existing {
            Some((_, _, _, _, exp)) if exp <= now => {
                diesel::delete(dsl::idempotency_keys.find((scope, key)).filter(dsl::expires_at.le(now)))
                    .execute(conn)?;
            }
            Some((fp, _, _, _, _)) if fp != fingerprint => return Ok(Claim::Mismatch),
            Some((_, Some(status), headers, body, _)) => {
                return Ok(Claim::Done(status, headers.unwrap_or_default(), body.unwrap_or_default()))
            }
            Some(_) => return Ok(Claim::InProgress),
            None => {
                let inserted = diesel::insert_into(dsl::idempotency_keys)
                    .values((
                        dsl::scope.eq(scope),
                        dsl::key.eq(key),
                        dsl::fingerprint.eq(fingerprint),
                        dsl::created_at.eq(now),
                        dsl::expires_at.eq(expires_at),
                    ))
                    .execute(conn)
                    .map_err(InfraError::from);
                match inserted {
                    Ok(_) => return Ok(Claim::Owned),
                    Err(InfraError::Conflict(_)) => continue,
                    Err(e) => return Err(e),
                }
            }
        }
    }
}

/// Stores the response of an owned key.
pub fn complete(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    status: i32,
    headers: &str,
    body: &[u8],
) -> Result<(), InfraError> {
    diesel::update(dsl::idempotency_keys.find((scope, key)))
        .set((dsl::status.eq(status), dsl::headers.eq(headers), dsl::body.eq(body)))
        .execute(conn)?;
    Ok(())
}

/// Gives an owned key back (the request failed in a way worth retrying).
pub fn release(conn: &mut DbConnection, scope: &str, key: &str) -> Result<(), InfraError> {
    diesel::delete(dsl::idempotency_keys.find((scope, key)).filter(dsl::status.is_null())).execute(conn)?;
    Ok(())
}

/// Deletes expired keys; returns how many (the background job logs it).
pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, InfraError> {
    Ok(diesel::delete(dsl::idempotency_keys.filter(dsl::expires_at.le(now))).execute(conn)?)
}
