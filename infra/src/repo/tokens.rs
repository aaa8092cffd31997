//! Refresh tokens: random, stored as digests, rotated on use; reuse of a rotated token
//! revokes its whole family (a stolen token is then worthless to both holders).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use crate::models::{RefreshTokenRow, UserRow};
use crate::schema::{refresh_tokens, users};
use crate::secrets::{random_token, sha256_hex};
use crate::{DbConnection, InfraError};

/// Why a refresh token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum RefreshRefusal {
    /// Unknown, expired, revoked, or the account is inactive.
    Invalid,
    /// A token already exchanged was presented again: the family is now revoked.
    Reused,
}

/// Issues a new token for `user_id`, in `family` or a new family.
pub fn issue(
    conn: &mut DbConnection,
    user_id: &str,
    family: Option<&str>,
    now: NaiveDateTime,
    ttl: Duration,
) -> Result<String, InfraError> {
    let token = random_token(32);
    let row = RefreshTokenRow {
        id: Uuid::now_v7().to_string(),
        user_id: user_id.to_owned(),
        family_id: family.map_or_else(|| Uuid::now_v7().to_string(), str::to_owned),
        token_hash: sha256_hex(token.as_bytes()),
        expires_at: now + ttl,
        created_at: now,
        used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(refresh_tokens::table).values(&row).execute(conn)?;
    Ok(token)
}

fn revoke_family(conn: &mut DbConnection, family: &str, now: NaiveDateTime) -> Result<(), InfraError> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::family_id.eq(family)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// The next refresh token of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotated {
    /// The new refresh token (shown once).
    pub token: String,
    /// Its family: the sign-in session, which access tokens name.
    pub family: String,
}

/// Exchanges a token for a new one in the same family, returning the account.
pub fn rotate(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
    ttl: Duration,
) -> Result<Result<(UserRow, Rotated), RefreshRefusal>, InfraError> {
    let hash = sha256_hex(token.as_bytes());
    let Some(row) = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(&hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(Err(RefreshRefusal::Invalid));
    };
    if super::console_sessions::is_console(&row.family_id) {
        // A console cookie is not a refresh token: it cannot buy bearer tokens.
        return Ok(Err(RefreshRefusal::Invalid));
    }
    if row.used_at.is_some() {
        revoke_family(conn, &row.family_id, now)?;
        return Ok(Err(RefreshRefusal::Reused));
    }
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Ok(Err(RefreshRefusal::Invalid));
    }
    // Mark used only if still unused: two concurrent refreshes cannot both win.
    let claimed = diesel::update(refresh_tokens::table.find(&row.id).filter(refresh_tokens::used_at.is_null()))
        .set(refresh_tokens::used_at.eq(now))
        .execute(conn)?;
    if claimed == 0 {
        revoke_family(conn, &row.family_id, now)?;
        return Ok(Err(RefreshRefusal::Reused));
    }
    let Some(user) = users::table.find(&row.user_id).select(UserRow::as_select()).first(conn).optional()? else {
        return Ok(Err(RefreshRefusal::Invalid));
    };
    if !user.active {
        revoke_family(conn, &row.family_id, now)?;
        return Ok(Err(RefreshRefusal::Invalid));
    }
    let next = issue(conn, &user.id, Some(&row.family_id), now, ttl)?;
    Ok(Ok((user, Rotated { token: next, family: row.family_id })))
}

/// Revokes the family of `token` (logout). Unknown tokens are ignored: logout is idempotent.
pub fn revoke(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<(), InfraError> {
    let hash = sha256_hex(token.as_bytes());
    let family: Option<String> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(refresh_tokens::family_id)
        .first(conn)
        .optional()?;
    if let Some(f) = family {
        revoke_family(conn, &f, now)?;
    }
    Ok(())
}

/// Revokes every token of an account (deactivation, password reset).
pub fn revoke_all_for_user(conn: &mut DbConnection, user_id: &str, now: NaiveDateTime) -> Result<(), InfraError> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}
