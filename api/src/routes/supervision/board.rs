//! `GET /v1/supervisions`: the supervision board.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use hazard_domain::hazard::{Grade, Status};
use hazard_domain::supervision::Level;
use hazard_domain::Permission;
use hazard_infra::repo::supervisions::{self, SupervisionFilter};
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;
use hazard_openapi::supervision::{SupervisionListQuery, SupervisionRow};

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::cursor::{self, page_of};
use crate::routes::hazards::view::supervision_dto;
use crate::state::AppState;

/// Listings sorted by deadline, each with its hazard's code, grade, status and days
/// overdue (supervisors; street supervisors see their street).
#[utoipa::path(
    tag = "supervision",
    security(("bearer" = [])),
    params(SupervisionListQuery),
    responses(
        (status = 200, body = Page<SupervisionRow>),
        (status = 400, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "forbidden: supervisors and administrators only", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/supervisions")]
pub async fn supervision_board(
    auth: AuthUser,
    state: web::Data<AppState>,
    query: ValidQuery<SupervisionListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    actor.may(Permission::ReadBoard)?;
    let q = query.0;
    let today = state.today();
    let after: Option<(NaiveDate, String)> = q.cursor.as_deref().map(cursor::decode).transpose()?;
    let filter = SupervisionFilter {
        status: q.status,
        level: q.level.map(|l| Level::from(l).as_str().to_owned()),
        street: q.street,
        scope: actor.register_scope(),
        department: q.department,
        overdue_on: (q.overdue == Some(true)).then_some(today),
    };
    let limit = q.limit.unwrap_or(50);
    let st = state.clone();
    let rows = blocking(move || {
        Ok(supervisions::list(&mut *st.conn()?, &filter, after.as_ref().map(|(d, i)| (*d, i.as_str())), limit + 1)?)
    })
    .await?;
    let (rows, next_cursor) = page_of(rows, limit, |(s, _)| cursor::encode(&(s.deadline, &s.id)));
    let items = rows
        .into_iter()
        .map(|(s, h)| {
            let days_overdue = if s.status == "active" { (today - s.deadline).num_days().max(0) } else { 0 };
            Ok(SupervisionRow {
                supervision: supervision_dto(s, today)?,
                hazard_code: h.code,
                hazard_title: h.title,
                hazard_grade: h.grade.parse::<Grade>().map_err(ApiError::internal)?.into(),
                hazard_status: h.status.parse::<Status>().map_err(ApiError::internal)?.into(),
                street_code: h.street_code,
                days_overdue,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
