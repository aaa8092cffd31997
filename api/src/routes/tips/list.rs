//! `GET /v1/tips`: the supervisors' queue.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDateTime;
use hazard_infra::repo::tips;
use hazard_infra::DbConnection;
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::{Tip, TipListQuery};

use super::{tip_key, with_photos};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::routes::answer::time_ordered;
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
    let filter = tips::TipFilter { status: q.status, scope: actor.street_scope() };
    let load =
        move |conn: &mut DbConnection, after: Option<(NaiveDateTime, &str)>, n| tips::list(conn, &filter, after, n);
    time_ordered(&state, (q.cursor, q.limit), load, tip_key, with_photos).await
}
