//! `GET /v1/enterprises`.

use actix_web::{get, web, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hazard_domain::enterprise::RiskClass;
use hazard_domain::Role;
use hazard_infra::repo::enterprises::{self, EnterpriseFilter};
use hazard_openapi::enterprises::{Enterprise, EnterpriseListQuery};
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;

use super::view::enterprise_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::cursor::bad_cursor;
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
    let after = match &q.cursor {
        None => None,
        Some(c) => {
            let raw = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad_cursor())?;
            let text = String::from_utf8(raw).map_err(|_| bad_cursor())?;
            let (name, id) = text.rsplit_once('\u{1f}').ok_or_else(bad_cursor)?;
            Some((name.to_owned(), id.to_owned()))
        }
    };
    let mut classes: Vec<String> = q.risk_class.map(|c| RiskClass::from(c).as_str().to_owned()).into_iter().collect();
    if q.priority == Some(true) {
        let priority: Vec<String> =
            RiskClass::ALL.iter().filter(|c| c.is_priority()).map(|c| c.as_str().to_owned()).collect();
        classes =
            if classes.is_empty() { priority } else { classes.into_iter().filter(|c| priority.contains(c)).collect() };
        if classes.is_empty() {
            classes.push("-".into());
        }
    }
    let filter = EnterpriseFilter {
        street: q.street,
        scope_street: if actor.role == Role::Enterprise { None } else { actor.street_code.clone() },
        scope_id: (actor.role == Role::Enterprise)
            .then(|| actor.enterprise_id.map_or_else(|| "-".to_owned(), |e| e.to_string())),
        sector: q.sector,
        risk_classes: classes,
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
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<_> = rows.into_iter().take(usize::try_from(limit).unwrap_or(50)).collect();
    let next_cursor =
        if has_more { rows.last().map(|r| URL_SAFE_NO_PAD.encode(format!("{}\u{1f}{}", r.name, r.id))) } else { None };
    let items = rows
        .into_iter()
        .map(|r| {
            let (open, last) = figures.iter().find(|(id, _, _)| *id == r.id).map_or((0, None), |(_, n, t)| (*n, *t));
            enterprise_dto(r, open, last)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
