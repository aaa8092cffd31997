//! `GET /open311/v2/requests/{id}.{format}`: one service request.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::common::{format_of, header_client};
use super::render::respond;
use super::search::{search, Params};
use crate::error::blocking;
use crate::state::AppState;

/// `GET /open311/v2/requests/{service_request_id}.{format}` (an `api_key` with
/// `cases:read`, or none where `HAZARD_OPEN311_PUBLIC_READ=true`).
#[utoipa::path(tag = "open311", params(("id" = String, Path, description = "the service_request_id"), ("format" = hazard_openapi::open311::Open311Format, Path, description = "json or xml"), hazard_openapi::open311::Open311KeyQuery), security((), ("api_key" = [])), responses((status = 200, description = "one service request, in an array", content((Vec<hazard_openapi::open311::Open311Request> = "application/json"), (String = "text/xml"))), (status = 403, description = "missing or invalid api_key"), (status = 404, description = "unknown request"), (status = 429, description = "the api_key's rate limit, or the address's public reads, are spent")))]
#[get("/open311/v2/requests/{id}.{format}")]
pub async fn get_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<Params>,
) -> HttpResponse {
    let (id, format) = path.into_inner();
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let (st, q, header, address) =
        (state.clone(), query.into_inner(), header_client(&req), crate::client_addr::of(&req));
    respond(f, 200, "service_requests", "request", blocking(move || search(&st, header, &address, &q, Some(id))).await)
}
