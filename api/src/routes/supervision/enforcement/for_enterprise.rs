//! `GET /v1/enterprises/{id}/enforcement-actions`.

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

use super::*;

/// Enforcement actions against an enterprise, newest first.
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "enterprise id")),
    responses(
        (status = 200, body = Vec<EnforcementAction>),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/enterprises/{id}/enforcement-actions")]
pub async fn list_enterprise_enforcement(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "enterprise")?.to_string();
    let st = state.clone();
    let rows = blocking(move || {
        crate::routes::enterprises::load_visible(&st, &auth.0, &id)?;
        Ok(enforcement::for_enterprise(&mut *st.conn()?, &id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(dto).collect::<Result<Vec<_>, _>>()?))
}
