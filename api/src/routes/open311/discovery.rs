//! `GET /open311/v2/discovery.{format}`: where the endpoints are and what they speak.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde_json::json;

use super::common::{format_of, SPEC};
use super::render::document;

/// `GET /open311/v2/discovery.{format}`.
#[utoipa::path(tag = "open311", params(("format" = hazard_openapi::open311::Open311Format, Path, description = "json or xml")), responses((status = 200, description = "the discovery document", content((hazard_openapi::open311::Open311Discovery = "application/json"), (String = "text/xml")))))]
#[get("/open311/v2/discovery.{format}")]
pub async fn discovery(req: HttpRequest, format: web::Path<String>) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let base = format!("{}://{}/open311/v2", req.connection_info().scheme(), req.connection_info().host());
    let body = json!({
        "changeset": "2025-01-01T00:00:00+08:00",
        "contact": "长宁区应急管理局 (District Emergency Management Bureau)",
        "key_service": "API keys are issued by the district's administrators (POST /v1/clients).",
        "endpoints": [{
            "specification": SPEC,
            "url": base,
            "changeset": "2025-01-01T00:00:00+08:00",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    });
    document(f, 200, "discovery", "endpoint", &body)
}
