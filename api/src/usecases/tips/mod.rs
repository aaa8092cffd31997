//! Public tips (举报): filing (REST and Open311 alike), photos, and the supervisors'
//! review: verify into a hazard, reject, reward.

pub mod file;
pub mod photo;
pub mod review;
pub mod verify;

use hazard_domain::tip::TipStatus;
use hazard_domain::{Actor, Permission};
use hazard_infra::models::TipRow;
use hazard_infra::repo::tips;
use hazard_infra::secrets::sha256_hex;
use hazard_infra::DbConnection;

use crate::error::ApiError;

/// A tip the supervisor may handle (street supervisors: tips placed in their street);
/// anything else is a 404.
pub fn load_for_review(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<TipRow, ApiError> {
    actor.may(Permission::HandleTips)?;
    let not_found = || ApiError::NotFound("no such tip".into());
    let tip = tips::get(conn, id)?.ok_or_else(not_found)?;
    match actor.street_scope().street() {
        Some(s) if tip.street_code.as_deref() != Some(s) => Err(not_found()),
        _ => Ok(tip),
    }
}

/// The tip behind a code, if the secret matches; otherwise "not found", the same answer
/// as for a code that does not exist.
pub fn load_with_secret(conn: &mut DbConnection, secret: Option<&str>, code: &str) -> Result<TipRow, ApiError> {
    let not_found = || ApiError::NotFound("no tip matches this code and secret".into());
    let secret = secret.ok_or_else(not_found)?;
    let tip = tips::by_code(conn, &code.trim().to_ascii_uppercase())?.ok_or_else(not_found)?;
    if tip.secret_hash == sha256_hex(secret.trim().as_bytes()) {
        Ok(tip)
    } else {
        Err(not_found())
    }
}

/// The stored review status.
pub fn status_of(tip: &TipRow) -> Result<TipStatus, ApiError> {
    tip.status.parse().map_err(ApiError::internal)
}
