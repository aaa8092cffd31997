//! `GET /v1/sync/hazards`: what changed since the phone last synced.

use actix_web::{get, web, HttpResponse};
use hazard_domain::client::Scope;
use hazard_domain::Permission;
use hazard_infra::repo::changes;
use hazard_infra::repo::hazards;
use hazard_openapi::clients::HazardView;
use hazard_openapi::problem::Problem;
use hazard_openapi::sync::{SyncItem, SyncPage, SyncQuery};

use crate::auth::Caller;
use crate::convert::stored_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::cursor;
use crate::routes::hazards::view::{hazard_dtos, views};
use crate::state::AppState;

fn view_id(v: &HazardView) -> uuid::Uuid {
    match v {
        HazardView::Staff(h) => h.id,
        HazardView::Public(h) => h.id,
    }
}

fn encode(seq: i64) -> String {
    cursor::encode(&(seq,))
}

fn decode(c: &str) -> Result<i64, ApiError> {
    let (seq,): (i64,) = cursor::decode(c)?;
    if seq < 0 {
        return Err(cursor::bad_cursor());
    }
    Ok(seq)
}

/// Every hazard in the caller's scope that changed after `cursor` (created, edited,
/// transitioned, photo added), oldest change first. The cursor is the server's change
/// sequence, not a time, so a phone's clock cannot make it miss anything. A hazard that
/// left the caller's scope comes back as `removed`. Start with no cursor; repeat while
/// `has_more`; keep `next_cursor` for next time.
#[utoipa::path(
    tag = "sync",
    security(("bearer" = []), ("api_key" = [])),
    params(SyncQuery),
    responses(
        (status = 200, body = SyncPage),
        (status = 400, description = "validation_failed: a malformed cursor", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/sync/hazards")]
pub async fn sync_hazards(
    caller: Caller,
    state: web::Data<AppState>,
    query: ValidQuery<SyncQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let after = q.cursor.as_deref().map(decode).transpose()?.unwrap_or(0);
    let limit = q.limit.unwrap_or(200);
    let (scope, public) = match &caller {
        Caller::User(actor) => {
            actor.may(Permission::CaseWork)?;
            (actor.scope(), false)
        }
        Caller::Client(c) => {
            c.require(Scope::CasesRead)?;
            (c.scope(), true)
        }
    };
    let today = state.today();
    let st = state.clone();
    let page = blocking(move || {
        let mut conn = st.conn()?;
        let changed = changes::since(&mut conn, &scope, after, limit + 1)?;
        let has_more = changed.len() as i64 > limit;
        let changed: Vec<_> = changed.into_iter().take(usize::try_from(limit).unwrap_or(200)).collect();
        let ids: Vec<String> = changed.iter().map(|(id, _)| id.clone()).collect();
        let mut visible = Vec::new();
        for row in hazards::by_ids(&mut conn, &ids)? {
            if scope.admits(&row.street_code, row.enterprise()?) {
                visible.push(row);
            }
        }
        let mut dtos = views(hazard_dtos(&mut conn, visible.into_iter().map(Into::into).collect(), today)?, public);
        let mut items = Vec::with_capacity(changed.len());
        for (id, seq) in &changed {
            let uuid = stored_uuid(id)?;
            let hazard = dtos.iter().position(|h| view_id(h) == uuid).map(|i| dtos.swap_remove(i));
            items.push(SyncItem { id: uuid, change_seq: *seq, removed: hazard.is_none(), hazard });
        }
        let next = changed.last().map_or(after, |(_, s)| *s);
        Ok(SyncPage { items, next_cursor: encode(next), has_more })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        assert_eq!(decode(&encode(42)).unwrap(), 42);
        for bad in ["", "42", &cursor::encode(&(-1,)), &cursor::encode(&("x",))] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
