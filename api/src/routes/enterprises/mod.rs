//! `/v1/enterprises`: the enterprises inspectors visit.

pub mod create;
pub mod get;
pub mod list;
pub mod update;
pub mod view;

use hazard_domain::{Actor, Jurisdiction, Role};
use hazard_infra::models::EnterpriseRow;
use hazard_infra::repo::enterprises;
use hazard_infra::DbConnection;

use crate::convert::stored_uuid;
use crate::error::ApiError;

/// Whether the actor may see this enterprise: staff in its street (or district-wide),
/// administrators, and the enterprise's own accounts.
pub fn can_see(actor: &Actor, row: &EnterpriseRow) -> Result<bool, ApiError> {
    let id = stored_uuid(&row.id)?;
    Ok(actor.role == Role::Admin
        || actor.can_see(Jurisdiction { street_code: &row.street_code, enterprise_id: Some(id) }))
}

/// Loads an enterprise the actor may see; otherwise 404.
pub fn load_visible(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<EnterpriseRow, ApiError> {
    let row = enterprises::get(conn, id)?.ok_or_else(|| ApiError::NotFound("no such enterprise".into()))?;
    if can_see(actor, &row)? {
        Ok(row)
    } else {
        Err(ApiError::NotFound("no such enterprise".into()))
    }
}

/// Staff and administrators register and edit enterprises; enterprises do not.
pub fn require_staff(actor: &Actor) -> Result<(), ApiError> {
    match actor.role {
        Role::Enterprise => Err(ApiError::Forbidden("enterprise accounts cannot manage enterprise records".into())),
        _ => Ok(()),
    }
}
