//! `GET /v1/inspections`.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDateTime;
use hazard_domain::inspection::InspectionKind;
use hazard_infra::repo::inspections::{self, InspectionFilter};
use hazard_infra::DbConnection;
use hazard_openapi::inspections::{Inspection, InspectionListQuery};
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;

use super::view::inspection_dto;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::routes::answer::time_ordered;
use crate::routes::cursor::Keyset;
use crate::state::AppState;

/// Inspections in the caller's jurisdiction, newest first.
#[utoipa::path(
    tag = "inspections",
    security(("bearer" = [])),
    params(InspectionListQuery),
    responses(
        (status = 200, body = Page<Inspection>),
        (status = 400, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/inspections")]
pub async fn list_inspections(
    auth: AuthUser,
    state: web::Data<AppState>,
    query: ValidQuery<InspectionListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let filter = InspectionFilter {
        street: q.street,
        scope: auth.0.scope(),
        enterprise: q.enterprise_id.map(|e| e.to_string()),
        kind: q.kind.map(|k| InspectionKind::from(k).as_str().to_owned()),
        finished: q.finished,
    };
    let load = move |conn: &mut DbConnection, after: Option<(NaiveDateTime, &str)>, n| {
        inspections::list(conn, &filter, after, n)
    };
    time_ordered(&state, (q.cursor, q.limit), load, |r| Keyset::new(r.started_at, &r.id), inspection_dto).await
}
