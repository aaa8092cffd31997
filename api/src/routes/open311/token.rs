//! `GET /open311/v2/tokens/{token}.{format}`: the service request a token became.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::{hazards, tips};
use serde_json::json;

use super::common::format_of;
use super::render::respond;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// `GET /open311/v2/tokens/{token}.{format}`: the service request a token became.
#[utoipa::path(tag = "open311", params(("token" = String, Path, description = "the token from POST requests"), ("format" = hazard_openapi::open311::Open311Format, Path, description = "json or xml")), responses((status = 200, description = "the token and its service_request_id (null until verified)", content((Vec<hazard_openapi::open311::Open311Token> = "application/json"), (String = "text/xml"))), (status = 404, description = "unknown token")))]
#[get("/open311/v2/tokens/{token}.{format}")]
pub async fn token(state: web::Data<AppState>, path: web::Path<(String, String)>) -> HttpResponse {
    let (token, format) = path.into_inner();
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let st = state.clone();
    let found = blocking(move || {
        let mut conn = st.conn()?;
        let tip = tips::by_code(&mut conn, &token.to_ascii_uppercase())?
            .ok_or_else(|| ApiError::NotFound("unknown token".into()))?;
        let code = match &tip.hazard_id {
            Some(h) => hazards::get(&mut conn, h)?.map(|r| r.code),
            None => None,
        };
        Ok(json!([{"token": tip.tracking_code, "service_request_id": code}]))
    })
    .await;
    respond(f, 200, "service_requests", "request", found)
}
