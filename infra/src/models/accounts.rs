//! Who may call: accounts, their refresh tokens and third-party API clients.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::*;

/// An account.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// UUID.
    pub id: String,
    /// Login name, unique.
    pub username: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Role code.
    pub role: String,
    /// Street scope; `None` is district-wide.
    pub street_code: Option<String>,
    /// Department the person works for.
    pub department_code: Option<String>,
    /// Enterprise an enterprise account speaks for.
    pub enterprise_id: Option<String>,
    /// Deactivated accounts cannot sign in.
    pub active: bool,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// A refresh token, stored only as its digest.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    /// UUID.
    pub id: String,
    /// Owner.
    pub user_id: String,
    /// The rotation chain it belongs to.
    pub family_id: String,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Expiry (UTC).
    pub expires_at: NaiveDateTime,
    /// Issued (UTC).
    pub created_at: NaiveDateTime,
    /// When it was exchanged for a new one.
    pub used_at: Option<NaiveDateTime>,
    /// When it was revoked (logout or reuse).
    pub revoked_at: Option<NaiveDateTime>,
}

/// A third-party API client.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = api_clients, treat_none_as_null = true)]
pub struct ApiClientRow {
    /// UUID.
    pub id: String,
    /// Who it is (e.g. 一网统管平台).
    pub name: String,
    /// First characters of the current key, to find the row.
    pub key_prefix: String,
    /// SHA-256 of the current key.
    pub key_hash: String,
    /// Prefix of the key replaced by the last rotation.
    pub previous_key_prefix: Option<String>,
    /// Its digest.
    pub previous_key_hash: Option<String>,
    /// Until when the previous key still works.
    pub previous_valid_until: Option<NaiveDateTime>,
    /// Comma-separated scopes.
    pub scopes: String,
    /// Street restriction.
    pub street_code: Option<String>,
    /// Requests per minute (token bucket size).
    pub rate_limit_per_minute: i32,
    /// Revoked clients are inactive.
    pub active: bool,
    /// Registered.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}
