//! Third-party API clients (administrators): register, change, rotate the key.

use chrono::Duration;
use hazard_domain::client::Scope;
use hazard_domain::{Actor, FieldError, Permission};
use hazard_infra::models::ApiClientRow;
use hazard_infra::repo::clients;
use hazard_openapi::clients::{CreateApiClient, UpdateApiClient};
use uuid::Uuid;

use super::lookups::Lookups;
use crate::error::ApiError;
use crate::state::AppState;

/// How long a rotated-out key keeps working, so a client can switch without downtime.
pub const ROTATION_GRACE_HOURS: i64 = 24;

/// A client row and the key shown once (only its hash is stored).
pub struct WithKey {
    /// The stored client.
    pub client: ApiClientRow,
    /// The new key.
    pub key: String,
}

fn scopes(list: &[String]) -> Result<Vec<Scope>, ApiError> {
    list.iter()
        .map(|s| s.parse::<Scope>().map_err(|e| ApiError::Validation(vec![FieldError::new("scopes", e)])))
        .collect()
}

fn check_street(st: &AppState, street: Option<&str>) -> Result<(), ApiError> {
    let Some(s) = street else { return Ok(()) };
    let mut conn = st.conn()?;
    let mut lookups = Lookups::new(&mut conn);
    lookups.street("street_code", s)?;
    lookups.finish()
}

fn load(st: &AppState, id: &str) -> Result<ApiClientRow, ApiError> {
    clients::get(&mut *st.conn()?, id)?.ok_or_else(|| ApiError::NotFound("no such client".into()))
}

/// Registers a client with a fresh key.
pub fn create(st: &AppState, actor: &Actor, cmd: CreateApiClient) -> Result<WithKey, ApiError> {
    actor.may(Permission::ManageClients)?;
    let granted = scopes(&cmd.scopes)?;
    check_street(st, cmd.street_code.as_deref())?;
    let (key, prefix, hash) = clients::new_key();
    let now = st.now_naive();
    let row = ApiClientRow {
        id: Uuid::now_v7().to_string(),
        name: cmd.name,
        key_prefix: prefix,
        key_hash: hash,
        previous_key_prefix: None,
        previous_key_hash: None,
        previous_valid_until: None,
        scopes: Scope::join(&granted),
        street_code: cmd.street_code,
        rate_limit_per_minute: cmd.rate_limit_per_minute.unwrap_or(60),
        active: true,
        created_at: now,
        updated_at: now,
    };
    clients::insert(&mut *st.conn()?, &row)?;
    Ok(WithKey { client: row, key })
}

/// Changes a client's name, scopes, street, activity or rate limit.
pub fn update(st: &AppState, actor: &Actor, id: &str, cmd: UpdateApiClient) -> Result<ApiClientRow, ApiError> {
    actor.may(Permission::ManageClients)?;
    let granted = cmd.scopes.as_deref().map(scopes).transpose()?;
    let mut row = load(st, id)?;
    if let Some(street) = &cmd.street_code {
        check_street(st, street.as_deref())?;
        row.street_code = street.clone();
    }
    if let Some(n) = cmd.name {
        row.name = n;
    }
    if let Some(s) = granted {
        row.scopes = Scope::join(&s);
    }
    if let Some(a) = cmd.active {
        row.active = a;
    }
    if let Some(r) = cmd.rate_limit_per_minute {
        row.rate_limit_per_minute = r;
    }
    row.updated_at = st.now_naive();
    clients::update(&mut *st.conn()?, &row)?;
    Ok(row)
}

/// Issues a new key; the old one keeps working for [`ROTATION_GRACE_HOURS`].
pub fn rotate(st: &AppState, actor: &Actor, id: &str) -> Result<WithKey, ApiError> {
    actor.may(Permission::ManageClients)?;
    let mut row = load(st, id)?;
    let (key, prefix, hash) = clients::new_key();
    let now = st.now_naive();
    row.previous_key_prefix = Some(std::mem::replace(&mut row.key_prefix, prefix));
    row.previous_key_hash = Some(std::mem::replace(&mut row.key_hash, hash));
    row.previous_valid_until = Some(now + Duration::hours(ROTATION_GRACE_HOURS));
    row.updated_at = now;
    clients::update(&mut *st.conn()?, &row)?;
    Ok(WithKey { client: row, key })
}
