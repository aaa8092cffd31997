//! Web-console sign-in sessions. They are sign-in sessions like the API's (a row in
//! `refresh_tokens`, its own family), so everything that ends sessions ends them too:
//! sign-out, deactivation and password resets revoke the family. They differ in two
//! ways: the token lives in an HttpOnly cookie and is never rotated, and its expiry
//! slides with use (idle expiry), capped by an absolute lifetime. Their families are
//! marked, and the API's refresh endpoint refuses them, so a console cookie cannot be
//! traded for bearer tokens.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use crate::models::{RefreshTokenRow, UserRow};
use crate::schema::{refresh_tokens, users};
use crate::secrets::{random_token, sha256_hex};
use crate::{DbConnection, InfraError};

/// The family-id prefix of console sessions.
pub const FAMILY_PREFIX: &str = "console:";

/// Whether a refresh-token family is a console session.
pub fn is_console(family_id: &str) -> bool {
    family_id.starts_with(FAMILY_PREFIX)
}

/// Starts a session for `user_id` that lapses after `idle` without use; returns the
/// cookie value (shown once, stored as its digest).
pub fn start(conn: &mut DbConnection, user_id: &str, now: NaiveDateTime, idle: Duration) -> Result<String, InfraError> {
    let token = random_token(32);
    let row = RefreshTokenRow {
        id: Uuid::now_v7().to_string(),
        user_id: user_id.to_owned(),
        family_id: format!("{FAMILY_PREFIX}{}", Uuid::now_v7()),
        token_hash: sha256_hex(token.as_bytes()),
        expires_at: now + idle,
        created_at: now,
        used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(refresh_tokens::table).values(&row).execute(conn)?;
    Ok(token)
}

/// The live session named by `token` and its account: unexpired, not ended, and the
/// account active. Anything else is `None` (sign in again).
pub fn find(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<(RefreshTokenRow, UserRow)>, InfraError> {
    let Some(row) = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(sha256_hex(token.as_bytes())))
        .filter(refresh_tokens::revoked_at.is_null())
        .filter(refresh_tokens::used_at.is_null())
        .filter(refresh_tokens::expires_at.gt(now))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()?
        .filter(|row| is_console(&row.family_id))
    else {
        return Ok(None);
    };
    let user = users::table
        .find(&row.user_id)
        .filter(users::active.eq(true))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    Ok(user.map(|u| (row, u)))
}

/// Moves a live session's expiry to `until` (it was just used).
pub fn extend(conn: &mut DbConnection, id: &str, until: NaiveDateTime) -> Result<(), InfraError> {
    diesel::update(refresh_tokens::table.find(id).filter(refresh_tokens::revoked_at.is_null()))
        .set(refresh_tokens::expires_at.eq(until))
        .execute(conn)?;
    Ok(())
}

/// Ends the session named by `token` (sign-out); unknown tokens are ignored.
pub fn end(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<(), InfraError> {
    super::tokens::revoke(conn, token, now)
}
