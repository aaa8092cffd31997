//! Connections: one diesel code base over SQLite and PostgreSQL, picked by URL scheme.

mod admin;
mod manager;
mod migrate;
pub mod post_migrate;

use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;

pub use admin::{create_postgres_database, drop_postgres_database};
pub use manager::{Backend, ConnectionManager};
pub use migrate::run_migrations;

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
    let manager = ConnectionManager::new(url)?;
    let pool = diesel::r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(std::time::Duration::from_secs(10))
        .build(manager)
        .map_err(|e| crate::InfraError::Unavailable(e.to_string()))?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    Ok(pool)
}

/// A cheap round trip, for readiness checks.
pub fn ping(conn: &mut DbConnection) -> Result<(), crate::InfraError> {
    use diesel::connection::SimpleConnection;
    Ok(conn.batch_execute("SELECT 1")?)
}
