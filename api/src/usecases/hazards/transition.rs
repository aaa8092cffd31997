//! Move a hazard through its lifecycle (`POST /v1/hazards/{id}/transitions`).

use hazard_domain::hazard::lifecycle::Action;
use hazard_domain::hazard::{decide, Grade};
use hazard_domain::Actor;
use hazard_infra::models::HazardRow;
use hazard_infra::repo::photos;
use hazard_openapi::hazards::{
    Approve, Assign, CloseOnSite, Extend, Invalidate, Regrade, Reject, Reopen, Submit, TransitionRequest,
};

use super::apply::{apply, changed_fields};
use super::{check_if_match, etag, event, load_visible, save, state_of};
use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::lookups::Lookups;

/// Turns a request into a domain action, looking up what the rules need.
fn action_of(lookups: &mut Lookups<'_>, req: TransitionRequest) -> Result<Action, ApiError> {
    let action = match req {
        TransitionRequest::Assign(Assign { department_code, responsible_party, deadline, rectification_plan }) => {
            lookups.department("department_code", &department_code)?;
            Action::Assign {
                department_code,
                responsible_party,
                deadline,
                rectification_plan: rectification_plan.map(Into::into),
            }
        }
        TransitionRequest::Submit(Submit { note, rectification_plan }) => {
            Action::Submit { note, rectification_plan: rectification_plan.map(Into::into) }
        }
        TransitionRequest::Approve(Approve { note }) => Action::Approve { note },
        TransitionRequest::Reject(Reject { reason, deadline }) => Action::Reject { reason, deadline },
        TransitionRequest::CloseOnSite(CloseOnSite { note }) => Action::CloseOnSite { note },
        TransitionRequest::Invalidate(Invalidate { reason }) => Action::Invalidate { reason },
        TransitionRequest::Regrade(Regrade { grade, criterion_code, reason }) => {
            let criterion = lookups.criterion("criterion_code", criterion_code.as_deref())?;
            Action::Regrade { grade: Grade::from(grade), criterion, reason }
        }
        TransitionRequest::Extend(Extend { deadline, reason }) => Action::Extend { deadline, reason },
        TransitionRequest::Reopen(Reopen { reason, deadline }) => Action::Reopen { reason, deadline },
    };
    Ok(action)
}

/// Applies `request` to hazard `id` as `actor`, if the hazard is still at the version
/// named by `if_match` (when given). The action and its event are saved together.
pub fn transition(
    st: &AppState,
    actor: &Actor,
    id: &str,
    if_match: Option<&str>,
    request: TransitionRequest,
) -> Result<HazardRow, ApiError> {
    let mut conn = st.conn()?;
    let before = load_visible(&mut conn, actor, id)?;
    let today = st.today();
    check_if_match(if_match, &etag(&before, today)?)?;
    let mut lookups = Lookups::new(&mut conn);
    let action = action_of(&mut lookups, request)?;
    lookups.finish()?;
    let mut facts = state_of(&before)?;
    facts.after_photos = u32::try_from(photos::after_count(&mut conn, &before.id)?).unwrap_or(u32::MAX);
    let decision = decide(&facts, actor, action, today)?;
    let now = st.now_naive();
    let after = apply(&before, &decision, now)?;
    let mut entry = event(actor, &before.id, decision.event, Some(&before.status), &after.status, now);
    entry.note = decision.note.clone();
    entry.data = changed_fields(&decision, &before).map(|d| d.to_string());
    save(&mut conn, &before, &after, &[entry], if_match.is_some(), today)?;
    Ok(after)
}
