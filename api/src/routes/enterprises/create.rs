//! `POST /v1/enterprises`.

use actix_web::{post, web, HttpResponse};
use hazard_domain::enterprise::RiskClass;
use hazard_domain::uscc::Uscc;
use hazard_domain::FieldError;
use hazard_infra::models::EnterpriseRow;
use hazard_infra::repo::{enterprises, reference};
use hazard_infra::InfraError;
use hazard_openapi::enterprises::{CreateEnterprise, Enterprise};
use hazard_openapi::problem::Problem;
use uuid::Uuid;

use super::require_staff;
use super::view::enterprise_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// Registers an enterprise (staff in its street, or administrators). The USCC is checked
/// (GB 32100-2015 check character) and unique.
#[utoipa::path(
    tag = "enterprises",
    security(("bearer" = [])),
    request_body = CreateEnterprise,
    responses(
        (status = 201, body = Enterprise),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: the USCC is already registered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed (e.g. `uscc` check character)", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/enterprises")]
pub async fn create_enterprise(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateEnterprise>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    require_staff(&actor)?;
    let b = body.0;
    let uscc = Uscc::parse(&b.uscc)?;
    if actor.role != hazard_domain::Role::Admin {
        actor.can_file_in(&b.street_code)?;
    }
    let st = state.clone();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let mut fields = Vec::new();
        if !reference::street_exists(&mut conn, &b.street_code)? {
            fields.push(FieldError::new("street_code", format!("unknown street `{}`", b.street_code)));
        }
        if !reference::sector_exists(&mut conn, &b.sector)? {
            fields.push(FieldError::new("sector", format!("unknown sector `{}`", b.sector)));
        }
        if !fields.is_empty() {
            return Err(ApiError::Validation(fields));
        }
        let now = st.now_naive();
        let row = EnterpriseRow {
            id: Uuid::now_v7().to_string(),
            name: b.name,
            uscc: uscc.as_str().to_owned(),
            street_code: b.street_code,
            sector: b.sector,
            address: b.address,
            risk_class: RiskClass::from(b.risk_class).as_str().into(),
            created_at: now,
            updated_at: now,
        };
        match enterprises::insert(&mut conn, &row) {
            Err(InfraError::Conflict(_)) => Err(ApiError::conflict(format!("USCC {} is already registered", row.uscc))),
            other => other.map_err(ApiError::from),
        }?;
        enterprise_dto(row, 0, None)
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/v1/enterprises/{}", dto.id))).json(dto))
}
