//! `GET /open311/v2/services/{service_code}.{format}`: a service's (empty) attributes.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::reference;
use serde_json::json;

use super::common::format_of;
use super::render::respond;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// `GET /open311/v2/services/{service_code}.{format}`: the (empty) attribute list.
#[utoipa::path(tag = "open311", params(("service_code" = String, Path, description = "sector code"), ("format" = hazard_openapi::open311::Open311Format, Path, description = "json or xml")), responses((status = 200, description = "the (empty) attribute list", content((hazard_openapi::open311::Open311ServiceDefinition = "application/json"), (String = "text/xml"))), (status = 404, description = "unknown service")))]
#[get("/open311/v2/services/{service_code}.{format}")]
pub async fn service_definition(state: web::Data<AppState>, path: web::Path<(String, String)>) -> HttpResponse {
    let (code, format) = path.into_inner();
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let st = state.clone();
    let c = code;
    let found = blocking(move || {
        if reference::sector_exists(&mut *st.conn()?, &c)? {
            Ok(json!({"service_code": c, "attributes": []}))
        } else {
            Err(ApiError::NotFound(format!("unknown service_code `{c}`")))
        }
    })
    .await;
    respond(f, 200, "service_definition", "attribute", found)
}
