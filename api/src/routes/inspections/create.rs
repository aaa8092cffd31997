//! `POST /v1/inspections`.

use actix_web::{post, web, HttpResponse};
use hazard_domain::inspection::InspectionKind;
use hazard_domain::{FieldError, Role};
use hazard_infra::models::InspectionRow;
use hazard_infra::repo::{enterprises, inspections, reference};
use hazard_infra::{codes, InfraError};
use hazard_openapi::inspections::{CreateInspection, Inspection};
use hazard_openapi::problem::Problem;
use uuid::Uuid;

use super::view::inspection_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Starts an inspection of an enterprise or a site. It gets a public, unguessable
/// inspection code (检查码). With a client-made `id`, a retry returns the one recorded.
#[utoipa::path(
    tag = "inspections",
    security(("bearer" = [])),
    request_body = CreateInspection,
    responses(
        (status = 201, body = Inspection),
        (status = 200, description = "a retry with the same client id", body = Inspection),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: the id belongs to another inspection", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/inspections")]
pub async fn create_inspection(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateInspection>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    let b = body.0;
    let kind = InspectionKind::from(b.kind);
    kind.check_actor(&actor)?;
    actor.can_file_in(&b.street_code)?;
    if b.enterprise_id.is_none() && b.site_address.is_none() {
        return Err(ApiError::field("enterprise_id", "name the enterprise, or give site_address"));
    }
    if actor.role == Role::Enterprise && b.enterprise_id != actor.enterprise_id {
        return Err(ApiError::field("enterprise_id", "enterprise accounts inspect their own enterprise only"));
    }
    let st = state.clone();
    let (row, created) = blocking(move || {
        let mut conn = st.conn()?;
        let id = b.id.unwrap_or_else(Uuid::now_v7).to_string();
        if let Some(existing) = inspections::get(&mut conn, &id)? {
            return if existing.created_by == actor.user_id.to_string() {
                Ok((existing, false))
            } else {
                Err(ApiError::conflict("this id is already used by another inspection"))
            };
        }
        let mut fields = Vec::new();
        if !reference::street_exists(&mut conn, &b.street_code)? {
            fields.push(FieldError::new("street_code", format!("unknown street `{}`", b.street_code)));
        }
        if let Some(d) = &b.department_code {
            if !reference::department_exists(&mut conn, d)? {
                fields.push(FieldError::new("department_code", format!("unknown department `{d}`")));
            }
        }
        if let Some(e) = b.enterprise_id {
            match enterprises::street_of(&mut conn, &e.to_string())? {
                None => fields.push(FieldError::new("enterprise_id", "unknown enterprise")),
                Some(s) if s != b.street_code => {
                    fields.push(FieldError::new("street_code", format!("the enterprise is in street `{s}`")))
                }
                Some(_) => {}
            }
        }
        let mut ids: Vec<String> = b.inspector_ids.iter().map(Uuid::to_string).collect();
        if actor.role != Role::Enterprise && !ids.contains(&actor.user_id.to_string()) {
            ids.insert(0, actor.user_id.to_string());
        }
        ids.dedup();
        let staff = inspections::staff_ids(&mut conn, &ids)?;
        let unknown: Vec<&String> =
            ids.iter().filter(|i| !staff.contains(i) && **i != actor.user_id.to_string()).collect();
        if !unknown.is_empty() {
            fields.push(FieldError::new(
                "inspector_ids",
                "every inspector must be an active inspector or supervisor account",
            ));
        }
        if !fields.is_empty() {
            return Err(ApiError::Validation(fields));
        }
        let now = st.now_naive();
        let mut row = InspectionRow {
            id,
            code: codes::inspection_code(),
            kind: kind.as_str().into(),
            enterprise_id: b.enterprise_id.map(|e| e.to_string()),
            site_address: b.site_address,
            street_code: b.street_code,
            department_code: b.department_code,
            inspector_ids: serde_json::to_string(&ids).map_err(|e| ApiError::Internal(e.to_string()))?,
            started_at: b.started_at.map_or(now, |t| t.naive_utc()),
            finished_at: None,
            note: b.note,
            created_by: actor.user_id.to_string(),
            created_at: now,
            updated_at: now,
        };
        // A code collision is astronomically unlikely; try a fresh code a few times anyway.
        let mut attempts = 0;
        loop {
            match inspections::insert(&mut conn, &row) {
                Ok(()) => break,
                Err(InfraError::Conflict(_)) if attempts < 3 => {
                    if inspections::get(&mut conn, &row.id)?.is_some() {
                        return Err(ApiError::conflict("a concurrent request recorded this inspection; retry"));
                    }
                    attempts += 1;
                    row.code = codes::inspection_code();
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok((row, true))
    })
    .await?;
    let st = state.clone();
    let dto = blocking(move || inspection_dto(&mut *st.conn()?, row)).await?;
    let mut res = if created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.insert_header(("Location", format!("/v1/inspections/{}", dto.id))).json(dto))
}
