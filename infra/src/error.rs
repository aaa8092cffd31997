//! Failures of the persistence layer, sorted by what the caller can do about them.

use thiserror::Error;

/// What went wrong below the domain.
#[derive(Debug, Error)]
pub enum InfraError {
    /// Bad deployment configuration (URL scheme, paths).
    #[error("configuration error: {0}")]
    Config(String),
    /// The database or the photo store cannot be reached (or take the work) right now: a
    /// 503 with `Retry-After`. The text starts with which of them (`database: …`,
    /// `photo store: …`, `photo folder …`), for the log.
    #[error("unavailable: {0}")]
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

impl InfraError {
    /// The database cannot be reached or cannot take the work right now (as opposed to
    /// the photo store, whose errors say so themselves).
    pub fn database_unavailable(detail: impl std::fmt::Display) -> Self {
        InfraError::Unavailable(format!("database: {detail}"))
    }
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
                InfraError::database_unavailable(info.message())
            }
            Error::DatabaseError(_, info) if is_transient(info.message()) => {
                InfraError::database_unavailable(info.message())
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
        InfraError::database_unavailable(e)
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

#[cfg(test)]
mod tests {
    use diesel::result::{DatabaseErrorKind, Error};

    use super::InfraError;

    #[test]
    fn an_unavailable_service_is_named_in_the_text() {
        let closed = Error::DatabaseError(DatabaseErrorKind::ClosedConnection, Box::new("server closed".to_owned()));
        let e = InfraError::from(closed);
        assert!(matches!(e, InfraError::Unavailable(_)));
        assert_eq!(e.to_string(), "unavailable: database: server closed");
        assert_eq!(
            InfraError::Unavailable("photo store: timed out".into()).to_string(),
            "unavailable: photo store: timed out"
        );
    }
}
