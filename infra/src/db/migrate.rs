//! Embedded migrations, one set per dialect, run on the concrete connection.
//!
//! Several replicas may start at the same moment on one PostgreSQL database: they take a
//! session advisory lock first, so exactly one runs the pending migrations (and the
//! seeding, see [`exclusively`]) while the others wait and then find nothing to do. A
//! binary older than the schema (the database records a migration this build does not
//! embed) refuses to start instead of running against columns it does not know.

use std::collections::HashSet;

use diesel::backend::Backend;
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::DbConnection;
use crate::InfraError;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// An arbitrary, fixed advisory-lock key so that replicas starting together migrate once.
const STARTUP_LOCK: i64 = 0x6861_7a61_7264;

/// SQLite serves one process; servers started together inside it (tests) take turns.
static SQLITE_STARTUP: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `f` while holding the start-up lock: on PostgreSQL a session advisory lock that
/// other replicas wait for (released even when `f` fails); on SQLite a lock of this
/// process. Used for migrations and for seeding, which must not race either.
pub fn exclusively<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, InfraError>,
) -> Result<T, InfraError> {
    if !matches!(conn, DbConnection::Pg(_)) {
        let _turn = SQLITE_STARTUP.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        return f(conn);
    }
    conn.batch_execute(&format!("SELECT pg_advisory_lock({STARTUP_LOCK})"))?;
    let result = f(conn);
    let unlocked = conn.batch_execute(&format!("SELECT pg_advisory_unlock({STARTUP_LOCK})"));
    let value = result?;
    unlocked?;
    Ok(value)
}

/// Brings the schema up to date under the start-up lock, after checking that this
/// binary knows every migration the database has already run.
pub fn run_migrations(conn: &mut DbConnection) -> Result<(), InfraError> {
    exclusively(conn, |conn| {
        match conn {
            DbConnection::Pg(pg) => migrate(pg, POSTGRES)?,
            DbConnection::Sqlite(lite) => migrate(lite, SQLITE)?,
        }
        if crate::repo::changes::settle_base(conn)? {
            tracing::warn!("sync change numbers were behind the stored ones (a restored database?): raised");
        }
        Ok(())
    })
}

fn migration_error(e: impl std::fmt::Display) -> InfraError {
    InfraError::Migration(e.to_string())
}

fn migrate<DB: Backend>(conn: &mut impl MigrationHarness<DB>, source: EmbeddedMigrations) -> Result<(), InfraError>
where
    EmbeddedMigrations: MigrationSource<DB>,
{
    let known: HashSet<String> = MigrationSource::<DB>::migrations(&source)
        .map_err(migration_error)?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    let applied = conn.applied_migrations().map_err(migration_error)?;
    let unknown = unknown_versions(&known, applied.iter().map(ToString::to_string));
    if !unknown.is_empty() {
        return Err(InfraError::Migration(format!(
            "the database schema is newer than this binary: it has run migration(s) {} that this build \
             does not contain. Start the release that made them (or a later one); do not run an older \
             binary on this database",
            unknown.join(", ")
        )));
    }
    conn.run_pending_migrations(source).map(|_| ()).map_err(migration_error)
}

/// The applied versions this build does not embed, oldest first.
fn unknown_versions(known: &HashSet<String>, applied: impl Iterator<Item = String>) -> Vec<String> {
    let mut unknown: Vec<String> = applied.filter(|v| !known.contains(v)).collect();
    unknown.sort();
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_the_build_does_not_know_are_reported() {
        let known: HashSet<String> = ["20250101000000".to_owned(), "20250201000000".to_owned()].into();
        let applied = ["20250201000000", "20990101000000", "20250101000000"].map(str::to_owned);
        assert_eq!(unknown_versions(&known, applied.into_iter()), vec!["20990101000000".to_owned()]);
        assert!(unknown_versions(&known, std::iter::empty()).is_empty());
    }
}
