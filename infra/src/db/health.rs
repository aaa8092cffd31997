//! Noticing lost PostgreSQL connections without a round trip per checkout.
//!
//! Every pooled PostgreSQL connection reports its failed statements here. A statement that
//! failed because the connection is gone (closed, reset, the server shut down) marks the
//! thread that ran it, so that the pool drops the connection when that thread gives it
//! back, and starts a suspicious period in which every checkout is checked with a round
//! trip: after an outage or a server restart, the other idle connections are just as dead
//! and are weeded out before a request gets them. Outside such periods a checkout costs
//! nothing (it used to cost a `SELECT 1`).

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::connection::InstrumentationEvent;
use diesel::result::{DatabaseErrorKind, Error};

/// How long after a lost connection every checkout is checked.
const SUSPICIOUS_FOR: Duration = Duration::from_secs(60);

/// When a connection was last lost, in milliseconds since the epoch (0: never).
static LAST_LOSS_MS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// A connection used on this thread was lost since the last one was given back.
    static LOST_HERE: Cell<bool> = const { Cell::new(false) };
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Whether `e` says the connection itself is unusable (not a failed statement on a sound one).
pub fn is_lost(e: &Error) -> bool {
    match e {
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, _) => true,
        Error::DatabaseError(_, info) => {
            let m = info.message().to_ascii_lowercase();
            ["terminating connection", "server closed the connection", "no connection to the server"]
                .iter()
                .any(|s| m.contains(s))
        }
        _ => false,
    }
}

/// The instrumentation of every pooled PostgreSQL connection.
pub fn watch(event: InstrumentationEvent<'_>) {
    if let InstrumentationEvent::FinishQuery { error: Some(e), .. } = event {
        if is_lost(e) {
            LOST_HERE.with(|l| l.set(true));
            LAST_LOSS_MS.store(now_ms(), Ordering::Relaxed);
        }
    }
}

/// Whether a connection was lost recently (checkouts then make a round trip).
pub fn suspicious() -> bool {
    let last = LAST_LOSS_MS.load(Ordering::Relaxed);
    last != 0 && now_ms().saturating_sub(last) < u64::try_from(SUSPICIOUS_FOR.as_millis()).unwrap_or(u64::MAX)
}

/// Whether the connection this thread gives back was lost (and forgets it).
pub fn broke_here() -> bool {
    LOST_HERE.with(|l| l.replace(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_connection_failures_count_as_lost() {
        assert!(is_lost(&Error::DatabaseError(DatabaseErrorKind::ClosedConnection, Box::new("gone".to_owned()))));
        let reset = Box::new("server closed the connection unexpectedly".to_owned());
        assert!(is_lost(&Error::DatabaseError(DatabaseErrorKind::Unknown, reset)));
        assert!(!is_lost(&Error::DatabaseError(DatabaseErrorKind::UniqueViolation, Box::new("dup".to_owned()))));
        assert!(!is_lost(&Error::NotFound));
    }
}
