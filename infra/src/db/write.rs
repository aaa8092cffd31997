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
use parking_lot::ReentrantMutex;

use super::DbConnection;

/// The writers' queue of one SQLite file. Reentrant: a write nested in a write (a
/// savepoint) is already at the head of the queue.
type Gate = Arc<ReentrantMutex<()>>;

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

/// Runs `f` in a write transaction: on SQLite after this process's earlier writers of the
/// same file, under `BEGIN IMMEDIATE`; inside another transaction, as a savepoint.
/// Commits when `f` returns `Ok`, rolls back otherwise (like `Connection::transaction`).
/// Every transaction that writes goes through here, so that no writer waits for the lock
/// inside SQLite while another one waits for this queue.
pub fn write<T, E>(conn: &mut DbConnection, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
where
    E: From<Error>,
{
    let gate = match conn {
        DbConnection::Pg(_) => return conn.transaction(f),
        DbConnection::Sqlite(lite) => gate_for(lite)?,
    };
    // parking_lot's locks are eventually fair: a writer that has waited longer than about
    // half a millisecond gets the lock handed over before anyone else may take it, so the
    // queue stays fair while a running thread may still take a lock nobody waited long for
    // (with `synchronous = NORMAL` a commit can be shorter than waking the next thread).
    let _turn = gate.as_ref().map(|g| g.lock());
    immediate(conn, f)
}

fn immediate<T, E>(conn: &mut DbConnection, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
where
    E: From<Error>,
{
    let DbConnection::Sqlite(lite) = conn else { return conn.transaction(f) };
    match AnsiTransactionManager::begin_transaction_sql(lite, "BEGIN IMMEDIATE") {
        Ok(()) => {}
        // Nested in a transaction: a savepoint of it.
        Err(Error::AlreadyInTransaction) => return conn.transaction(f),
        Err(e) => return Err(e.into()),
    }
    let outcome = f(conn);
    let DbConnection::Sqlite(lite) = conn else { return outcome };
    // What `TransactionManager::transaction` does after the callback.
    match outcome {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(lite)?;
            Ok(value)
        }
        Err(user_error) => match AnsiTransactionManager::rollback_transaction(lite) {
            Ok(()) | Err(Error::BrokenTransactionManager) => Err(user_error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}
