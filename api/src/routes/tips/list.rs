//! `GET /v1/tips`: the supervisors' queue.

use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::tips;
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::{Tip, TipListQuery};

use super::with_photos;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::cursor::{page_of, Keyset};
use crate::state::AppState;

/// Tips, newest first (supervisors). Never shows who sent them.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(TipListQuery),
    responses(
        (status = 200, body = Page<Tip>),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/tips")]
pub async fn list_tips(
    auth: AuthUser,
    state: web::Data<AppState>,
    query: ValidQuery<TipListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    actor.may(hazard_domain::Permission::HandleTips)?;
    let q = query.0;
    let after = q.cursor.as_deref().map(Keyset::decode).transpose()?;
    let filter = tips::TipFilter { status: q.status, scope: actor.street_scope() };
    let limit = q.limit.unwrap_or(50);
    let st = state.clone();
    let page = blocking(move || {
        let mut conn = st.conn()?;
        let rows = tips::list(&mut conn, &filter, after.as_ref().map(|k| (k.at, k.id.as_str())), limit + 1)?;
        let (rows, next_cursor) = page_of(rows, limit, |r| Keyset::new(r.created_at, &r.id).encode());
        let items = rows.into_iter().map(|r| with_photos(&mut conn, r)).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
