//! The lifecycle state machine (闭环整改). `decide` is the single place that says whether an
//! action is allowed and what it changes; persistence only records its decision.

use chrono::NaiveDate;

pub use super::action::{Action, CriterionRef, Decision, EventKind, HazardState, MAX_NOTE_CHARS};
use crate::actor::Actor;
use crate::error::{DomainError, FieldError};
use crate::hazard::{Grade, RectificationPlan, Status};
use crate::role::Role;
fn text(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, "must not be blank"));
    } else if value.chars().count() > MAX_NOTE_CHARS {
        errors.push(FieldError::new(field, format!("must be at most {MAX_NOTE_CHARS} characters")));
    }
}

fn not_past(field: &str, date: NaiveDate, today: NaiveDate, errors: &mut Vec<FieldError>) {
    if date < today {
        errors.push(FieldError::new(field, format!("must not be before today ({today})")));
    }
}

fn finish(errors: Vec<FieldError>) -> Result<(), DomainError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Validation(errors))
    }
}

/// Sends a hazard back to its owner (a rejected review or a reopening): rectifying
/// again, no pending submission, and the new deadline when one was given.
fn back_to_rectifying(next: &mut HazardState, deadline: Option<NaiveDate>) {
    next.status = Status::Rectifying;
    next.last_submitted_by = None;
    if deadline.is_some() {
        next.deadline = deadline;
    }
}

/// Checks that a grade cites a matching criterion exactly when it is major: the one
/// home of the grading basis, for filing, verifying a tip and regrading alike.
pub fn check_basis(grade: Grade, criterion: Option<&CriterionRef>, sector: &str) -> Result<(), DomainError> {
    match (grade, criterion) {
        (Grade::Major, None) => {
            Err(DomainError::field("criterion_code", "a major hazard must cite a major-hazard criterion (判定依据)"))
        }
        (Grade::General, Some(_)) => Err(DomainError::field("criterion_code", "only a major hazard cites a criterion")),
        (_, Some(c)) if c.sector != sector => Err(DomainError::field(
            "criterion_code",
            format!("criterion `{}` belongs to sector `{}`, not `{sector}`", c.code, c.sector),
        )),
        _ => Ok(()),
    }
}

/// Decides whether `actor` may apply `action` to a hazard in `state` today (district
/// time), and what follows. Checks, in order: visibility, role, status, then the
/// action's own rules and input.
pub fn decide(state: &HazardState, actor: &Actor, action: Action, today: NaiveDate) -> Result<Decision, DomainError> {
    admissible(state, actor, &action)?;
    let event = action.event_kind();
    let mut next = state.clone();
    let mut errors = Vec::new();
    let note = match action {
        Action::Assign { department_code, responsible_party, deadline, rectification_plan } => {
            text("department_code", &department_code, &mut errors);
            text("responsible_party", &responsible_party, &mut errors);
            not_past("deadline", deadline, today, &mut errors);
            finish(errors)?;
            next.status = Status::Rectifying;
            next.department_code = Some(department_code);
            next.responsible_party = Some(responsible_party);
            next.deadline = Some(deadline);
            if rectification_plan.is_some() {
                next.plan = rectification_plan;
            }
            None
        }
        Action::Submit { note, rectification_plan } => {
            text("note", &note, &mut errors);
            finish(errors)?;
            require_after_photo(state)?;
            if rectification_plan.is_some() {
                next.plan = rectification_plan;
            }
            require_plan(&next)?;
            next.status = Status::PendingReview;
            next.last_submitted_by = Some(actor.user_id);
            Some(note)
        }
        Action::Approve { note } => {
            if let Some(n) = &note {
                text("note", n, &mut errors);
            }
            finish(errors)?;
            require_plan(state)?;
            next.status = Status::Closed;
            note
        }
        Action::Reject { reason, deadline } => {
            text("reason", &reason, &mut errors);
            if let Some(d) = deadline {
                not_past("deadline", d, today, &mut errors);
            }
            finish(errors)?;
            back_to_rectifying(&mut next, deadline);
            Some(reason)
        }
        Action::CloseOnSite { note } => {
            text("note", &note, &mut errors);
            finish(errors)?;
            require_after_photo(state)?;
            next.status = Status::Closed;
            Some(note)
        }
        Action::Invalidate { reason } => {
            text("reason", &reason, &mut errors);
            finish(errors)?;
            next.status = Status::Invalid;
            Some(reason)
        }
        Action::Regrade { grade, criterion, reason } => {
            if let Some(r) = &reason {
                text("reason", r, &mut errors);
            }
            let downgrade = state.grade == Grade::Major && grade == Grade::General;
            if downgrade && actor.role != Role::Supervisor {
                return Err(DomainError::Forbidden("only a supervisor may downgrade a major hazard".into()));
            }
            if downgrade && reason.is_none() {
                errors.push(FieldError::new("reason", "a reason is required to downgrade a major hazard"));
            }
            finish(errors)?;
            check_basis(grade, criterion.as_ref(), &state.sector)?;
            let criterion_code = criterion.map(|c| c.code);
            if grade == state.grade && criterion_code == state.criterion_code {
                return Err(DomainError::field("grade", "the hazard already has this grade and criterion"));
            }
            next.grade = grade;
            next.criterion_code = criterion_code;
            reason
        }
        Action::Extend { deadline, reason } => {
            text("reason", &reason, &mut errors);
            let floor = state.deadline.map_or(today, |d| d.max(today));
            if deadline <= floor {
                errors.push(FieldError::new("deadline", format!("must be later than {floor}")));
            }
            finish(errors)?;
            next.deadline = Some(deadline);
            Some(reason)
        }
        Action::Reopen { reason, deadline } => {
            text("reason", &reason, &mut errors);
            match deadline {
                Some(d) => not_past("deadline", d, today, &mut errors),
                None if state.deadline.is_none_or(|d| d < today) => errors.push(FieldError::new(
                    "deadline",
                    "required: the hazard has no current deadline to reopen against",
                )),
                None => {}
            }
            finish(errors)?;
            back_to_rectifying(&mut next, deadline);
            Some(reason)
        }
    };
    Ok(Decision { next, event, note })
}

/// The checks that do not depend on what the caller typed: visibility, role, status,
/// reviewer ≠ submitter and who reviews a major hazard, no on-site closing of a major
/// hazard. [`decide`] runs them first; [`offered`] asks them of every action.
fn admissible(state: &HazardState, actor: &Actor, action: &Action) -> Result<(), DomainError> {
    if !actor.can_see(state.jurisdiction()) {
        return Err(DomainError::Forbidden("this hazard is outside your jurisdiction".into()));
    }
    if !action.allowed_roles().contains(&actor.role) {
        return Err(DomainError::Forbidden(format!(
            "a {} may not {} a hazard",
            actor.role,
            action.event_kind().as_str()
        )));
    }
    if !action.allowed_from().contains(&state.status) {
        return Err(DomainError::InvalidTransition(format!(
            "cannot {} a hazard that is {}",
            action.event_kind().as_str(),
            state.status
        )));
    }
    match action {
        Action::Approve { .. } | Action::Reject { .. } => check_reviewer(state, actor),
        Action::CloseOnSite { .. } if state.grade == Grade::Major => Err(DomainError::InvalidTransition(
            "a major hazard cannot be closed on site; it needs rectification and review".into(),
        )),
        _ => Ok(()),
    }
}

/// The lifecycle actions `actor` may start on a hazard in `state` now, in a form's
/// order: what a console offers as buttons. Each passed the same checks as [`decide`]
/// but for the input the action itself needs (a reason, a later deadline, an `after`
/// photo, a complete plan), which [`decide`] judges when the form is sent.
pub fn offered(state: &HazardState, actor: &Actor) -> Vec<EventKind> {
    let day = NaiveDate::MIN;
    let probes = [
        Action::Assign {
            department_code: String::new(),
            responsible_party: String::new(),
            deadline: day,
            rectification_plan: None,
        },
        Action::Submit { note: String::new(), rectification_plan: None },
        Action::Approve { note: None },
        Action::Reject { reason: String::new(), deadline: None },
        Action::CloseOnSite { note: String::new() },
        Action::Invalidate { reason: String::new() },
        Action::Regrade { grade: state.grade, criterion: None, reason: None },
        Action::Extend { deadline: day, reason: String::new() },
        Action::Reopen { reason: String::new(), deadline: None },
    ];
    probes.iter().filter(|a| admissible(state, actor, a).is_ok()).map(Action::event_kind).collect()
}

fn check_reviewer(state: &HazardState, actor: &Actor) -> Result<(), DomainError> {
    if state.last_submitted_by == Some(actor.user_id) {
        return Err(DomainError::Forbidden("the reviewer must not be the submitter (复查人不得为提交人)".into()));
    }
    if state.grade == Grade::Major && actor.role != Role::Supervisor {
        return Err(DomainError::Forbidden("only a supervisor may review a major hazard".into()));
    }
    Ok(())
}

fn require_after_photo(state: &HazardState) -> Result<(), DomainError> {
    if state.after_photos == 0 {
        Err(DomainError::PhotoRequired("upload at least one `after` photo as evidence first".into()))
    } else {
        Ok(())
    }
}

fn require_plan(state: &HazardState) -> Result<(), DomainError> {
    if state.grade != Grade::Major {
        return Ok(());
    }
    let missing = state.plan.as_ref().map_or_else(|| RectificationPlan::default().missing(), |p| p.missing());
    if missing.is_empty() {
        Ok(())
    } else {
        Err(DomainError::PlanIncomplete(missing))
    }
}

#[cfg(test)]
#[path = "lifecycle_tests/mod.rs"]
mod tests;
