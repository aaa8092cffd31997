//! Hazard use cases and the facts they share: loading a hazard the caller may see, its
//! domain state, and saving a change with its event.

pub mod apply;
pub mod edit;
pub mod file;
pub mod new;
pub mod transition;

use chrono::{NaiveDate, NaiveDateTime};
use hazard_domain::client::Client;
use hazard_domain::hazard::{EventKind, HazardState, RectificationPlan, Status};
use hazard_domain::Actor;
use hazard_infra::models::{HazardRow, NewEvent};
use hazard_infra::repo::hazards;
use hazard_infra::{DbConnection, InfraError};

use crate::convert::stored_uuid;
use crate::error::ApiError;

fn no_such_hazard() -> ApiError {
    ApiError::NotFound("no such hazard".into())
}

/// Loads a hazard the actor may see; anything else is a 404 so existence does not leak.
pub fn load_visible(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<HazardRow, ApiError> {
    let row = hazards::get(conn, id)?.ok_or_else(no_such_hazard)?;
    if actor.scope().admits(&row.street_code, row.enterprise()?) {
        Ok(row)
    } else {
        Err(no_such_hazard())
    }
}

/// Loads a hazard for a third-party client: within its street restriction, else 404.
pub fn load_for_client(conn: &mut DbConnection, client: &Client, id: &str) -> Result<HazardRow, ApiError> {
    let row = hazards::get(conn, id)?.ok_or_else(no_such_hazard)?;
    if client.scope().admits(&row.street_code, None) {
        Ok(row)
    } else {
        Err(no_such_hazard())
    }
}

/// What is attached to a hazard the actor may see (photos, timeline, enforcement), read
/// by `read` with the hazard's id; a hazard outside the actor's scope is a 404.
pub fn attached<T>(
    st: &crate::state::AppState,
    actor: &Actor,
    id: &str,
    read: impl FnOnce(&mut DbConnection, &str) -> Result<T, InfraError>,
) -> Result<T, ApiError> {
    let mut conn = st.conn()?;
    load_visible(&mut conn, actor, id)?;
    Ok(read(&mut conn, id)?)
}

/// The stored status.
pub fn status_of(row: &HazardRow) -> Result<Status, ApiError> {
    Ok(row.status()?)
}

/// The stored plan, if any.
pub fn plan_of(row: &HazardRow) -> Result<Option<RectificationPlan>, ApiError> {
    parse_plan(row.rectification_plan.as_deref())
}

/// A plan as stored (JSON in `hazards.rectification_plan`), if any.
pub fn parse_plan(stored: Option<&str>) -> Result<Option<RectificationPlan>, ApiError> {
    stored
        .map(serde_json::from_str::<RectificationPlan>)
        .transpose()
        .map_err(|e| ApiError::internal(format!("stored plan: {e}")))
}

/// The facts the lifecycle rules need (`after_photos` is left at 0: the transition use
/// case counts the photos).
pub fn state_of(row: &HazardRow) -> Result<HazardState, ApiError> {
    Ok(HazardState {
        status: status_of(row)?,
        grade: row.grade()?,
        criterion_code: row.criterion_code.clone(),
        sector: row.sector.clone(),
        street_code: row.street_code.clone(),
        enterprise_id: row.enterprise()?,
        department_code: row.department_code.clone(),
        responsible_party: row.responsible_party.clone(),
        deadline: row.deadline,
        plan: plan_of(row)?,
        last_submitted_by: row.last_submitted_by.as_deref().map(stored_uuid).transpose()?,
        after_photos: 0,
    })
}

/// Whether the hazard is overdue on district date `today`.
pub fn overdue(row: &HazardRow, today: NaiveDate) -> Result<bool, ApiError> {
    Ok(hazard_domain::deadline::is_overdue(status_of(row)?, row.deadline, today))
}

/// The ETag of a hazard representation: its version and its derived overdue flag.
pub fn etag(row: &HazardRow, today: NaiveDate) -> Result<String, ApiError> {
    Ok(format!("\"{}-{}\"", row.version, u8::from(overdue(row, today)?)))
}

/// `If-Match`: `Ok(())` when absent, `*`, or naming the current ETag.
pub fn check_if_match(if_match: Option<&str>, current: &str) -> Result<(), ApiError> {
    let Some(value) = if_match else { return Ok(()) };
    if value.trim() == "*" || value.split(',').any(|t| t.trim() == current) {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed { current_etag: current.to_owned() })
    }
}

/// The timeline entry for `actor`'s change of hazard `hazard_id` from status `from` to
/// `to` (no note, no data: callers add theirs).
pub fn event(
    actor: &Actor,
    hazard_id: &str,
    kind: EventKind,
    from: Option<&str>,
    to: &str,
    now: NaiveDateTime,
) -> NewEvent {
    NewEvent {
        hazard_id: hazard_id.to_owned(),
        action: kind.as_str().into(),
        actor_id: Some(actor.user_id.to_string()),
        actor_role: Some(actor.role.as_str().into()),
        from_status: from.map(str::to_owned),
        to_status: to.to_owned(),
        note: None,
        data: None,
        created_at: now,
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
    now: NaiveDateTime,
) -> (HazardRow, NewEvent) {
    let mut after = before.clone();
    after.version += 1;
    after.updated_at = now;
    let mut event = event(actor, &before.id, kind, Some(&before.status), &before.status, now);
    event.note = note;
    event.data = Some(data.to_string());
    (after, event)
}

/// Saves a change read at `before`. A lost race is a 412 with the current ETag when the
/// caller sent `If-Match` (it based the change on a version), else a 409 to retry.
pub fn save(
    conn: &mut DbConnection,
    before: &HazardRow,
    after: &HazardRow,
    events: &[NewEvent],
    based_on_etag: bool,
    today: NaiveDate,
) -> Result<(), ApiError> {
    match hazards::update(conn, before, after, events) {
        Ok(()) => Ok(()),
        Err(InfraError::Conflict(_)) if based_on_etag => {
            let current = hazards::get(conn, &before.id)?.ok_or_else(no_such_hazard)?;
            Err(ApiError::PreconditionFailed { current_etag: etag(&current, today)? })
        }
        Err(InfraError::Conflict(_)) => {
            Err(ApiError::conflict("the hazard was changed concurrently; reload and retry"))
        }
        Err(e) => Err(e.into()),
    }
}
