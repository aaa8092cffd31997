//! `GET /v1/departments`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::reference;
use hazard_openapi::reference::CodeName;

/// Responsible departments (责任单位).
#[utoipa::path(tag = "reference", security(("bearer" = [])), responses((status = 200, body = Vec<CodeName>)))]
#[get("/v1/departments")]
pub async fn list_departments(_auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let rows = blocking(move || Ok(reference::departments(&mut *st.conn()?)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(|r| CodeName { code: r.code, name: r.name }).collect::<Vec<_>>()))
}
