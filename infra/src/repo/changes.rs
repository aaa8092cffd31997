//! The change log behind offline sync. A phone keeps the number of the last change it
//! applied and asks for the ones after it, so numbers must follow commit order: a change
//! that commits after a reader has passed its number would be skipped for good.
//!
//! - SQLite commits one writer at a time ([`crate::db::write`]): a counter row is enough.
//! - PostgreSQL commits many at once, and a counter row locked until commit made every
//!   write in the district wait for the one before it. Instead a change's number is
//!   `base + (transaction id << 16) + its place in the transaction` (no shared row), and a
//!   reader returns only changes of transactions older than every one of this database
//!   still running (see [`WATERMARK`]). A change committing later belongs to a newer transaction, so it
//!   gets a larger number than anything a reader has returned. A reader that finds
//!   committed changes above that line waits briefly for the older transactions to end
//!   ([`SETTLE_WAIT`]), so what committed before a request is in its answer.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use hazard_domain::RowScope;

use crate::repo::prepared::{Prepared, Value, BIND};
use crate::schema::{change_counter, hazard_changes};
use crate::{DbConnection, InfraError};

/// Changes one PostgreSQL transaction may record (the low bits of a number).
const PER_TRANSACTION_BITS: u32 = 16;

/// How long a PostgreSQL reader waits for transactions older than the changes it sees.
pub const SETTLE_WAIT: Duration = Duration::from_millis(500);

/// The first number no reader may return yet (PostgreSQL), in SQL: above the base, the
/// oldest transaction of this database that the statement's snapshot sees running (or, if
/// none, the snapshot's `xmax`: every older one has ended). Transaction ids are shared by
/// every database of the server, so transactions positively known to run in another
/// database (`pg_locks` + `pg_stat_activity`, which every role may read) do not hold the
/// feed back; one that cannot be placed (it just ended, a prepared transaction) counts.
const WATERMARK: &str = "((SELECT base FROM change_key_base) + (( \
       SELECT COALESCE((SELECT MIN(x) FROM pg_snapshot_xip(s) AS x WHERE NOT EXISTS ( \
           SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
           WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.transactionid = xid(x) \
             AND a.datid IS DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database()))), \
         pg_snapshot_xmax(s))::text::bigint \
       FROM pg_current_snapshot() AS s) << 16))";

/// Where a hazard was before and after a change (for "left your scope" answers).
#[derive(Debug, Clone)]
pub struct ChangeScope<'a> {
    /// The hazard.
    pub hazard_id: &'a str,
    /// Street after the change.
    pub street_code: &'a str,
    /// Enterprise after the change.
    pub enterprise_id: Option<&'a str>,
    /// Street before (None for creation).
    pub prev_street_code: Option<&'a str>,
    /// Enterprise before.
    pub prev_enterprise_id: Option<&'a str>,
}

#[derive(QueryableByName)]
struct Seq {
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

/// Appends a change; call inside the transaction that makes the change.
pub fn record(conn: &mut DbConnection, scope: &ChangeScope<'_>, now: NaiveDateTime) -> Result<i64, InfraError> {
    if matches!(conn, DbConnection::Pg(_)) {
        return record_pg(conn, scope, now);
    }
    let seq: i64 = diesel::update(change_counter::table.find(1))
        .set(change_counter::last_seq.eq(change_counter::last_seq + 1))
        .returning(change_counter::last_seq)
        .get_result(conn)?;
    diesel::insert_into(hazard_changes::table)
        .values((
            hazard_changes::seq.eq(seq),
            hazard_changes::hazard_id.eq(scope.hazard_id),
            hazard_changes::street_code.eq(scope.street_code),
            hazard_changes::enterprise_id.eq(scope.enterprise_id),
            hazard_changes::prev_street_code.eq(scope.prev_street_code),
            hazard_changes::prev_enterprise_id.eq(scope.prev_enterprise_id),
            hazard_changes::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(seq)
}

/// The change-log insert of [`record_pg`], written once.
static RECORD_PG: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO hazard_changes \
           (seq, hazard_id, street_code, enterprise_id, prev_street_code, prev_enterprise_id, created_at) \
         SELECT CASE WHEN n.k < {limit} THEN b.base + (pg_current_xact_id()::text::bigint << {bits}) + n.k END, \
                {b}, {b}, {b}, {b}, {b}, {b} \
         FROM change_key_base b, \
              (SELECT set_config('hazard.change_k', \
                 (COALESCE(NULLIF(current_setting('hazard.change_k', true), ''), '-1')::bigint + 1)::text, \
                 true)::bigint AS k) n \
         RETURNING seq",
        limit = 1i64 << PER_TRANSACTION_BITS,
        bits = PER_TRANSACTION_BITS,
        b = BIND,
    )
});

/// The place in the transaction is a transaction-local setting (`set_config(.., true)`):
/// no row is shared with other transactions, and a rolled-back savepoint takes its
/// numbers back with it. More than 2^16 changes in one transaction fail (NULL key).
fn record_pg(conn: &mut DbConnection, scope: &ChangeScope<'_>, now: NaiveDateTime) -> Result<i64, InfraError> {
    let row: Seq = Prepared::new(&RECORD_PG)
        .bind(Value::Text(scope.hazard_id))
        .bind(Value::Text(scope.street_code))
        .bind(Value::NullableText(scope.enterprise_id))
        .bind(Value::NullableText(scope.prev_street_code))
        .bind(Value::NullableText(scope.prev_enterprise_id))
        .bind(Value::Timestamp(now))
        .get_result(conn)?;
    Ok(row.seq)
}

/// PostgreSQL, at start-up: numbers given from now on must exceed every stored one (they
/// do, unless the database was restored into another cluster, whose transaction ids start
/// lower); raises the base when they would not. Returns whether it did.
pub fn settle_base(conn: &mut DbConnection) -> Result<bool, InfraError> {
    if !matches!(conn, DbConnection::Pg(_)) {
        return Ok(false);
    }
    let sql = format!(
        "UPDATE change_key_base SET base = m.top + 1 - (pg_current_xact_id()::text::bigint << {PER_TRANSACTION_BITS}) \
         FROM (SELECT MAX(seq) AS top FROM hazard_changes) m \
         WHERE m.top IS NOT NULL \
           AND m.top >= change_key_base.base + (pg_current_xact_id()::text::bigint << {PER_TRANSACTION_BITS})"
    );
    Ok(diesel::sql_query(sql).execute(conn)? > 0)
}

#[derive(QueryableByName)]
struct Waiting {
    #[diesel(sql_type = Nullable<BigInt>)]
    top: Option<i64>,
    #[diesel(sql_type = BigInt)]
    watermark: i64,
}

/// PostgreSQL: waits (at most [`SETTLE_WAIT`]) until every change committed after `after`
/// is below the watermark, i.e. until the transactions older than them have ended.
fn settle(conn: &mut DbConnection, after: i64) -> Result<(), InfraError> {
    let sql = format!("SELECT (SELECT MAX(seq) FROM hazard_changes WHERE seq > $1) AS top, {WATERMARK} AS watermark");
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        let w: Waiting = diesel::sql_query(&sql).bind::<BigInt, _>(after).get_result(conn)?;
        if w.top.is_none_or(|top| top < w.watermark) || started.elapsed() >= SETTLE_WAIT {
            return Ok(());
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Hazards changed after `after` that were in `scope` before or after the change, each
/// once with its latest number, oldest change first.
pub fn since(
    conn: &mut DbConnection,
    scope: &RowScope,
    after: i64,
    limit: i64,
) -> Result<Vec<(String, i64)>, InfraError> {
    let pg = matches!(conn, DbConnection::Pg(_));
    let mut query = hazard_changes::table
        .filter(hazard_changes::seq.gt(after))
        .group_by(hazard_changes::hazard_id)
        .select((hazard_changes::hazard_id, diesel::dsl::max(hazard_changes::seq)))
        .order(diesel::dsl::max(hazard_changes::seq))
        .limit(limit)
        .into_boxed();
    match scope {
        RowScope::All => {}
        RowScope::Nothing => return Ok(Vec::new()),
        RowScope::Street(s) => {
            query = query
                .filter(hazard_changes::street_code.eq(s.clone()).or(hazard_changes::prev_street_code.eq(s.clone())))
        }
        RowScope::Enterprise(e) => {
            let e = e.to_string();
            query =
                query.filter(hazard_changes::enterprise_id.eq(e.clone()).or(hazard_changes::prev_enterprise_id.eq(e)))
        }
    }
    if pg {
        settle(conn, after)?;
        query = query.filter(hazard_changes::seq.lt(diesel::dsl::sql::<BigInt>(WATERMARK)));
    }
    let rows: Vec<(String, Option<i64>)> = query.load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, seq)| seq.map(|s| (id, s))).collect())
}
