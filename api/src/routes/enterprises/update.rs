//! `PATCH /v1/enterprises/{id}`.

use actix_web::{patch, web, HttpResponse};
use hazard_domain::enterprise::RiskClass;
use hazard_domain::uscc::Uscc;
use hazard_domain::{FieldError, Role};
use hazard_infra::repo::{enterprises, reference};
use hazard_infra::InfraError;
use hazard_openapi::enterprises::{Enterprise, UpdateEnterprise};
use hazard_openapi::problem::Problem;

use super::view::enterprise_dto;
use super::{load_visible, require_staff};
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Edits an enterprise (staff in its street, or administrators), e.g. a new risk class.
#[utoipa::path(
    tag = "enterprises",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "enterprise id")),
    request_body = UpdateEnterprise,
    responses(
        (status = 200, body = Enterprise),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: USCC taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/enterprises/{id}")]
pub async fn update_enterprise(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateEnterprise>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    require_staff(&actor)?;
    let id = path_uuid(&id, "enterprise")?.to_string();
    let b = body.0;
    let uscc = b.uscc.as_deref().map(Uscc::parse).transpose()?;
    if let (Some(street), false) = (&b.street_code, actor.role == Role::Admin) {
        actor.can_file_in(street)?;
    }
    let st = state.clone();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let mut row = load_visible(&mut conn, &actor, &id)?;
        if let Some(s) = &b.street_code {
            if !reference::street_exists(&mut conn, s)? {
                return Err(ApiError::Validation(vec![FieldError::new(
                    "street_code",
                    format!("unknown street `{s}`"),
                )]));
            }
            row.street_code = s.clone();
        }
        if let Some(s) = &b.sector {
            if !reference::sector_exists(&mut conn, s)? {
                return Err(ApiError::Validation(vec![FieldError::new("sector", format!("unknown sector `{s}`"))]));
            }
            row.sector = s.clone();
        }
        if let Some(n) = b.name {
            row.name = n;
        }
        if let Some(a) = b.address {
            row.address = a;
        }
        if let Some(u) = uscc {
            row.uscc = u.as_str().to_owned();
        }
        if let Some(c) = b.risk_class {
            row.risk_class = RiskClass::from(c).as_str().into();
        }
        row.updated_at = st.now_naive();
        match enterprises::update(&mut conn, &row) {
            Err(InfraError::Conflict(_)) => Err(ApiError::conflict(format!("USCC {} is already registered", row.uscc))),
            other => other.map_err(ApiError::from),
        }?;
        let figures = enterprises::figures(&mut conn, std::slice::from_ref(&row.id))?;
        let (open, last) = figures.first().map_or((0, None), |(_, n, t)| (*n, *t));
        enterprise_dto(row, open, last)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}
