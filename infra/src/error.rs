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
            other => InfraError::Database(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for InfraError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        InfraError::Unavailable(e.to_string())
    }
}
