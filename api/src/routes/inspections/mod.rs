//! `/v1/inspections` and the public verification of inspection codes.

pub mod create;
pub mod finish;
pub mod get;
pub mod list;
pub mod public;
pub mod view;

use hazard_domain::{Actor, Jurisdiction};
use hazard_infra::models::InspectionRow;
use hazard_infra::repo::inspections;
use hazard_infra::DbConnection;

use crate::convert::stored_uuid;
use crate::error::ApiError;

/// Loads an inspection the actor may see (its street, or its enterprise); otherwise 404.
pub fn load_visible(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<InspectionRow, ApiError> {
    let row = inspections::get(conn, id)?.ok_or_else(|| ApiError::NotFound("no such inspection".into()))?;
    let enterprise_id = row.enterprise_id.as_deref().map(stored_uuid).transpose()?;
    if actor.can_see(Jurisdiction { street_code: &row.street_code, enterprise_id }) {
        Ok(row)
    } else {
        Err(ApiError::NotFound("no such inspection".into()))
    }
}
