//! `GET /v1/hazards`.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use hazard_domain::client::Scope;
use hazard_domain::hazard::status::selection;
use hazard_domain::hazard::{Grade, Status};
use hazard_domain::RowScope;
use hazard_infra::repo::hazards::{self, Cursor, HazardFilter};
use hazard_openapi::clients::HazardView;
use hazard_openapi::hazards::HazardListQuery;
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;

use super::list_json::ListPage;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::routes::cursor::Keyset;
use crate::routes::json_body::ok_json;
use crate::state::{AppState, Conn};
use crate::worker_read::read;

/// The list's filter for query `q` within `scope` on district date `today`; `None` when
/// the query contradicts itself (`open=true&status=closed`: nothing can match). The web
/// console's list and map use it too.
pub fn filter_of(q: HazardListQuery, scope: RowScope, today: NaiveDate) -> Option<HazardFilter> {
    let statuses = selection(q.open, q.status.map(Status::from))?;
    Some(HazardFilter {
        statuses: statuses.iter().map(|s| s.as_str().to_owned()).collect(),
        grade: q.grade.map(|g| Grade::from(g).as_str().to_owned()),
        sector: q.sector,
        street: q.street,
        department: q.department,
        overdue: q.overdue.map(|o| (o, today)),
        q: q.q,
        scope,
        inspection: None,
    })
}

/// Hazards in the caller's jurisdiction, newest first, filtered, with keyset paging:
/// pass `next_cursor` back as `cursor` until it is `null`. No page repeats or skips a
/// hazard, even while new ones are filed.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = []), ("api_key" = [])),
    params(HazardListQuery),
    responses(
        (status = 200, description = "staff get `Hazard`, API clients `PublicHazard`", body = Page<HazardView>),
        (status = 400, description = "validation_failed: a bad parameter or cursor", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/hazards")]
pub async fn list_hazards(
    caller: Caller,
    state: web::Data<AppState>,
    query: ValidQuery<HazardListQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let today = state.today();
    let after = q.cursor.as_deref().map(Keyset::decode).transpose()?;
    let limit = q.limit.unwrap_or(50);
    let (scope, public) = match &caller {
        Caller::Client(c) => {
            c.require(Scope::CasesRead)?;
            (c.scope(), true)
        }
        Caller::User(a) => (a.scope(), false),
    };
    let searches = q.q.is_some();
    let Some(filter) = filter_of(q, scope, today) else {
        return Ok(HttpResponse::Ok().json(Page::<HazardView> { items: vec![], next_cursor: None }));
    };
    let after = after.map(|k| Cursor { created_at: k.at, id: k.id });
    let page = move |conn: &mut Conn| {
        let mut page = ListPage::new(limit, public, today);
        hazards::each_listed(conn, &filter, after.as_ref(), limit + 1, |row| page.push(row))?;
        page.finish(conn)
    };
    // A page without substring search is an index walk of at most `limit + 1` rows: cheap
    // enough to run on the worker. A search can scan the table, so it never does.
    let body = read(&state, !searches, page).await?;
    Ok(ok_json(body))
}
