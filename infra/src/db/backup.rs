//! Online backups of an SQLite database: `VACUUM INTO` writes a consistent, compacted
//! copy while the server keeps serving (readers and writers are not stopped; the copy is
//! the database as of one transaction). PostgreSQL deployments use `pg_dump` instead.

use std::path::Path;

use diesel::connection::SimpleConnection;

use super::DbConnection;
use crate::InfraError;

/// Writes a copy of the SQLite database behind `conn` to `target`, which must not exist.
pub fn backup_sqlite(conn: &mut DbConnection, target: &Path) -> Result<(), InfraError> {
    let DbConnection::Sqlite(lite) = conn else {
        return Err(InfraError::Config(
            "`hazard-api backup` copies SQLite databases; back up PostgreSQL with pg_dump (docs/deployment.md)".into(),
        ));
    };
    if target.exists() {
        return Err(InfraError::Config(format!("{} exists already; choose a new file", target.display())));
    }
    let path = target.to_str().ok_or_else(|| InfraError::Config("the backup path is not UTF-8".into()))?;
    lite.batch_execute(&format!("VACUUM INTO '{}'", path.replace('\'', "''")))?;
    Ok(())
}
