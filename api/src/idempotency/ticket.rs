//! The unit of work of one keyed request. Every database access the request's handler
//! makes on the blocking pool (through [`crate::error::blocking`] and
//! [`crate::state::AppState::conn`]) uses one connection and one transaction, and that
//! transaction commits only together with the request's stored response. A crash at any
//! moment therefore leaves either both the effect and its answer (a retry replays the
//! answer) or neither (a retry runs the request again); never an effect without its answer.
//!
//! The ticket travels with the request's task (a task-local) and is entered on the
//! blocking thread for the length of each closure (a thread-local), so use cases stay
//! unaware of it: they ask for a connection as always and get the request's own.

use std::cell::RefCell;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};

use hazard_infra::db::WriteTurn;
use hazard_infra::repo::idempotency::{self, Held, Response};
use hazard_infra::{DbConnection, InfraError, Pool, PooledConn};

tokio::task_local! {
    static CURRENT: Ticket;
}

thread_local! {
    static ON_THREAD: RefCell<Option<Ticket>> = const { RefCell::new(None) };
}

/// One keyed request's connection and open transaction (none until it first asks).
#[derive(Clone, Default)]
pub struct Ticket(Arc<Mutex<Slot>>);

#[derive(Default)]
struct Slot {
    /// The connection, while not lent out.
    conn: Option<PooledConn>,
    /// Lent to a use case right now (a nested request for a connection gets the pool's).
    lent: bool,
    /// A transaction is open on the connection.
    open: bool,
    /// This process's turn to write (SQLite), held while the transaction is open: the
    /// unit's writes are savepoints of it, and other writers wait in the queue for it.
    turn: Option<WriteTurn>,
    /// A step had to be undone (a failed statement spoiled it, on PostgreSQL): a success
    /// answer would claim writes that are gone.
    spoiled: bool,
}

impl Drop for Slot {
    /// A request that ends without finishing its unit (a panic, a dropped task) must not
    /// give the pool a connection with a transaction still open.
    fn drop(&mut self) {
        if let (Some(conn), true) = (self.conn.as_mut(), self.open) {
            if let Err(e) = idempotency::rollback_unit(conn) {
                tracing::warn!(error = %e, "could not roll back an unfinished keyed request");
            }
        }
    }
}

/// How a unit ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Finished {
    /// The request never touched the database through its ticket.
    Untouched,
    /// The writes and the stored response are committed.
    Committed,
    /// The request had lost its key to a retry (it outlived its lease): rolled back.
    LostKey,
    /// A step's writes were undone by a failed statement, yet the answer is a success:
    /// rolled back rather than stored.
    Spoiled,
    /// Rolled back, as asked.
    RolledBack,
}

impl Ticket {
    fn slot(&self) -> MutexGuard<'_, Slot> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `fut` (the rest of the request) with this ticket as the task's own.
    pub async fn scope<F: Future>(self, fut: F) -> F::Output {
        CURRENT.scope(self, fut).await
    }

    /// The ticket of the running task, for handing to a blocking closure.
    pub fn current() -> Option<Ticket> {
        CURRENT.try_with(Clone::clone).ok()
    }

    /// Makes `ticket` the current one on this (blocking) thread until the guard drops.
    pub fn enter(ticket: Option<Ticket>) -> Entered {
        let previous = ON_THREAD.with(|t| t.replace(ticket));
        Entered(previous)
    }

    /// The request's connection, with its transaction begun, for a use case on this
    /// thread; `None` when no keyed request runs here (or its connection is already
    /// lent out further up the stack), so the caller takes one from the pool.
    pub fn lend(pool: &Pool) -> Option<Result<Pinned, InfraError>> {
        let ticket = ON_THREAD.with(|t| t.borrow().clone())?;
        let mut slot = ticket.slot();
        if slot.lent {
            // A use case asking for a second connection while it holds the first: it gets
            // the pool's, outside the unit (on SQLite a write there waits for this unit's
            // lock). None do today; this says so if one starts to.
            tracing::warn!("a keyed request asked for a second connection; it runs outside the request's unit");
            return None;
        }
        let mut conn = match slot.conn.take() {
            Some(c) => c,
            None => match pool.get() {
                Ok(c) => c,
                Err(e) => return Some(Err(e.into())),
            },
        };
        if !slot.open {
            match idempotency::begin_unit(&mut conn) {
                Ok(turn) => slot.turn = Some(turn),
                Err(e) => return Some(Err(e)),
            }
            slot.open = true;
        }
        if let Err(e) = idempotency::begin_step(&mut conn) {
            slot.conn = Some(conn);
            return Some(Err(e));
        }
        slot.lent = true;
        drop(slot);
        Some(Ok(Pinned { conn: Some(conn), ticket }))
    }

    /// Ends the unit (blocking): with a response, stores it under the key and commits
    /// the request's writes with it; without, rolls them back.
    pub fn finish(&self, owner: Option<Owner<'_>>) -> Result<Finished, InfraError> {
        let mut slot = self.slot();
        let open = std::mem::take(&mut slot.open);
        let Some(mut conn) = slot.conn.take() else { return Ok(Finished::Untouched) };
        if !open {
            return Ok(Finished::Untouched);
        }
        let spoiled = std::mem::take(&mut slot.spoiled);
        // Given back when this returns, after the commit or rollback below.
        let _turn = slot.turn.take();
        drop(slot);
        match owner {
            Some(o) if spoiled && o.response.status < 400 => {
                idempotency::rollback_unit(&mut conn)?;
                Ok(Finished::Spoiled)
            }
            Some(o) => match idempotency::commit_unit(&mut conn, o.held, o.response)? {
                true => Ok(Finished::Committed),
                false => Ok(Finished::LostKey),
            },
            None => {
                idempotency::rollback_unit(&mut conn)?;
                Ok(Finished::RolledBack)
            }
        }
    }
}

/// Who completes a unit: the key it was claimed under, and the response to keep.
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    /// The key it was claimed under (with the lease that proves it is still this request's).
    pub held: Held<'a>,
    /// What to replay to retries.
    pub response: Response<'a>,
}

/// Restores the thread's previous ticket (none, on a pool thread) when dropped.
pub struct Entered(Option<Ticket>);

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.0.take();
        ON_THREAD.with(|t| *t.borrow_mut() = previous);
    }
}

/// The request's connection, lent to one use case; goes back to the ticket when dropped.
pub struct Pinned {
    conn: Option<PooledConn>,
    ticket: Ticket,
}

impl Drop for Pinned {
    fn drop(&mut self) {
        let mut conn = self.conn.take();
        let kept = conn.as_deref_mut().map(idempotency::end_step);
        let mut slot = self.ticket.slot();
        if !matches!(kept, Some(Ok(true))) {
            slot.spoiled = true;
        }
        slot.conn = conn;
        slot.lent = false;
    }
}

impl Deref for Pinned {
    type Target = DbConnection;

    fn deref(&self) -> &DbConnection {
        // Present from `lend` until `drop`.
        self.conn.as_deref().unwrap_or_else(|| unreachable!("a lent connection is present until returned"))
    }
}

impl DerefMut for Pinned {
    fn deref_mut(&mut self) -> &mut DbConnection {
        self.conn.as_deref_mut().unwrap_or_else(|| unreachable!("a lent connection is present until returned"))
    }
}
