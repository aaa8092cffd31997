//! Write transactions. On SQLite only one connection can write at a time; when writers
//! met inside SQLite, the losers slept in its busy handler (sleeps that grow to 100 ms,
//! with no queue), so at 16 concurrent writers a filing took 7 ms at the median and half
//! a second at the 99th percentile. Here writers of one process queue on an (eventually)
//! fair lock per database file instead, and the one holding it starts with `BEGIN IMMEDIATE`, which
//! takes SQLite's write lock at once. The busy handler still covers writers in other
//! processes (a `seed-demo` next to the server) and the few single-statement writes.
//! PostgreSQL runs writers concurrently: a plain transaction.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;
use diesel::result::Error;
use diesel::sql_types::Text;
use diesel::sqlite::SqliteConnection;
use parking_lot::lock_api::ArcMutexGuard;
use parking_lot::RawMutex;

use super::DbConnection;

/// The writers' queue of one SQLite file. Not reentrant: a write nested in a transaction
/// is a savepoint of it and never queues (see [`write`]).
type Gate = Arc<parking_lot::Mutex<()>>;

fn gates() -> &'static Mutex<HashMap<String, Gate>> {
    static GATES: OnceLock<Mutex<HashMap<String, Gate>>> = OnceLock::new();
    GATES.get_or_init(Default::default)
}

#[derive(QueryableByName)]
struct MainFile {
    #[diesel(sql_type = Text)]
    file: String,
}

/// The queue of the file `lite` writes to (`None` for an in-memory database, which only
/// this connection sees).
fn gate_for(lite: &mut SqliteConnection) -> QueryResult<Option<Gate>> {
    let rows: Vec<MainFile> =
        diesel::sql_query("SELECT file FROM pragma_database_list WHERE name = 'main'").load(lite)?;
    let Some(file) = rows.into_iter().next().map(|r| r.file).filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    let mut map = gates().lock().unwrap_or_else(PoisonError::into_inner);
    Ok(Some(map.entry(file).or_default().clone()))
}

/// This process's turn to write one SQLite file, held from [`begin`] until dropped. The
/// lock is eventually fair: a writer that has waited longer than about half a millisecond
/// gets it handed over before anyone else may take it, while a running thread may still
/// take a lock nobody waited long for (with `synchronous = NORMAL` a commit can be shorter
/// than waking the next thread, and a hand-over on every release cost a quarter of the
/// filings). It may be dropped on
/// another thread than the one that took it (a keyed request's unit of work spans
/// several blocking calls). On PostgreSQL, and for an in-memory SQLite database, it
/// holds nothing.
#[must_use = "the turn ends when dropped: keep it until the transaction ends"]
pub struct WriteTurn(
    #[expect(dead_code, reason = "held for its drop, which ends the turn")] Option<ArcMutexGuard<RawMutex, ()>>,
);

/// Whether `lite` has a transaction open (a write in it is a savepoint and never queues).
fn in_transaction(lite: &mut SqliteConnection) -> bool {
    AnsiTransactionManager::transaction_manager_status_mut(lite).transaction_depth().ok().flatten().is_some()
}

/// Waits for this process's turn to write `conn`'s database and opens a write
/// transaction: on SQLite `BEGIN IMMEDIATE`, which takes SQLite's write lock at once; on
/// PostgreSQL a plain `BEGIN`. The caller commits or rolls back, then drops the turn.
pub fn begin(conn: &mut DbConnection) -> Result<WriteTurn, Error> {
    match conn {
        DbConnection::Pg(pg) => {
            AnsiTransactionManager::begin_transaction(pg)?;
            Ok(WriteTurn(None))
        }
        DbConnection::Sqlite(lite) => {
            let turn = WriteTurn(gate_for(lite)?.map(|g| g.lock_arc()));
            AnsiTransactionManager::begin_transaction_sql(lite, "BEGIN IMMEDIATE")?;
            Ok(turn)
        }
    }
}

/// Runs `f` in a write transaction: on SQLite after this process's earlier writers of the
/// same file, under `BEGIN IMMEDIATE`; inside another transaction, as a savepoint (the
/// outer transaction already holds the turn, or is a reader that SQLite's busy handler
/// serves). Commits when `f` returns `Ok`, rolls back otherwise (like
/// `Connection::transaction`). Every transaction that writes goes through here, so that no
/// writer waits for the lock inside SQLite while another one waits for this queue.
pub fn write<T, E>(conn: &mut DbConnection, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
where
    E: From<Error>,
{
    let queued = match conn {
        DbConnection::Pg(_) => false,
        DbConnection::Sqlite(lite) => !in_transaction(lite),
    };
    if !queued {
        return conn.transaction(f);
    }
    let turn = begin(conn)?;
    let outcome = f(conn);
    let DbConnection::Sqlite(lite) = conn else { return outcome };
    // What `TransactionManager::transaction` does after the callback.
    let result = match outcome {
        Ok(value) => AnsiTransactionManager::commit_transaction(lite).map(|()| value).map_err(E::from),
        Err(user_error) => match AnsiTransactionManager::rollback_transaction(lite) {
            Ok(()) | Err(Error::BrokenTransactionManager) => Err(user_error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    };
    drop(turn);
    result
}

/// Runs `f`, a short write outside any transaction (a claim, a release), in its turn on
/// SQLite (a write transaction queued behind this process's other writers, so it never
/// meets them in SQLite's busy handler); on PostgreSQL as it is, statement by statement.
pub fn in_turn<T, E>(conn: &mut DbConnection, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
where
    E: From<Error>,
{
    match conn {
        DbConnection::Pg(_) => f(conn),
        DbConnection::Sqlite(_) => write(conn, f),
    }
}
