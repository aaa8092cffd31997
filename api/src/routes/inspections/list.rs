//! `GET /v1/inspections`.

use actix_web::{get, web, HttpResponse};
use hazard_domain::inspection::InspectionKind;
use hazard_infra::repo::inspections::{self, InspectionFilter};
use hazard_openapi::inspections::{Inspection, InspectionListQuery};
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;

use super::view::inspection_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::cursor::{page_of, Keyset};
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
    let actor = auth.0;
    let after = q.cursor.as_deref().map(Keyset::decode).transpose()?;
    let filter = InspectionFilter {
        street: q.street,
        scope: actor.scope(),
        enterprise: q.enterprise_id.map(|e| e.to_string()),
        kind: q.kind.map(|k| InspectionKind::from(k).as_str().to_owned()),
        finished: q.finished,
    };
    let limit = q.limit.unwrap_or(50);
    let st = state.clone();
    let page = blocking(move || {
        let mut conn = st.conn()?;
        let rows = inspections::list(&mut conn, &filter, after.as_ref().map(|k| (k.at, k.id.as_str())), limit + 1)?;
        let (rows, next_cursor) = page_of(rows, limit, |r| Keyset::new(r.started_at, &r.id).encode());
        let items = rows.into_iter().map(|r| inspection_dto(&mut conn, r)).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
