//! Listed supervision (挂牌督办): list, escalate (提级), lift (摘牌). Each changes the
//! listing and bumps the hazard with a timeline event in one transaction.

pub mod escalate;
pub mod lift;
pub mod list;

use hazard_infra::models::SupervisionRow;
use hazard_infra::repo::supervisions;
use hazard_infra::DbConnection;

use crate::error::ApiError;

/// The hazard's active listing, or a 404 saying there is none.
fn active(conn: &mut DbConnection, hazard_id: &str) -> Result<SupervisionRow, ApiError> {
    supervisions::active_for(conn, hazard_id)?
        .ok_or_else(|| ApiError::NotFound("the hazard is not under listed supervision".into()))
}
