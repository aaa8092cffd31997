//! `GET /open311/v2/services.{format}`: one service per sector.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::reference;
use serde_json::{json, Value};

use super::common::format_of;
use super::render::respond;
use crate::error::blocking;
use crate::state::AppState;

fn service(code: &str, name: &str) -> Value {
    json!({
        "service_code": code,
        "service_name": name,
        "description": format!("{name}安全隐患 (workplace-safety hazards, sector `{code}`)"),
        "metadata": false,
        "type": "batch",
        "keywords": "安全隐患,hazard",
        "group": "安全生产",
    })
}

/// `GET /open311/v2/services.{format}`: one service per sector.
#[utoipa::path(tag = "open311", params(("format" = hazard_openapi::open311::Open311Format, Path, description = "json or xml")), responses((status = 200, description = "one service per sector", content((Vec<hazard_openapi::open311::Open311Service> = "application/json"), (String = "text/xml")))))]
#[get("/open311/v2/services.{format}")]
pub async fn services(state: web::Data<AppState>, format: web::Path<String>) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let st = state.clone();
    let list = blocking(move || {
        let rows = reference::sectors(&mut *st.conn()?)?;
        Ok(Value::Array(rows.iter().map(|s| service(&s.code, &s.name)).collect()))
    })
    .await;
    respond(f, 200, "services", "service", list)
}
