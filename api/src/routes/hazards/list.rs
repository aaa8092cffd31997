//! `GET /v1/hazards`.

use actix_web::{get, web, HttpResponse};
use hazard_domain::client::Scope;
use hazard_domain::hazard::{Grade, Status};
use hazard_domain::Role;
use hazard_infra::repo::hazards::{self, Cursor, HazardFilter};
use hazard_openapi::clients::HazardView;
use hazard_openapi::hazards::HazardListQuery;
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;

use super::view::{hazard_dtos, views};
use crate::auth::Caller;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::cursor;
use crate::state::AppState;

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
    let after = q.cursor.as_deref().map(cursor::decode).transpose()?;
    let limit = q.limit.unwrap_or(50);
    let mut statuses: Vec<String> = match q.open {
        Some(true) => Status::OPEN.iter().map(|s| s.as_str().to_owned()).collect(),
        Some(false) => vec![Status::Closed.as_str().into(), Status::Invalid.as_str().into()],
        None => vec![],
    };
    if let Some(s) = q.status {
        let s = Status::from(s).as_str().to_owned();
        statuses = if statuses.is_empty() || statuses.contains(&s) { vec![s] } else { vec!["-".into()] };
    }
    let filter = HazardFilter {
        statuses,
        grade: q.grade.map(|g| Grade::from(g).as_str().to_owned()),
        sector: q.sector,
        street: q.street,
        department: q.department,
        overdue: q.overdue.map(|o| (o, today)),
        q: q.q,
        scope_street: match &caller {
            Caller::User(a) if a.role != Role::Enterprise => a.street_code.clone(),
            Caller::User(_) => None,
            Caller::Client(c) => c.street_code.clone(),
        },
        scope_enterprise: match &caller {
            Caller::User(a) if a.role == Role::Enterprise => {
                Some(a.enterprise_id.map(|e| e.to_string()).unwrap_or_else(|| "-".into()))
            }
            _ => None,
        },
        inspection: None,
    };
    let public = match &caller {
        Caller::Client(c) => {
            c.require(Scope::CasesRead)?;
            true
        }
        Caller::User(_) => false,
    };
    let st = state.clone();
    let (items, next_cursor) = blocking(move || {
        let mut conn = st.conn()?;
        let rows = hazards::list(&mut conn, &filter, after.as_ref(), limit + 1)?;
        let has_more = rows.len() as i64 > limit;
        let rows: Vec<_> = rows.into_iter().take(usize::try_from(limit).unwrap_or(50)).collect();
        let next_cursor = if has_more {
            rows.last().map(|r| cursor::encode(&Cursor { created_at: r.created_at, id: r.id.clone() }))
        } else {
            None
        };
        Ok((views(hazard_dtos(&mut conn, rows, today)?, public), next_cursor))
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
