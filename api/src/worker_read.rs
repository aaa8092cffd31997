//! Short reads on the request's own worker thread.
//!
//! Sending a read to the blocking pool and back costs two thread switches and the pool's
//! lock: about a quarter of the server's CPU for a page of the hazard list
//! (`docs/benchmarks.md`, issue 13, fifth pass). A read whose cost is bounded (an index
//! walk of at most a page) therefore runs where the request already is, provided a pooled
//! connection is free at once. Otherwise it goes to the blocking pool as every other
//! database call does, so a worker never waits for a connection, and a keyed request
//! (whose calls share one connection and transaction: [`crate::idempotency::ticket`])
//! always goes there too.
//!
//! Only reads whose worst case is a page belong here: while one runs, the other
//! connections of the same worker wait. Anything that can scan (substring search, key
//! figures, exports) or write stays on [`crate::error::blocking`].

use hazard_infra::Pool;

use crate::error::{blocking, ApiError};
use crate::idempotency::ticket::Ticket;
use crate::state::{AppState, Conn};

/// Runs the read `f`: when `bounded` (its worst case is a page), on this worker if a
/// connection is free now; otherwise on the blocking pool with a connection from
/// [`AppState::conn`].
pub async fn read<T, F>(state: &AppState, bounded: bool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let f = if bounded {
        match here(&state.pool, f) {
            Ran::Here(result) => return result,
            Ran::NotHere(f) => f,
        }
    } else {
        f
    };
    let st = state.clone();
    blocking(move || f(&mut st.conn()?)).await
}

/// Whether [`here`] ran the read.
enum Ran<T, F> {
    /// It did, with this result.
    Here(Result<T, ApiError>),
    /// No connection was free (or a keyed request is running): the read, not yet run.
    NotHere(F),
}

/// Runs `f` on this thread with an idle pooled connection, if there is one and no keyed
/// request's unit is open on this task.
fn here<T, F>(pool: &Pool, f: F) -> Ran<T, F>
where
    F: FnOnce(&mut Conn) -> Result<T, ApiError>,
{
    if Ticket::current().is_some() {
        return Ran::NotHere(f);
    }
    match pool.try_get() {
        Some(conn) => Ran::Here(f(&mut Conn::Pooled(conn))),
        None => Ran::NotHere(f),
    }
}

#[cfg(test)]
mod tests {
    use std::thread::{self, ThreadId};

    use diesel::connection::SimpleConnection;

    use super::*;

    fn pool(size: u32) -> Pool {
        let manager = hazard_infra::db::ConnectionManager::new("sqlite://:memory:").unwrap();
        diesel::r2d2::Pool::builder().max_size(size).build(manager).unwrap()
    }

    fn read(conn: &mut Conn) -> Result<ThreadId, ApiError> {
        conn.batch_execute("SELECT 1").map_err(hazard_infra::InfraError::from)?;
        Ok(thread::current().id())
    }

    #[test]
    fn a_free_connection_serves_the_read_on_this_thread() {
        let pool = pool(2);
        match here(&pool, read) {
            Ran::Here(ran_on) => assert_eq!(ran_on.unwrap(), thread::current().id()),
            Ran::NotHere(_) => panic!("an idle connection was there"),
        }
        // The connection went back: the next read finds it idle again.
        assert!(matches!(here(&pool, read), Ran::Here(Ok(_))));
    }

    #[test]
    fn without_a_free_connection_the_read_is_handed_back_unrun() {
        let pool = pool(1);
        let held = pool.get().unwrap();
        let mut ran = false;
        match here(&pool, |_: &mut Conn| -> Result<(), ApiError> {
            ran = true;
            Ok(())
        }) {
            Ran::Here(_) => panic!("the only connection is held"),
            Ran::NotHere(_) => {}
        }
        assert!(!ran, "the read must not run without a connection");
        drop(held);
        assert!(matches!(here(&pool, read), Ran::Here(Ok(_))));
    }
}
