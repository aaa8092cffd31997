//! `/v1/hazards`: filing, reading, the timeline and lifecycle transitions.

pub mod create;
pub mod events;
pub mod get;
pub mod list;
pub mod transition;
pub mod update;
pub mod view;

use actix_web::http::header::{self, HeaderMap};
use hazard_domain::client::Client;
use hazard_domain::hazard::EventKind;
use hazard_domain::Actor;
use hazard_infra::models::{HazardRow, NewEvent};
use hazard_infra::repo::hazards;
use hazard_infra::DbConnection;

use crate::error::ApiError;

/// Loads a hazard the actor may see; anything else is a 404 so existence does not leak.
pub fn load_visible(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<HazardRow, ApiError> {
    let row = hazards::get(conn, id)?.ok_or_else(|| ApiError::NotFound("no such hazard".into()))?;
    let state = view::state_of(&row)?;
    if actor.can_see(state.jurisdiction()) {
        Ok(row)
    } else {
        Err(ApiError::NotFound("no such hazard".into()))
    }
}

/// Loads a hazard for a third-party client: within its street restriction, else 404.
pub fn load_for_client(conn: &mut DbConnection, client: &Client, id: &str) -> Result<HazardRow, ApiError> {
    let row = hazards::get(conn, id)?.ok_or_else(|| ApiError::NotFound("no such hazard".into()))?;
    match &client.street_code {
        Some(s) if *s != row.street_code => Err(ApiError::NotFound("no such hazard".into())),
        _ => Ok(row),
    }
}

/// A hazard one version on, with an event saying why, for changes that keep its status
/// (edits, photos, listings, enforcement).
pub fn bump(
    before: &HazardRow,
    actor: &Actor,
    kind: EventKind,
    note: Option<String>,
    data: serde_json::Value,
    now: chrono::NaiveDateTime,
) -> (HazardRow, NewEvent) {
    let mut after = before.clone();
    after.version += 1;
    after.updated_at = now;
    let event = NewEvent {
        hazard_id: before.id.clone(),
        action: kind.as_str().into(),
        actor_id: Some(actor.user_id.to_string()),
        actor_role: Some(actor.role.as_str().into()),
        from_status: Some(before.status.clone()),
        to_status: before.status.clone(),
        note,
        data: Some(data.to_string()),
        created_at: now,
    };
    (after, event)
}

/// The ETag of a hazard representation: its version and its derived overdue flag.
pub fn etag(version: i64, overdue: bool) -> String {
    format!("\"{version}-{}\"", u8::from(overdue))
}

/// `If-Match`: `Ok(())` when absent, `*`, or naming the current ETag.
pub fn check_if_match(headers: &HeaderMap, current: &str) -> Result<(), ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(()) };
    let value = value.to_str().unwrap_or("");
    if value.trim() == "*" || value.split(',').any(|t| t.trim() == current) {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed { current_etag: current.to_owned() })
    }
}
