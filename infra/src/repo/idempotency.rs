//! Idempotency keys: the first completed response to a keyed request, replayed to retries.
//!
//! A request owns its key only for a lease: if its process dies (kill -9, crash, power
//! loss) before the response is stored, the key does not stay "in progress" for a day;
//! once the lease has run out a retry owns the key and runs the request again.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::WriteTurn;
use crate::schema::idempotency_keys::dsl;
use crate::{DbConnection, InfraError};

/// What is on record for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new (or its last owner died): this request owns it and must complete
    /// or release it.
    Owned,
    /// The same key was used for a different request.
    Mismatch,
    /// The first request with this key is still running; its lease ends in this long.
    InProgress(Duration),
    /// The caller already holds as many live keys as it may.
    OverQuota,
    /// The stored response: status, headers (JSON), body.
    Done(i32, String, Vec<u8>),
}

/// The times and bounds of one claim.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    /// The moment of the claim.
    pub now: NaiveDateTime,
    /// When a stored response is forgotten.
    pub expires_at: NaiveDateTime,
    /// When an unfinished claim may be taken over by a retry.
    pub lease_until: NaiveDateTime,
    /// Live keys one scope may hold (a bound on what one caller can store).
    pub max_per_scope: i64,
}

type Stored = (String, Option<i32>, Option<String>, Option<Vec<u8>>, NaiveDateTime, Option<NaiveDateTime>);

/// Claims `(scope, key)` for a request with `fingerprint`, or reports what holds it.
/// Expired keys are treated as new; an unfinished key whose lease has ended is taken over.
pub fn claim(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    fingerprint: &str,
    terms: Terms,
) -> Result<Claim, InfraError> {
    crate::db::in_turn(conn, |conn| claim_now(conn, (scope, key, fingerprint), terms))
}

/// `claim` inside the write turn.
fn claim_now(
    conn: &mut DbConnection,
    (scope, key, fingerprint): (&str, &str, &str),
    terms: Terms,
) -> Result<Claim, InfraError> {
    let now = terms.now;
    loop {
        let existing: Option<Stored> = dsl::idempotency_keys
            .find((scope, key))
            .select((dsl::fingerprint, dsl::status, dsl::headers, dsl::body, dsl::expires_at, dsl::lease_until))
            .first(conn)
            .optional()?;
        match existing {
            Some((_, _, _, _, exp, _)) if exp <= now => {
                diesel::delete(dsl::idempotency_keys.find((scope, key)).filter(dsl::expires_at.le(now)))
                    .execute(conn)?;
            }
            Some((fp, ..)) if fp != fingerprint => return Ok(Claim::Mismatch),
            Some((_, Some(status), headers, body, _, _)) => {
                return Ok(Claim::Done(status, headers.unwrap_or_default(), body.unwrap_or_default()))
            }
            Some((.., Some(lease))) if lease > now => return Ok(Claim::InProgress(lease - now)),
            Some(_) => {
                // The owner's lease has ended without a response: its process is gone.
                // Take the key over, unless another retry just did.
                let taken = diesel::update(
                    dsl::idempotency_keys
                        .find((scope, key))
                        .filter(dsl::status.is_null())
                        .filter(dsl::lease_until.is_null().or(dsl::lease_until.le(now))),
                )
                .set(dsl::lease_until.eq(terms.lease_until))
                .execute(conn)?;
                if taken == 1 {
                    return Ok(Claim::Owned);
                }
            }
            None => {
                let live: i64 = dsl::idempotency_keys
                    .filter(dsl::scope.eq(scope))
                    .filter(dsl::expires_at.gt(now))
                    .count()
                    .get_result(conn)?;
                if live >= terms.max_per_scope {
                    return Ok(Claim::OverQuota);
                }
                let inserted = diesel::insert_into(dsl::idempotency_keys)
                    .values((
                        dsl::scope.eq(scope),
                        dsl::key.eq(key),
                        dsl::fingerprint.eq(fingerprint),
                        dsl::created_at.eq(now),
                        dsl::expires_at.eq(terms.expires_at),
                        dsl::lease_until.eq(terms.lease_until),
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

/// A key a request claimed and still holds: the lease its claim took is the proof.
#[derive(Debug, Clone, Copy)]
pub struct Held<'a> {
    /// The caller's scope.
    pub scope: &'a str,
    /// The key.
    pub key: &'a str,
    /// The lease the claim took (a retry that took the key over moved it).
    pub lease_until: NaiveDateTime,
}

/// A response to store under a key.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// HTTP status.
    pub status: i32,
    /// The replayed headers, as a JSON object.
    pub headers: &'a str,
    /// The body.
    pub body: &'a [u8],
}

/// Stores the response of a key this request still owns: `lease_until` is the lease its
/// claim took, so a request that outlived its lease (and lost the key to a retry) stores
/// nothing. Returns whether the response was stored.
pub fn complete(conn: &mut DbConnection, held: Held<'_>, response: Response<'_>) -> Result<bool, InfraError> {
    let owned = dsl::idempotency_keys
        .find((held.scope, held.key))
        .filter(dsl::status.is_null())
        .filter(dsl::lease_until.eq(held.lease_until));
    let stored = crate::db::in_turn(conn, |conn| {
        diesel::update(owned)
            .set((
                dsl::status.eq(response.status),
                dsl::headers.eq(response.headers),
                dsl::body.eq(response.body),
                dsl::lease_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)
    })?;
    Ok(stored == 1)
}

/// Opens the transaction that holds a keyed request's every write until its response is
/// stored ([`commit_unit`]), so the effect and the stored answer commit together or not
/// at all. On SQLite it waits for this process's turn to write and takes the write lock
/// at once (`BEGIN IMMEDIATE`: a transaction that read first could not take it later if
/// another writer committed in between); keep the turn until the unit ends, so that
/// every other writer waits in the queue rather than in SQLite's busy handler.
pub fn begin_unit(conn: &mut DbConnection) -> Result<WriteTurn, InfraError> {
    Ok(crate::db::begin_write(conn)?)
}

/// Stores the response under the key and commits the request's writes with it. `Ok(false)`
/// when the request no longer owns the key: everything is rolled back.
pub fn commit_unit(conn: &mut DbConnection, held: Held<'_>, response: Response<'_>) -> Result<bool, InfraError> {
    use diesel::connection::TransactionManager;
    type Manager = <DbConnection as Connection>::TransactionManager;
    match complete(conn, held, response) {
        Ok(true) => {
            if let Err(e) = Manager::commit_transaction(conn) {
                let _ = rollback_unit(conn);
                return Err(e.into());
            }
            Ok(true)
        }
        Ok(false) => {
            rollback_unit(conn)?;
            Ok(false)
        }
        Err(e) => {
            let _ = rollback_unit(conn);
            Err(e)
        }
    }
}

/// Marks where one use case's work starts inside a keyed request's transaction. On
/// PostgreSQL a failed statement spoils the whole transaction, and a use case may meet one
/// on purpose (an insert that finds the name taken is a 409): [`end_step`] then undoes
/// this step alone, and the request's answer can still be stored. SQLite keeps a
/// transaction usable after a failed statement, so there is nothing to mark.
pub fn begin_step(conn: &mut DbConnection) -> Result<(), InfraError> {
    use diesel::connection::SimpleConnection;
    if let DbConnection::Pg(pg) = conn {
        pg.batch_execute("SAVEPOINT hazard_step")?;
    }
    Ok(())
}

/// Ends a step: `Ok(true)` when its work stands, `Ok(false)` when a failed statement had
/// spoiled it and it was undone (the transaction is usable again).
pub fn end_step(conn: &mut DbConnection) -> Result<bool, InfraError> {
    use diesel::connection::SimpleConnection;
    let DbConnection::Pg(pg) = conn else { return Ok(true) };
    if pg.batch_execute("RELEASE SAVEPOINT hazard_step").is_ok() {
        return Ok(true);
    }
    pg.batch_execute("ROLLBACK TO SAVEPOINT hazard_step; RELEASE SAVEPOINT hazard_step")?;
    Ok(false)
}

/// Undoes a keyed request's writes (it failed, or is not worth keeping).
pub fn rollback_unit(conn: &mut DbConnection) -> Result<(), InfraError> {
    use diesel::connection::TransactionManager;
    type Manager = <DbConnection as Connection>::TransactionManager;
    if Manager::transaction_manager_status_mut(conn).transaction_depth().ok().flatten().is_none() {
        return Ok(());
    }
    Manager::rollback_transaction(conn)?;
    Ok(())
}

/// Gives an owned key back (the request failed in a way worth retrying); `lease_until`
/// is the lease its claim took, so a key a retry has taken over stays the retry's.
pub fn release(conn: &mut DbConnection, scope: &str, key: &str, lease_until: NaiveDateTime) -> Result<(), InfraError> {
    let owned =
        dsl::idempotency_keys.find((scope, key)).filter(dsl::status.is_null()).filter(dsl::lease_until.eq(lease_until));
    crate::db::in_turn(conn, |conn| diesel::delete(owned).execute(conn))?;
    Ok(())
}

/// Deletes expired keys; returns how many (the background job logs it).
pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, InfraError> {
    Ok(diesel::delete(dsl::idempotency_keys.filter(dsl::expires_at.le(now))).execute(conn)?)
}
