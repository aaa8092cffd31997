//! One write transaction around several repository calls, with the caller's error type,
//! for use cases whose write spans repositories (a tip and its photo, say).

use super::DbConnection;
use crate::InfraError;

/// Either the database failed or the caller's step refused.
enum Failure<E> {
    Database(diesel::result::Error),
    Refused(E),
}

impl<E> From<diesel::result::Error> for Failure<E> {
    fn from(e: diesel::result::Error) -> Self {
        Failure::Database(e)
    }
}

/// Runs `f` in one write transaction ([`super::write`]: queued behind this process's
/// other SQLite writers; a savepoint when one is already open): everything it wrote
/// commits together, or nothing does when it returns an error.
pub fn transaction<T, E>(conn: &mut DbConnection, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
where
    E: From<InfraError>,
{
    super::write(conn, |c| f(c).map_err(Failure::Refused)).map_err(|e| match e {
        Failure::Database(e) => E::from(InfraError::from(e)),
        Failure::Refused(e) => e,
    })
}
