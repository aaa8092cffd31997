//! `GET /v1/clients`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_domain::Permission;
use hazard_infra::repo::clients;
use hazard_openapi::clients::ApiClient;
use hazard_openapi::problem::Problem;

use super::*;

/// Every client (administrators).
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<ApiClient>),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/clients")]
pub async fn list_clients(auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    auth.0.may(Permission::ManageClients)?;
    let st = state.clone();
    let rows = blocking(move || Ok(clients::list(&mut *st.conn()?)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(dto).collect::<Result<Vec<_>, _>>()?))
}
