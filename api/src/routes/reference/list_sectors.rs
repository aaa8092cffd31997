//! `GET /v1/sectors`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::reference;
use hazard_openapi::reference::CodeName;

/// Sectors (行业领域).
#[utoipa::path(tag = "reference", security(("bearer" = [])), responses((status = 200, body = Vec<CodeName>)))]
#[get("/v1/sectors")]
pub async fn list_sectors(_auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let rows = blocking(move || Ok(reference::sectors(&mut *st.conn()?)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(|r| CodeName { code: r.code, name: r.name }).collect::<Vec<_>>()))
}
