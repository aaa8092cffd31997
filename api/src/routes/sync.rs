//! `GET /v1/sync/hazards`: what changed since the phone last synced.

use actix_web::{get, web, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hazard_domain::client::Scope;
use hazard_domain::Role;
use hazard_infra::repo::changes::{self, SyncScope};
use hazard_infra::repo::hazards;
use hazard_openapi::clients::HazardView;
use hazard_openapi::problem::Problem;
use hazard_openapi::sync::{SyncItem, SyncPage, SyncQuery};

use crate::auth::Caller;
use crate::convert::stored_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::hazards::view::{hazard_dtos, state_of, views};
use crate::state::AppState;

fn view_id(v: &HazardView) -> uuid::Uuid {
    match v {
        HazardView::Staff(h) => h.id,
        HazardView::Public(h) => h.id,
    }
}

fn encode(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("seq:{seq}"))
}

fn decode(cursor: &str) -> Result<i64, ApiError> {
    let bad = || ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid query parameter".into(),
        fields: vec![hazard_domain::FieldError::new("cursor", "not a sync cursor from this API")],
    };
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?).map_err(|_| bad())?;
    text.strip_prefix("seq:").and_then(|n| n.parse::<i64>().ok()).filter(|n| *n >= 0).ok_or_else(bad)
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
            if actor.role == Role::Admin {
                return Err(ApiError::Forbidden("administrators do not sync case work".into()));
            }
            let scope = match (actor.role, &actor.street_code, actor.enterprise_id) {
                (Role::Enterprise, _, Some(e)) => SyncScope::Enterprise(e.to_string()),
                (Role::Enterprise, _, None) => SyncScope::Enterprise("-".into()),
                (_, Some(s), _) => SyncScope::Street(s.clone()),
                (_, None, _) => SyncScope::All,
            };
            (scope, false)
        }
        Caller::Client(c) => {
            c.require(Scope::CasesRead)?;
            (c.street_code.clone().map_or(SyncScope::All, SyncScope::Street), true)
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
            let seen = match &caller {
                Caller::User(actor) => actor.can_see(state_of(&row)?.jurisdiction()),
                Caller::Client(c) => c.street_code.as_ref().is_none_or(|s| *s == row.street_code),
            };
            if seen {
                visible.push(row);
            }
        }
        let mut dtos = views(hazard_dtos(&mut conn, visible, today)?, public);
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
        for bad in ["", "42", "c2VxOi0x", "c2VxOng"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
