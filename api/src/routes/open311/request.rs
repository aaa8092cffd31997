//! `GET /open311/v2/requests/{id}.{format}`: one service request.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::common::{format_of, header_client};
use super::render::respond;
use super::search::{search, Params};
use crate::error::blocking;
use crate::state::AppState;

/// `GET /open311/v2/requests/{service_request_id}.{format}`.
#[utoipa::path(tag = "open311", params(("service_request_id" = String, Path), ("format" = String, Path, description = "json or xml")), responses((status = 200, description = "one service request, in an array"), (status = 404, description = "unknown request")))]
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
        Err(e) => return e,
    };
    let (st, q, header) = (state.clone(), query.into_inner(), header_client(&req));
    respond(f, 200, "service_requests", "request", blocking(move || search(&st, header, &q, Some(id))).await)
}
