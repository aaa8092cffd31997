//! Reference data: streets, departments, sectors and major-hazard criteria. Everyone
//! signed in reads them (phones fill their pickers from here); administrators add entries.

use actix_web::{get, post, web, HttpResponse};
use hazard_infra::models::{CriterionRow, DepartmentRow, SectorRow, StreetRow};
use hazard_infra::repo::reference;
use hazard_infra::InfraError;
use hazard_openapi::problem::Problem;
use hazard_openapi::reference::{CodeName, Criterion};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::{ValidJson, ValidQuery};
use crate::state::AppState;

fn duplicate(e: InfraError, what: &str, code: &str) -> ApiError {
    match e {
        InfraError::Conflict(_) => ApiError::conflict(format!("{what} `{code}` already exists")),
        other => other.into(),
    }
}

/// The district's streets (街镇).
#[utoipa::path(tag = "reference", security(("bearer" = [])), responses((status = 200, body = Vec<CodeName>)))]
#[get("/v1/streets")]
pub async fn list_streets(_auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let rows = blocking(move || Ok(reference::streets(&mut *st.conn()?)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(|r| CodeName { code: r.code, name: r.name }).collect::<Vec<_>>()))
}

/// Adds a street (administrators).
#[utoipa::path(
    tag = "reference", security(("bearer" = [])), request_body = CodeName,
    responses(
        (status = 201, body = CodeName),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/streets")]
pub async fn add_street(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CodeName>,
) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let (st, b) = (state.clone(), body.0.clone());
    blocking(move || {
        reference::add_street(&mut *st.conn()?, &StreetRow { code: b.code.clone(), name: b.name })
            .map_err(|e| duplicate(e, "street", &b.code))
    })
    .await?;
    Ok(HttpResponse::Created().json(body.0))
}

/// Responsible departments (责任单位).
#[utoipa::path(tag = "reference", security(("bearer" = [])), responses((status = 200, body = Vec<CodeName>)))]
#[get("/v1/departments")]
pub async fn list_departments(_auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let rows = blocking(move || Ok(reference::departments(&mut *st.conn()?)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(|r| CodeName { code: r.code, name: r.name }).collect::<Vec<_>>()))
}

/// Adds a department (administrators).
#[utoipa::path(
    tag = "reference", security(("bearer" = [])), request_body = CodeName,
    responses(
        (status = 201, body = CodeName),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/departments")]
pub async fn add_department(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CodeName>,
) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let (st, b) = (state.clone(), body.0.clone());
    blocking(move || {
        reference::add_department(&mut *st.conn()?, &DepartmentRow { code: b.code.clone(), name: b.name })
            .map_err(|e| duplicate(e, "department", &b.code))
    })
    .await?;
    Ok(HttpResponse::Created().json(body.0))
}

/// Sectors (行业领域).
#[utoipa::path(tag = "reference", security(("bearer" = [])), responses((status = 200, body = Vec<CodeName>)))]
#[get("/v1/sectors")]
pub async fn list_sectors(_auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let rows = blocking(move || Ok(reference::sectors(&mut *st.conn()?)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(|r| CodeName { code: r.code, name: r.name }).collect::<Vec<_>>()))
}

/// Adds a sector (administrators).
#[utoipa::path(
    tag = "reference", security(("bearer" = [])), request_body = CodeName,
    responses(
        (status = 201, body = CodeName),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/sectors")]
pub async fn add_sector(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CodeName>,
) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let (st, b) = (state.clone(), body.0.clone());
    blocking(move || {
        reference::add_sector(&mut *st.conn()?, &SectorRow { code: b.code.clone(), name: b.name })
            .map_err(|e| duplicate(e, "sector", &b.code))
    })
    .await?;
    Ok(HttpResponse::Created().json(body.0))
}

/// Filter for criteria.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CriteriaQuery {
    /// Only criteria of this sector.
    #[validate(length(min = 1, max = 64))]
    pub sector: Option<String>,
}

/// Major-hazard criteria (重大事故隐患判定标准), optionally of one sector.
#[utoipa::path(
    tag = "reference", security(("bearer" = [])), params(CriteriaQuery),
    responses((status = 200, body = Vec<Criterion>))
)]
#[get("/v1/criteria")]
pub async fn list_criteria(
    _auth: AuthUser,
    state: web::Data<AppState>,
    query: ValidQuery<CriteriaQuery>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let rows = blocking(move || Ok(reference::criteria(&mut *st.conn()?, query.0.sector.as_deref())?)).await?;
    let out: Vec<Criterion> = rows
        .into_iter()
        .map(|r| Criterion { code: r.code, sector: r.sector, text: r.text, source: r.source })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

/// Adds a criterion (administrators); its sector must exist.
#[utoipa::path(
    tag = "reference", security(("bearer" = [])), request_body = Criterion,
    responses(
        (status = 201, body = Criterion),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/criteria")]
pub async fn add_criterion(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<Criterion>,
) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let (st, b) = (state.clone(), body.0.clone());
    blocking(move || {
        let mut conn = st.conn()?;
        if !reference::sector_exists(&mut conn, &b.sector)? {
            return Err(ApiError::field("sector", format!("unknown sector `{}`", b.sector)));
        }
        let row = CriterionRow { code: b.code.clone(), sector: b.sector, text: b.text, source: b.source };
        reference::add_criterion(&mut conn, &row).map_err(|e| duplicate(e, "criterion", &b.code))
    })
    .await?;
    Ok(HttpResponse::Created().json(body.0))
}
