//! Connections: one diesel code base over SQLite and PostgreSQL, picked by URL scheme.

mod admin;
mod analyze;
mod backup;
mod health;
mod manager;
mod migrate;
mod options;
pub mod post_migrate;
mod write;

use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;

pub use admin::{create_postgres_database, drop_postgres_database};
pub use analyze::{analyze, HAZARD_LOAD_TABLES, STATS_TABLES};
pub use backup::backup_sqlite;
pub use manager::{Backend, ConnectionManager};

pub use migrate::{exclusively, run_migrations};
pub use options::{DbOptions, Synchronous};
pub use write::write;

/// A connection to whichever backend the deployment uses.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL: several stateless API replicas.
    Pg(PgConnection),
    /// Embedded SQLite: one machine, zero set-up.
    Sqlite(SqliteConnection),
}

/// The shared connection pool.
pub type Pool = diesel::r2d2::Pool<ConnectionManager>;

/// A connection checked out of the pool.
pub type PooledConn = diesel::r2d2::PooledConnection<ConnectionManager>;

/// Opens a pool for `url`, creating the SQLite file's folder when needed, and runs the
/// migrations. Errors name the real cause (unreachable server, bad path).
pub fn connect(url: &str, max_size: u32) -> Result<Pool, crate::InfraError> {
    connect_with(url, &DbOptions { pool_size: max_size, ..DbOptions::default() })
}

/// Same, with explicit timeouts and durability.
pub fn connect_with(url: &str, options: &DbOptions) -> Result<Pool, crate::InfraError> {
    let manager = ConnectionManager::with_options(url, options.clone())?;
    let pool = diesel::r2d2::Pool::builder()
        .max_size(options.pool_size)
        .connection_timeout(options.checkout_timeout)
        .build(manager)
        .map_err(|e| crate::InfraError::Unavailable(e.to_string()))?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    Ok(pool)
}

/// Whether a write could commit now: on SQLite, takes and gives back the write lock
/// (a held lock, a read-only file or a broken disk show here, waiting at most `wait`,
/// then the connection's usual `busy` wait is put back); on PostgreSQL, a round trip.
pub fn probe_writable(
    conn: &mut DbConnection,
    wait: std::time::Duration,
    busy: std::time::Duration,
) -> Result<(), crate::InfraError> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConnection::Pg(pg) => Ok(pg.batch_execute("SELECT 1")?),
        DbConnection::Sqlite(lite) => {
            lite.batch_execute(&format!("PRAGMA busy_timeout = {}", wait.as_millis()))?;
            let result = lite.batch_execute("BEGIN IMMEDIATE; ROLLBACK;");
            if result.is_err() {
                let _ = lite.batch_execute("ROLLBACK");
            }
            lite.batch_execute(&format!("PRAGMA busy_timeout = {}", busy.as_millis()))?;
            result.map_err(crate::InfraError::from)
        }
    }
}

/// A cheap round trip, for readiness checks.
pub fn ping(conn: &mut DbConnection) -> Result<(), crate::InfraError> {
    use diesel::connection::SimpleConnection;
    Ok(conn.batch_execute("SELECT 1")?)
}
