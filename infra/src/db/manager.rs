//! An r2d2 manager that picks the backend from the URL scheme, so a PostgreSQL that is
//! down is reported as such (diesel's `AnyConnection::establish` would hide it).

use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{Error, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

use super::{health, DbConnection};
use crate::InfraError;

/// The database engine behind a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres(String),
    /// `sqlite://path` (relative) or `sqlite:///absolute/path`.
    Sqlite(PathBuf),
}

impl Backend {
    /// Parses a database URL; any other scheme is a clear configuration error.
    pub fn from_url(url: &str) -> Result<Self, InfraError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres(url.to_owned()))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(InfraError::Config("the sqlite:// URL names no file".into()));
            }
            Ok(Backend::Sqlite(PathBuf::from(path)))
        } else {
            Err(InfraError::Config(format!(
                "unsupported database URL `{}`: use sqlite://path or postgres://…",
                url.split("://").next().unwrap_or(url)
            )))
        }
    }
}

/// Makes pooled connections for one backend.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    backend: Backend,
    options: super::DbOptions,
}

impl ConnectionManager {
    /// Validates the URL and prepares the SQLite folder.
    pub fn new(url: &str) -> Result<Self, InfraError> {
        Self::with_options(url, super::DbOptions::default())
    }

    /// Same, with explicit timeouts and durability.
    pub fn with_options(url: &str, options: super::DbOptions) -> Result<Self, InfraError> {
        let backend = Backend::from_url(url)?;
        if let Backend::Sqlite(path) = &backend {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| InfraError::Config(format!("cannot create {}: {e}", dir.display())))?;
            }
        }
        if let Backend::Sqlite(path) = &backend {
            // WAL is a property of the file: switch it once here, not from every new
            // pooled connection at once (concurrent switches fail with "database is
            // locked" and r2d2 logs them as errors on a fresh start).
            let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                .map_err(|e| InfraError::database_unavailable(format!("cannot open {}: {e}", path.display())))?;
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL;",
                options.sqlite_busy_timeout.as_millis()
            ))?;
        }
        Ok(Self { backend, options })
    }

    /// Which engine this manager connects to.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = Error;

    fn connect(&self) -> Result<DbConnection, Error> {
        match &self.backend {
            Backend::Postgres(url) => {
                let mut conn =
                    PgConnection::establish(&self.options.postgres_url(url)).map_err(Error::ConnectionError)?;
                // The key-figure queries are short aggregates whose cost estimates pass the
                // JIT threshold (compiling then costs more than the query). (They also plan
                // each execution for its own street and period: `repo::stats`.)
                conn.batch_execute("SET jit = off;").map_err(Error::QueryError)?;
                conn.set_instrumentation(health::watch);
                Ok(DbConnection::Pg(conn))
            }
            Backend::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy()).map_err(Error::ConnectionError)?;
                conn.batch_execute(&self.options.sqlite_pragmas()).map_err(Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    /// Called on every checkout. A round trip per checkout cost a fifth of a short read, so
    /// it is made only while connections are known to be failing (see [`health`]); a
    /// connection that fails outside such a period is dropped when it is given back.
    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Error> {
        match conn {
            DbConnection::Pg(_) if health::suspicious() => conn.batch_execute("SELECT 1").map_err(Error::QueryError),
            _ => Ok(()),
        }
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        std::thread::panicking() || health::broke_here()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_picks_the_backend() {
        assert_eq!(Backend::from_url("sqlite://data/h.db").unwrap(), Backend::Sqlite("data/h.db".into()));
        assert_eq!(Backend::from_url("sqlite:///tmp/h.db").unwrap(), Backend::Sqlite("/tmp/h.db".into()));
        assert!(matches!(Backend::from_url("postgresql://x/y").unwrap(), Backend::Postgres(_)));
        assert!(matches!(Backend::from_url("mysql://x/y"), Err(InfraError::Config(m)) if m.contains("mysql")));
        assert!(Backend::from_url("sqlite://").is_err());
    }
}
