//! `PATCH /v1/hazards/{id}`.

use actix_web::http::header;
use actix_web::{patch, web, HttpRequest, HttpResponse};
use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::{EventKind, Status};
use hazard_domain::Role;
use hazard_infra::repo::{enterprises, hazards};
use hazard_infra::InfraError;
use hazard_openapi::hazards::{Hazard, UpdateHazard};
use hazard_openapi::problem::Problem;

use super::view::{hazard_full, overdue};
use super::{bump, check_if_match, etag, load_visible};
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Edits the descriptive fields of an open hazard. `If-Match` is required (428 without
/// it, 412 with a stale one), so a phone that was offline never overwrites newer work.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    params(
        ("id" = uuid::Uuid, Path, description = "hazard id"),
        ("If-Match" = String, Header, description = "the ETag the edit is based on")
    ),
    request_body = UpdateHazard,
    responses(
        (status = 200, body = Hazard, headers(("ETag" = String))),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: closed or invalid hazards are not edited", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "precondition_failed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "precondition_required", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/hazards/{id}")]
pub async fn update_hazard(
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateHazard>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "hazard")?.to_string();
    let actor = auth.0;
    if actor.role == Role::Admin {
        return Err(ApiError::Forbidden("administrators do not edit hazards".into()));
    }
    let headers = req.headers().clone();
    let b = body.0;
    let coordinates = Coordinates::parse_optional(b.latitude, b.longitude)?;
    if actor.role == Role::Enterprise && b.enterprise_id.is_some() {
        return Err(ApiError::field("enterprise_id", "enterprise accounts cannot move a hazard to another enterprise"));
    }
    let st = state.clone();
    let (row, dto) = blocking(move || {
        let mut conn = st.conn()?;
        let before = load_visible(&mut conn, &actor, &id)?;
        let today = st.today();
        if !headers.contains_key(header::IF_MATCH) {
            return Err(ApiError::PreconditionRequired);
        }
        check_if_match(&headers, &etag(before.version, overdue(&before, today)?))?;
        let status: Status = before.status.parse().map_err(ApiError::Internal)?;
        if !status.is_open() {
            return Err(ApiError::Conflict {
                code: "invalid_transition",
                detail: format!("a {status} hazard is not edited"),
            });
        }
        let mut after = before.clone();
        let mut changed = Vec::new();
        if let Some(t) = b.title {
            after.title = t;
            changed.push("title");
        }
        if let Some(d) = b.description {
            after.description = d;
            changed.push("description");
        }
        if let Some(a) = b.address {
            after.address = a;
            changed.push("address");
        }
        if let Some(c) = coordinates {
            after.latitude = Some(c.latitude());
            after.longitude = Some(c.longitude());
            changed.push("coordinates");
        }
        if let Some(e) = b.enterprise_id {
            if let Some(e) = e {
                if !enterprises::exists(&mut conn, &e.to_string())? {
                    return Err(ApiError::field("enterprise_id", "unknown enterprise"));
                }
            }
            after.enterprise_id = e.map(|u| u.to_string());
            changed.push("enterprise_id");
        }
        if let Some(n) = b.enterprise_name {
            after.enterprise_name = n;
            changed.push("enterprise_name");
        }
        if changed.is_empty() {
            return Err(ApiError::field("", "nothing to change"));
        }
        let data = serde_json::json!({ "fields": changed });
        let (after, event) = bump(&after, &actor, EventKind::Edit, None, data, st.now_naive());
        match hazards::update(&mut conn, &before, &after, &[event]) {
            Ok(()) => {
                let dto = hazard_full(&mut conn, after.clone(), today)?;
                Ok((after, dto))
            }
            Err(InfraError::Conflict(_)) => {
                let current =
                    hazards::get(&mut conn, &before.id)?.ok_or_else(|| ApiError::NotFound("no such hazard".into()))?;
                Err(ApiError::PreconditionFailed { current_etag: etag(current.version, overdue(&current, today)?) })
            }
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    let today = state.today();
    let tag = etag(row.version, overdue(&row, today)?);
    Ok(HttpResponse::Ok().insert_header(("ETag", tag)).json(dto))
}
