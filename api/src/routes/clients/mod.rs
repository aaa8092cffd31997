//! `/v1/clients`: third-party API clients (administrators).

pub mod create;
pub mod list;
pub mod rotate;
pub mod update;

use crate::convert::{stored_uuid, utc};
use crate::error::ApiError;
use hazard_domain::client::Scope;
use hazard_infra::models::ApiClientRow;
use hazard_openapi::clients::ApiClient;

/// The wire form of a client (never its key).
pub fn dto(row: ApiClientRow) -> Result<ApiClient, ApiError> {
    Ok(ApiClient {
        id: stored_uuid(&row.id)?,
        name: row.name,
        scopes: Scope::parse_list(&row.scopes).iter().map(|s| s.as_str().to_owned()).collect(),
        street_code: row.street_code,
        rate_limit_per_minute: row.rate_limit_per_minute,
        active: row.active,
        key_prefix: row.key_prefix,
        previous_key_valid_until: row.previous_valid_until.map(utc),
        created_at: utc(row.created_at),
    })
}
