//! Accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::models::UserRow;
use crate::schema::users;
use crate::{DbConnection, InfraError};

/// Creates an account; a taken username is a conflict.
pub fn insert(conn: &mut DbConnection, row: &UserRow) -> Result<(), InfraError> {
    diesel::insert_into(users::table).values(row).execute(conn)?;
    Ok(())
}

/// One account by id.
pub fn by_id(conn: &mut DbConnection, id: &str) -> Result<Option<UserRow>, InfraError> {
    Ok(users::table.find(id).select(UserRow::as_select()).first(conn).optional()?)
}

/// One account by login name.
pub fn by_username(conn: &mut DbConnection, username: &str) -> Result<Option<UserRow>, InfraError> {
    Ok(users::table.filter(users::username.eq(username)).select(UserRow::as_select()).first(conn).optional()?)
}

/// A page of accounts in username order, after `after` (exclusive).
pub fn list(conn: &mut DbConnection, after: Option<&str>, limit: i64) -> Result<Vec<UserRow>, InfraError> {
    let mut query = users::table.order(users::username).select(UserRow::as_select()).limit(limit).into_boxed();
    if let Some(a) = after {
        query = query.filter(users::username.gt(a.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// The changes an administrator may make to an account.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    /// New display name.
    pub display_name: Option<String>,
    /// New role.
    pub role: Option<String>,
    /// New street scope (`Some(None)` makes the account district-wide).
    pub street_code: Option<Option<String>>,
    /// New department.
    pub department_code: Option<Option<String>>,
    /// New enterprise binding.
    pub enterprise_id: Option<Option<String>>,
    /// Activate or deactivate.
    pub active: Option<bool>,
    /// New password hash.
    pub password_hash: Option<String>,
    /// Always set.
    pub updated_at: Option<NaiveDateTime>,
}

/// Applies changes and returns the updated account.
pub fn update(conn: &mut DbConnection, id: &str, changes: &UserChanges) -> Result<UserRow, InfraError> {
    let n = diesel::update(users::table.find(id)).set(changes).execute(conn)?;
    if n == 0 {
        return Err(InfraError::NotFound);
    }
    by_id(conn, id)?.ok_or(InfraError::NotFound)
}

/// How many accounts exist (first start creates the administrator when none do).
pub fn count(conn: &mut DbConnection) -> Result<i64, InfraError> {
    Ok(users::table.count().get_result(conn)?)
}
