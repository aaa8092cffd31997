//! Third-party API clients and their keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::ApiClientRow;
use crate::schema::api_clients;
use crate::secrets::{random_token, sha256_hex};
use crate::{DbConnection, InfraError};

/// How many leading characters of a key are stored in clear to find its row.
pub const PREFIX_LEN: usize = 12;

/// A new key: `(key, prefix, digest)`. The key is shown once and never stored.
pub fn new_key() -> (String, String, String) {
    let key = format!("hzk_{}", random_token(32));
    let prefix = key[..PREFIX_LEN].to_owned();
    let hash = sha256_hex(key.as_bytes());
    (key, prefix, hash)
}

/// Registers a client.
pub fn insert(conn: &mut DbConnection, row: &ApiClientRow) -> Result<(), InfraError> {
    diesel::insert_into(api_clients::table).values(row).execute(conn)?;
    Ok(())
}

/// One client.
pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<ApiClientRow>, InfraError> {
    Ok(api_clients::table.find(id).select(ApiClientRow::as_select()).first(conn).optional()?)
}

/// All clients, by name.
pub fn list(conn: &mut DbConnection) -> Result<Vec<ApiClientRow>, InfraError> {
    Ok(api_clients::table.order((api_clients::name, api_clients::id)).select(ApiClientRow::as_select()).load(conn)?)
}

/// Saves a changed client.
pub fn update(conn: &mut DbConnection, row: &ApiClientRow) -> Result<(), InfraError> {
    let n = diesel::update(api_clients::table.find(&row.id)).set(row).execute(conn)?;
    if n == 0 {
        return Err(InfraError::NotFound);
    }
    Ok(())
}

/// The active client a key belongs to: its current key, or the previous one within
/// the rotation grace period.
pub fn by_key(conn: &mut DbConnection, key: &str, now: NaiveDateTime) -> Result<Option<ApiClientRow>, InfraError> {
    // An untrusted key: `get` rather than slicing, which panics inside a multi-byte character.
    let Some(prefix) = key.get(..PREFIX_LEN).filter(|_| key.len() <= 200) else {
        return Ok(None);
    };
    let hash = sha256_hex(key.as_bytes());
    let current = api_clients::table
        .filter(api_clients::key_prefix.eq(prefix))
        .select(ApiClientRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(c) = current.filter(|c| c.key_hash == hash) {
        return Ok(Some(c).filter(|c| c.active));
    }
    let previous = api_clients::table
        .filter(api_clients::previous_key_prefix.eq(prefix))
        .select(ApiClientRow::as_select())
        .load(conn)?;
    Ok(previous.into_iter().find(|c| {
        c.active
            && c.previous_key_hash.as_deref() == Some(hash.as_str())
            && c.previous_valid_until.is_some_and(|t| t > now)
    }))
}
