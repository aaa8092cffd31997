//! Enforcement actions: `POST`/`GET /v1/hazards/{id}/enforcement-actions`,
//! `GET /v1/enterprises/{id}/enforcement-actions`.

pub mod create;
pub mod for_enterprise;
pub mod for_hazard;

use crate::auth::AuthUser;
use crate::convert::{path_uuid, stored_uuid, utc};
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::enforcement::record;
use crate::usecases::hazards::attached;
use actix_web::{get, post, web, HttpResponse};
use hazard_domain::enforcement::EnforcementKind;
use hazard_infra::models::EnforcementRow;
use hazard_infra::repo::enforcement;
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{CreateEnforcement, EnforcementAction};

/// The wire form of an enforcement action.
pub fn dto(row: EnforcementRow) -> Result<EnforcementAction, ApiError> {
    Ok(EnforcementAction {
        id: stored_uuid(&row.id)?,
        hazard_id: stored_uuid(&row.hazard_id)?,
        enterprise_id: row.enterprise_id.as_deref().map(stored_uuid).transpose()?,
        kind: row.kind.parse::<EnforcementKind>().map_err(ApiError::internal)?.into(),
        date: row.action_date,
        department_code: row.department_code,
        note: row.note,
        created_at: utc(row.created_at),
    })
}
