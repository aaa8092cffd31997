//! Embedded migrations, one set per dialect, run on the concrete connection.

use diesel::connection::SimpleConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::DbConnection;
use crate::InfraError;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// An arbitrary, fixed advisory-lock key so that replicas starting together migrate once.
const MIGRATION_LOCK: i64 = 0x6861_7a61_7264;

/// Brings the schema up to date. On PostgreSQL, replicas that start at the same time
/// serialise on an advisory lock instead of racing.
pub fn run_migrations(conn: &mut DbConnection) -> Result<(), InfraError> {
    let migrate = |e: Box<dyn std::error::Error + Send + Sync>| InfraError::Migration(e.to_string());
    match conn {
        DbConnection::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
            let result = pg.run_pending_migrations(POSTGRES).map(|_| ()).map_err(migrate);
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
            result
        }
        DbConnection::Sqlite(lite) => lite.run_pending_migrations(SQLITE).map(|_| ()).map_err(migrate),
    }
}
