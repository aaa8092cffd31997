//! `GET /open311/v2/requests.{format}`: hazards as service requests.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::common::{format_of, header_client};
use super::render::respond;
use super::search::{search, Params};
use crate::error::blocking;
use crate::state::AppState;

/// `GET /open311/v2/requests.{format}`: hazards as service requests (needs an `api_key`
/// with `cases:read`, or none where the district sets `HAZARD_OPEN311_PUBLIC_READ=true`:
/// then anyone reads the same redacted view, at a per-address rate limit); filters `service_request_id`, `service_code`, `start_date`,
/// `end_date`, `status`, and the `page`/`page_size`/`updated_after` extensions.
#[utoipa::path(tag = "open311", params(("format" = hazard_openapi::open311::Open311Format, Path, description = "json or xml"), hazard_openapi::open311::Open311RequestsQuery), security((), ("api_key" = [])), responses((status = 200, description = "service requests, newest first", content((Vec<hazard_openapi::open311::Open311Request> = "application/json"), (String = "text/xml"))), (status = 400, description = "a bad parameter"), (status = 403, description = "missing or invalid api_key"), (status = 429, description = "the api_key's rate limit, or the address's public reads, are spent")))]
#[get("/open311/v2/requests.{format}")]
pub async fn list_requests(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
    query: web::Query<Params>,
) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let (st, q, header, address) =
        (state.clone(), query.into_inner(), header_client(&req), crate::client_addr::of(&req));
    respond(f, 200, "service_requests", "request", blocking(move || search(&st, header, &address, &q, None)).await)
}
