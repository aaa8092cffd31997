//! `GET /v1/hazards/{id}`.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use hazard_domain::client::Scope;
use hazard_openapi::clients::HazardView;
use hazard_openapi::problem::Problem;

use super::view::{hazard_full, views};
use crate::auth::Caller;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use crate::usecases::hazards::{etag, load_for_client, load_visible};

/// One hazard, with its `ETag`; `If-None-Match` with the current ETag answers 304.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    responses(
        (status = 200, description = "staff get `Hazard`, API clients `PublicHazard`", body = HazardView, headers(("ETag" = String))),
        (status = 304, description = "not modified"),
        (status = 404, description = "not_found (also outside your jurisdiction)", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/hazards/{id}")]
pub async fn get_hazard(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if let Caller::Client(c) = &caller {
        c.require(Scope::CasesRead)?;
    }
    let id = path_uuid(&id, "hazard")?.to_string();
    let st = state.clone();
    let today = state.today();
    let (row, dto) = blocking(move || {
        let mut conn = st.conn()?;
        let (row, public) = match &caller {
            Caller::User(actor) => (load_visible(&mut conn, actor, &id)?, false),
            Caller::Client(client) => (load_for_client(&mut conn, client, &id)?, true),
        };
        let dto = views(vec![hazard_full(&mut conn, row.clone(), today)?], public);
        Ok((row, dto.into_iter().next()))
    })
    .await?;
    let tag = etag(&row, today)?;
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if fresh {
        return Ok(HttpResponse::NotModified().insert_header(("ETag", tag)).finish());
    }
    Ok(HttpResponse::Ok().insert_header(("ETag", tag)).json(dto))
}
