//! Enforcement actions: `POST`/`GET /v1/hazards/{id}/enforcement-actions`,
//! `GET /v1/enterprises/{id}/enforcement-actions`.

use actix_web::{get, post, web, HttpResponse};
use hazard_domain::enforcement::EnforcementKind;
use hazard_infra::models::EnforcementRow;
use hazard_infra::repo::enforcement;
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{CreateEnforcement, EnforcementAction};

use crate::auth::AuthUser;
use crate::convert::{path_uuid, stored_uuid, utc};
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::enforcement::record;
use crate::usecases::hazards::load_visible;

fn dto(row: EnforcementRow) -> Result<EnforcementAction, ApiError> {
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

/// Records an enforcement action on a hazard and its enterprise (supervisors).
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    request_body = CreateEnforcement,
    responses(
        (status = 201, body = EnforcementAction),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards/{id}/enforcement-actions")]
pub async fn create_enforcement(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<CreateEnforcement>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "hazard")?.to_string();
    let st = state.clone();
    let row = blocking(move || record(&st, &auth.0, &id, body.0)).await?;
    Ok(HttpResponse::Created().json(dto(row)?))
}

/// Enforcement actions on a hazard.
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    responses(
        (status = 200, body = Vec<EnforcementAction>),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/hazards/{id}/enforcement-actions")]
pub async fn list_hazard_enforcement(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "hazard")?.to_string();
    let st = state.clone();
    let rows = blocking(move || {
        let mut conn = st.conn()?;
        load_visible(&mut conn, &auth.0, &id)?;
        Ok(enforcement::for_hazard(&mut conn, &id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(dto).collect::<Result<Vec<_>, _>>()?))
}

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
