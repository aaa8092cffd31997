//! `GET /v1/enterprises`.

use actix_web::{get, web, HttpResponse};
use hazard_domain::enterprise::RiskClass;
use hazard_infra::repo::enterprises::{self, EnterpriseFilter};
use hazard_openapi::enterprises::{Enterprise, EnterpriseListQuery};
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;

use super::view::enterprise_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::cursor::{self, page_of};
use crate::state::AppState;

/// Enterprises in the caller's jurisdiction, by name; `priority=true` for the C/D list.
#[utoipa::path(
    tag = "enterprises",
    security(("bearer" = [])),
    params(EnterpriseListQuery),
    responses(
        (status = 200, body = Page<Enterprise>),
        (status = 400, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/enterprises")]
pub async fn list_enterprises(
    auth: AuthUser,
    state: web::Data<AppState>,
    query: ValidQuery<EnterpriseListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let actor = auth.0;
    let after: Option<(String, String)> = q.cursor.as_deref().map(cursor::decode).transpose()?;
    let Some(classes) = RiskClass::selection(q.risk_class.map(RiskClass::from), q.priority == Some(true)) else {
        return Ok(HttpResponse::Ok().json(Page::<Enterprise> { items: vec![], next_cursor: None }));
    };
    let filter = EnterpriseFilter {
        street: q.street,
        scope: actor.register_scope(),
        sector: q.sector,
        risk_classes: classes.iter().map(|c| c.as_str().to_owned()).collect(),
        q: q.q,
    };
    let limit = q.limit.unwrap_or(50);
    let st = state.clone();
    let (rows, figures) = blocking(move || {
        let mut conn = st.conn()?;
        let rows =
            enterprises::list(&mut conn, &filter, after.as_ref().map(|(n, i)| (n.as_str(), i.as_str())), limit + 1)?;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        Ok((rows, enterprises::figures(&mut conn, &ids)?))
    })
    .await?;
    let (rows, next_cursor) = page_of(rows, limit, |r| cursor::encode(&(&r.name, &r.id)));
    let items = rows
        .into_iter()
        .map(|r| {
            let (open, last) = figures.iter().find(|(id, _, _)| *id == r.id).map_or((0, None), |(_, n, t)| (*n, *t));
            enterprise_dto(r, open, last)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
