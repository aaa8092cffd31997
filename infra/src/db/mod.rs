//! Connections: one diesel code base over SQLite and PostgreSQL, picked by URL scheme.

mod admin;
mod analyze;
mod backup;
mod health;
mod manager;
mod migrate;
mod options;
pub mod post_migrate;
mod transaction;
mod write;

use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;

pub use admin::{create_postgres_database, drop_postgres_database};
pub use analyze::{analyze, HAZARD_LOAD_TABLES, STATS_TABLES};
pub use backup::backup_sqlite;
pub use manager::{Backend, ConnectionManager};

pub use migrate::{exclusively, run_migrations};
pub use options::{DbOptions, Synchronous};
pub use transaction::transaction;
pub use write::{begin as begin_write, in_turn, write, WriteTurn};

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
        .map_err(crate::InfraError::database_unavailable)?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    Ok(pool)
}

/// Whether a write could commit now: on SQLite, commits a write that changes nothing
/// (the header's `user_version` rewritten with its own value), so a held lock, a
/// read-only or immutable file, a disk that refuses writes or a full one that cannot
/// grow the log show here (taking the lock alone passes on all but the first), waiting
/// at most `wait` for the lock, then the connection's usual `busy` wait is put back; on
/// PostgreSQL, a round trip.
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
            let result = rewrite_header(lite);
            if result.is_err() {
                let _ = lite.batch_execute("ROLLBACK");
            }
            lite.batch_execute(&format!("PRAGMA busy_timeout = {}", busy.as_millis()))?;
            result.map_err(crate::InfraError::from)
        }
    }
}

/// A committed write of one page: the header's `user_version`, set to what it is.
fn rewrite_header(lite: &mut diesel::sqlite::SqliteConnection) -> diesel::QueryResult<()> {
    use diesel::connection::SimpleConnection;
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        user_version: i32,
    }
    let current: Version = diesel::sql_query("PRAGMA user_version").get_result(lite)?;
    lite.batch_execute(&format!("BEGIN IMMEDIATE; PRAGMA user_version = {}; COMMIT;", current.user_version))
}

/// A cheap round trip, for readiness checks.
pub fn ping(conn: &mut DbConnection) -> Result<(), crate::InfraError> {
    use diesel::connection::SimpleConnection;
    Ok(conn.batch_execute("SELECT 1")?)
}
