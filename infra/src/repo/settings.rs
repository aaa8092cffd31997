//! Small server-wide settings shared by every replica (e.g. the generated JWT secret).

use diesel::prelude::*;

use crate::schema::settings::dsl;
use crate::{DbConnection, InfraError};

/// Reads a setting.
pub fn get(conn: &mut DbConnection, key: &str) -> Result<Option<String>, InfraError> {
    Ok(dsl::settings.find(key).select(dsl::value).first::<String>(conn).optional()?)
}

/// Stores `value` unless the key is already set, and returns whichever value won, so
/// that replicas starting together agree.
pub fn get_or_insert(conn: &mut DbConnection, key: &str, value: &str) -> Result<String, InfraError> {
    if let Some(existing) = get(conn, key)? {
        return Ok(existing);
    }
    match diesel::insert_into(dsl::settings).values((dsl::key.eq(key), dsl::value.eq(value))).execute(conn) {
        Ok(_) => Ok(value.to_owned()),
        Err(e) => match InfraError::from(e) {
            InfraError::Conflict(_) => get(conn, key)?.ok_or(InfraError::NotFound),
            other => Err(other),
        },
    }
}
