//! Edit a hazard's descriptive fields (`PATCH /v1/hazards/{id}`).

use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::filing::may_reassign_enterprise;
use hazard_domain::hazard::EventKind;
use hazard_domain::{Actor, Permission};
use hazard_infra::models::HazardRow;
use hazard_openapi::hazards::UpdateHazard;

use super::{bump, check_if_match, etag, load_visible, save, status_of};
use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::lookups::Lookups;

/// Edits an open hazard based on the version named by `if_match` (required, so a phone
/// that was offline never overwrites newer work). Records which fields changed.
pub fn edit(
    st: &AppState,
    actor: &Actor,
    id: &str,
    if_match: Option<&str>,
    cmd: UpdateHazard,
) -> Result<HazardRow, ApiError> {
    actor.may(Permission::EditHazards)?;
    let coordinates = Coordinates::parse_optional(cmd.latitude, cmd.longitude)?;
    if cmd.enterprise_id.is_some() {
        may_reassign_enterprise(actor)?;
    }
    let mut conn = st.conn()?;
    let before = load_visible(&mut conn, actor, id)?;
    let today = st.today();
    let if_match = if_match.ok_or(ApiError::PreconditionRequired)?;
    check_if_match(Some(if_match), &etag(&before, today)?)?;
    let status = status_of(&before)?;
    if !status.is_open() {
        return Err(ApiError::Conflict {
            code: "invalid_transition",
            detail: format!("a {status} hazard is not edited"),
        });
    }
    let mut after = before.clone();
    let mut changed = Vec::new();
    if let Some(t) = cmd.title {
        after.title = t;
        changed.push("title");
    }
    if let Some(d) = cmd.description {
        after.description = d;
        changed.push("description");
    }
    if let Some(a) = cmd.address {
        after.address = a;
        changed.push("address");
    }
    if let Some(c) = coordinates {
        after.latitude = Some(c.latitude());
        after.longitude = Some(c.longitude());
        changed.push("coordinates");
    }
    if let Some(e) = cmd.enterprise_id {
        if let Some(e) = e {
            let mut lookups = Lookups::new(&mut conn);
            lookups.enterprise_in("enterprise_id", e, &before.street_code)?;
            lookups.finish()?;
        }
        after.enterprise_id = e.map(|u| u.to_string());
        changed.push("enterprise_id");
    }
    if let Some(n) = cmd.enterprise_name {
        after.enterprise_name = n;
        changed.push("enterprise_name");
    }
    if changed.is_empty() {
        return Err(ApiError::field("", "nothing to change"));
    }
    let data = serde_json::json!({ "fields": changed });
    let (after, event) = bump(&after, actor, EventKind::Edit, None, data, st.now_naive());
    save(&mut conn, &before, &after, &[event], true, today)?;
    Ok(after)
}
