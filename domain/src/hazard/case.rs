//! A hazard's rule-relevant state together with the timeline entries its accepted actions
//! produced: the one place where a [`Decision`] is applied, so that a refused action leaves
//! neither the state nor the timeline touched and every accepted one leaves exactly one entry.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::actor::Actor;
use crate::error::DomainError;
use crate::hazard::lifecycle::{decide, Action, Decision, EventKind, HazardState};
use crate::hazard::Status;

/// One timeline entry (处理记录) as the rules produce it; persistence stores it as an event row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// What happened.
    pub event: EventKind,
    /// Who did it.
    pub actor_id: Uuid,
    /// The status before.
    pub from: Status,
    /// The status after.
    pub to: Status,
    /// The note or reason shown on the timeline.
    pub note: Option<String>,
}

/// A hazard as loaded, plus the entries recorded since: the caller saves [`HazardCase::state`]
/// and [`HazardCase::timeline`] in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HazardCase {
    state: HazardState,
    timeline: Vec<TimelineEntry>,
}

impl HazardCase {
    /// A case for a hazard in `state`, with nothing recorded yet.
    pub fn new(state: HazardState) -> Self {
        Self { state, timeline: Vec::new() }
    }

    /// The current state.
    pub fn state(&self) -> &HazardState {
        &self.state
    }

    /// The entries recorded since the case was loaded, oldest first.
    pub fn timeline(&self) -> &[TimelineEntry] {
        &self.timeline
    }

    /// Lets [`decide`] judge `action`; when it is accepted, moves to the decided state and
    /// records one entry, which it returns. When it is refused nothing changes.
    pub fn act(&mut self, actor: &Actor, action: Action, today: NaiveDate) -> Result<TimelineEntry, DomainError> {
        let Decision { next, event, note } = decide(&self.state, actor, action, today)?;
        let from = self.state.status;
        self.state = next;
        let entry = TimelineEntry { event, actor_id: actor.user_id, from, to: self.state.status, note };
        self.timeline.push(entry.clone());
        Ok(entry)
    }
}
