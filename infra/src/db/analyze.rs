//! Fresh planner statistics after bulk writes. A plan picked before the statistics know
//! about a bulk load can be orders of magnitude slower (on PostgreSQL the open-hazards list
//! ran at under 200 requests/s right after 20,000 hazards were loaded, until autovacuum got
//! round to it; SQLite keeps no statistics until asked), so every command that writes in
//! bulk analyzes what it touched before it returns.

use diesel::connection::SimpleConnection;

use super::DbConnection;
use crate::InfraError;

/// What a demo or bulk load of hazards writes (through the same writes as the API).
pub const HAZARD_LOAD_TABLES: &[&str] =
    &["users", "enterprises", "hazards", "hazard_events", "hazard_changes", "hazard_month_stats", "outbox"];

/// What `rebuild-stats` rewrites: the hazards' filing dates and the key-figure sums.
pub const STATS_TABLES: &[&str] = &["hazards", "hazard_month_stats"];

/// Updates the planner statistics of `tables` (`ANALYZE`; on SQLite followed by
/// `PRAGMA optimize`). Table names are this crate's constants, never user input; anything
/// but a plain identifier is refused.
pub fn analyze(conn: &mut DbConnection, tables: &[&str]) -> Result<(), InfraError> {
    if let Some(bad) = tables.iter().find(|t| t.is_empty() || !t.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')) {
        return Err(InfraError::Config(format!("not a table name: {bad:?}")));
    }
    if tables.is_empty() {
        return Ok(());
    }
    let sql = match conn {
        DbConnection::Pg(_) => format!("ANALYZE {};", tables.join(", ")),
        DbConnection::Sqlite(_) => {
            let mut sql: String = tables.iter().map(|t| format!("ANALYZE {t}; ")).collect();
            sql.push_str("PRAGMA optimize;");
            sql
        }
    };
    Ok(conn.batch_execute(&sql)?)
}
