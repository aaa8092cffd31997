//! The lifecycle state machine (闭环整改). `decide` is the single place that says whether an
//! action is allowed and what it changes; persistence only records its decision.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::actor::{Actor, Jurisdiction};
use crate::error::{DomainError, FieldError};
use crate::hazard::{Grade, RectificationPlan, Status};
use crate::role::Role;

/// Longest free text accepted in a note or reason.
pub const MAX_NOTE_CHARS: usize = 2000;

/// The facts about a hazard that the rules depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HazardState {
    /// Current status.
    pub status: Status,
    /// Current grade.
    pub grade: Grade,
    /// The catalogue criterion cited as basis (判定依据) for a major grade.
    pub criterion_code: Option<String>,
    /// The hazard's sector; a cited criterion must belong to it.
    pub sector: String,
    /// The street the hazard belongs to.
    pub street_code: String,
    /// The enterprise concerned, if known.
    pub enterprise_id: Option<Uuid>,
    /// Responsible department (责任单位), set on assignment.
    pub department_code: Option<String>,
    /// Responsible party (责任人/单位), set on assignment.
    pub responsible_party: Option<String>,
    /// Rectification deadline (整改期限).
    pub deadline: Option<NaiveDate>,
    /// The 五落实 plan on record.
    pub plan: Option<RectificationPlan>,
    /// Who submitted the current rectification for review; never its reviewer.
    pub last_submitted_by: Option<Uuid>,
    /// How many `after` photos are on record: the evidence submit and close-on-site need.
    pub after_photos: u32,
}

impl HazardState {
    /// The jurisdiction the hazard sits in.
    pub fn jurisdiction(&self) -> Jurisdiction<'_> {
        Jurisdiction { street_code: &self.street_code, enterprise_id: self.enterprise_id }
    }
}

/// A catalogue criterion as the caller found it in reference data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionRef {
    /// The clause code.
    pub code: String,
    /// The sector the clause belongs to.
    pub sector: String,
}

/// What a user asks to do with a hazard.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// reported → rectifying (责令整改).
    Assign {
        /// 责任单位.
        department_code: String,
        /// 责任人/单位.
        responsible_party: String,
        /// 整改期限.
        deadline: NaiveDate,
        /// Optional 五落实 plan, stored as given.
        rectification_plan: Option<RectificationPlan>,
    },
    /// rectifying → pending_review: the party reports it fixed, with evidence.
    Submit {
        /// Evidence of the rectification.
        note: String,
        /// Replaces the plan on record when given.
        rectification_plan: Option<RectificationPlan>,
    },
    /// pending_review → closed (复查通过, 销号).
    Approve {
        /// Review remarks.
        note: Option<String>,
    },
    /// pending_review → rectifying (复查不通过).
    Reject {
        /// Why the rectification is not accepted.
        reason: String,
        /// A new deadline, when the old one no longer fits.
        deadline: Option<NaiveDate>,
    },
    /// reported → closed: fixed during the inspection (立查立改), general hazards only.
    CloseOnSite {
        /// What was done on the spot.
        note: String,
    },
    /// reported|rectifying → invalid (不属实/重复).
    Invalidate {
        /// Why, e.g. "duplicate of YH-2025-000001".
        reason: String,
    },
    /// Change the grade or the cited criterion of an open hazard.
    Regrade {
        /// The new grade.
        grade: Grade,
        /// The criterion cited for a major grade, already looked up by the caller.
        criterion: Option<CriterionRef>,
        /// Required when downgrading a major hazard.
        reason: Option<String>,
    },
    /// A later deadline for a hazard under rectification (延期).
    Extend {
        /// The new, later deadline.
        deadline: NaiveDate,
        /// Why more time is granted.
        reason: String,
    },
    /// closed → rectifying: the hazard came back.
    Reopen {
        /// Why it is reopened.
        reason: String,
        /// A new deadline, when given.
        deadline: Option<NaiveDate>,
    },
}

/// The kind of a timeline event; stored as its snake_case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The hazard was filed.
    Report,
    /// See [`Action::Assign`].
    Assign,
    /// See [`Action::Submit`].
    Submit,
    /// See [`Action::Approve`].
    Approve,
    /// See [`Action::Reject`].
    Reject,
    /// See [`Action::CloseOnSite`].
    CloseOnSite,
    /// See [`Action::Invalidate`].
    Invalidate,
    /// See [`Action::Regrade`].
    Regrade,
    /// See [`Action::Extend`].
    Extend,
    /// See [`Action::Reopen`].
    Reopen,
    /// The deadline passed while under rectification; recorded once per deadline.
    Overdue,
    /// Descriptive fields were edited.
    Edit,
    /// A photo was added.
    Photo,
    /// Listed for supervision (挂牌督办).
    SupervisionListed,
    /// Supervision raised to a higher level (提级).
    SupervisionEscalated,
    /// Supervision lifted (摘牌).
    SupervisionLifted,
    /// The supervision deadline passed.
    SupervisionOverdue,
    /// An enforcement action was recorded.
    Enforcement,
    /// The deadline is near (recorded once per deadline).
    DeadlineReminder,
}

impl EventKind {
    /// The wire and storage code.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Report => "report",
            EventKind::Assign => "assign",
            EventKind::Submit => "submit",
            EventKind::Approve => "approve",
            EventKind::Reject => "reject",
            EventKind::CloseOnSite => "close_on_site",
            EventKind::Invalidate => "invalidate",
            EventKind::Regrade => "regrade",
            EventKind::Extend => "extend",
            EventKind::Reopen => "reopen",
            EventKind::Overdue => "overdue",
            EventKind::Edit => "edit",
            EventKind::Photo => "photo",
            EventKind::SupervisionListed => "supervision_listed",
            EventKind::SupervisionEscalated => "supervision_escalated",
            EventKind::SupervisionLifted => "supervision_lifted",
            EventKind::SupervisionOverdue => "supervision_overdue",
            EventKind::Enforcement => "enforcement",
            EventKind::DeadlineReminder => "deadline_reminder",
        }
    }
}

impl Action {
    /// The event an accepted action records.
    pub fn event_kind(&self) -> EventKind {
        match self {
            Action::Assign { .. } => EventKind::Assign,
            Action::Submit { .. } => EventKind::Submit,
            Action::Approve { .. } => EventKind::Approve,
            Action::Reject { .. } => EventKind::Reject,
            Action::CloseOnSite { .. } => EventKind::CloseOnSite,
            Action::Invalidate { .. } => EventKind::Invalidate,
            Action::Regrade { .. } => EventKind::Regrade,
            Action::Extend { .. } => EventKind::Extend,
            Action::Reopen { .. } => EventKind::Reopen,
        }
    }

    /// The statuses the action starts from.
    pub fn allowed_from(&self) -> &'static [Status] {
        match self {
            Action::Assign { .. } | Action::CloseOnSite { .. } => &[Status::Reported],
            Action::Submit { .. } | Action::Extend { .. } => &[Status::Rectifying],
            Action::Approve { .. } | Action::Reject { .. } => &[Status::PendingReview],
            Action::Invalidate { .. } => &[Status::Reported, Status::Rectifying],
            Action::Regrade { .. } => &Status::OPEN,
            Action::Reopen { .. } => &[Status::Closed],
        }
    }

    /// The roles that may take the action at all (finer rules follow in `decide`).
    pub fn allowed_roles(&self) -> &'static [Role] {
        match self {
            Action::Submit { .. } => &[Role::Enterprise, Role::Inspector, Role::Supervisor],
            Action::Assign { .. }
            | Action::Approve { .. }
            | Action::Reject { .. }
            | Action::CloseOnSite { .. }
            | Action::Regrade { .. } => &[Role::Inspector, Role::Supervisor],
            Action::Invalidate { .. } | Action::Extend { .. } | Action::Reopen { .. } => &[Role::Supervisor],
        }
    }
}

/// An accepted action: the state to store and the event to record with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The hazard after the action.
    pub next: HazardState,
    /// The event for the timeline.
    pub event: EventKind,
    /// The note or reason to show on the timeline.
    pub note: Option<String>,
}

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
            check_reviewer(state, actor)?;
            if let Some(n) = &note {
                text("note", n, &mut errors);
            }
            finish(errors)?;
            require_plan(state)?;
            next.status = Status::Closed;
            note
        }
        Action::Reject { reason, deadline } => {
            check_reviewer(state, actor)?;
            text("reason", &reason, &mut errors);
            if let Some(d) = deadline {
                not_past("deadline", d, today, &mut errors);
            }
            finish(errors)?;
            next.status = Status::Rectifying;
            next.last_submitted_by = None;
            if deadline.is_some() {
                next.deadline = deadline;
            }
            Some(reason)
        }
        Action::CloseOnSite { note } => {
            if state.grade == Grade::Major {
                return Err(DomainError::InvalidTransition(
                    "a major hazard cannot be closed on site; it needs rectification and review".into(),
                ));
            }
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
            next.status = Status::Rectifying;
            next.last_submitted_by = None;
            if deadline.is_some() {
                next.deadline = deadline;
            }
            Some(reason)
        }
    };
    Ok(Decision { next, event, note })
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
#[path = "lifecycle_tests.rs"]
mod tests;
