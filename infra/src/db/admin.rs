//! Creating and dropping whole PostgreSQL databases: used by the test harness to give
//! every test its own database, and by operators' scripts.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::Connection;

use crate::InfraError;

fn checked(name: &str) -> Result<&str, InfraError> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(name)
    } else {
        Err(InfraError::Config(format!("unsafe database name `{name}`")))
    }
}

/// Creates database `name` through the server at `admin_url` (any existing database).
pub fn create_postgres_database(admin_url: &str, name: &str) -> Result<(), InfraError> {
    let mut conn = PgConnection::establish(admin_url).map_err(InfraError::database_unavailable)?;
    conn.batch_execute(&format!("CREATE DATABASE \"{}\"", checked(name)?))?;
    Ok(())
}

/// Drops database `name`, disconnecting anyone still using it.
pub fn drop_postgres_database(admin_url: &str, name: &str) -> Result<(), InfraError> {
    let mut conn = PgConnection::establish(admin_url).map_err(InfraError::database_unavailable)?;
    conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", checked(name)?))?;
    Ok(())
}
