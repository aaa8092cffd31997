//! Failures of the persistence layer, sorted by what the caller can do about them.

use thiserror::Error;

/// What went wrong below the domain.
#[derive(Debug, Error)]
pub enum InfraError {
    /// Bad deployment configuration (URL scheme, paths).
    #[error("configuration error: {0}")]
    Config(String),
    /// The database cannot be reached right now.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Applying migrations failed.
    #[error("migration failed: {0}")]
    Migration(String),
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule or a concurrent change got in the way.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A row refers to one that does not exist (a foreign key). Use cases that leave a
    /// code to the database's check explain it with a look-up.
    #[error("unknown reference: {0}")]
    UnknownReference(String),
    /// Any other database error; never shown to clients.
    #[error("database error: {0}")]
    Database(diesel::result::Error),
    /// A stored value the rules do not know (a bug or a hand edit, not a user error).
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// Reading or writing stored files failed.
    #[error("storage error: {0}")]
    Storage(String),
    /// Password hashing failed.
    #[error("credential error: {0}")]
    Credential(String),
}

impl From<diesel::result::Error> for InfraError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => InfraError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                InfraError::Conflict(info.constraint_name().unwrap_or("unique").to_owned())
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
                InfraError::UnknownReference(info.constraint_name().unwrap_or("foreign key").to_owned())
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                InfraError::Unavailable(info.message().to_owned())
            }
            Error::DatabaseError(_, info) if is_transient(info.message()) => {
                InfraError::Unavailable(info.message().to_owned())
            }
            Error::DatabaseError(kind, info) => InfraError::Database(Error::DatabaseError(kind, info)),
            other => InfraError::Database(other),
        }
    }
}

/// Failures a retry later can get past: the database is busy, full, read-only, gone or
/// too slow. They answer 503 with `Retry-After` rather than 500.
pub fn is_transient(message: &str) -> bool {
    const SIGNS: [&str; 13] = [
        "database is locked",
        "database table is locked",
        "database is busy",
        "disk is full",
        "readonly database",
        "disk i/o error",
        "unable to open database",
        "statement timeout",
        "terminating connection",
        "server closed the connection",
        "could not connect",
        "no connection to the server",
        "connection timed out",
    ];
    let m = message.to_ascii_lowercase();
    SIGNS.iter().any(|s| m.contains(s))
}

impl From<diesel::r2d2::PoolError> for InfraError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        InfraError::Unavailable(e.to_string())
    }
}

#[cfg(test)]
mod transient_tests {
    #[test]
    fn busy_full_read_only_and_gone_databases_are_transient() {
        for m in [
            "database is locked",
            "database or disk is full",
            "attempt to write a readonly database",
            "canceling statement due to statement timeout",
            "server closed the connection unexpectedly",
        ] {
            assert!(super::is_transient(m), "{m}");
        }
        assert!(!super::is_transient("UNIQUE constraint failed: users.username"));
    }
}
