//! Enforcement actions: `POST`/`GET /v1/hazards/{id}/enforcement-actions`,
//! `GET /v1/enterprises/{id}/enforcement-actions`.

use actix_web::{get, post, web, HttpResponse};
use hazard_domain::enforcement::EnforcementKind;
use hazard_domain::hazard::EventKind;
use hazard_domain::Role;
use hazard_infra::models::EnforcementRow;
use hazard_infra::repo::{enforcement, enterprises, reference};
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{CreateEnforcement, EnforcementAction};
use uuid::Uuid;

use super::bump;
use crate::auth::AuthUser;
use crate::convert::{path_uuid, stored_uuid, utc};
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::routes::hazards::load_visible;
use crate::state::AppState;

fn dto(row: EnforcementRow) -> Result<EnforcementAction, ApiError> {
    Ok(EnforcementAction {
        id: stored_uuid(&row.id)?,
        hazard_id: stored_uuid(&row.hazard_id)?,
        enterprise_id: row.enterprise_id.as_deref().map(stored_uuid).transpose()?,
        kind: row.kind.parse::<EnforcementKind>().map_err(ApiError::Internal)?.into(),
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
    let actor = auth.0;
    let b = body.0;
    let st = state.clone();
    let today = state.today();
    let row = blocking(move || {
        let mut conn = st.conn()?;
        let before = load_visible(&mut conn, &actor, &id)?;
        if actor.role != Role::Supervisor {
            return Err(ApiError::Forbidden("only supervisors record enforcement actions".into()));
        }
        if b.date > today {
            return Err(ApiError::field("date", "must not be in the future"));
        }
        if !reference::department_exists(&mut conn, &b.department_code)? {
            return Err(ApiError::field("department_code", format!("unknown department `{}`", b.department_code)));
        }
        let enterprise_id = match b.enterprise_id {
            Some(e) if enterprises::exists(&mut conn, &e.to_string())? => Some(e.to_string()),
            Some(_) => return Err(ApiError::field("enterprise_id", "unknown enterprise")),
            None => before.enterprise_id.clone(),
        };
        let kind = EnforcementKind::from(b.kind);
        let now = st.now_naive();
        let row = EnforcementRow {
            id: Uuid::now_v7().to_string(),
            hazard_id: id.clone(),
            enterprise_id,
            kind: kind.as_str().into(),
            action_date: b.date,
            department_code: b.department_code,
            note: b.note.clone(),
            created_by: actor.user_id.to_string(),
            created_at: now,
        };
        let data = serde_json::json!({"enforcement_id": row.id, "kind": kind, "date": row.action_date});
        let (after, event) = bump(&before, &actor, EventKind::Enforcement, b.note, data, now);
        enforcement::add(&mut conn, &row, &before, &after, event)
            .map_err(|e| crate::routes::conflict_as_retry(e, "the hazard changed meanwhile; retry"))?;
        Ok(row)
    })
    .await?;
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
        let mut conn = st.conn()?;
        crate::routes::enterprises::load_visible(&mut conn, &auth.0, &id)?;
        Ok(enforcement::for_enterprise(&mut conn, &id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(dto).collect::<Result<Vec<_>, _>>()?))
}
