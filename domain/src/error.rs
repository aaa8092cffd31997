//! Why the rules said no.

use thiserror::Error;

/// One invalid input field, named the way the client sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The JSON field path, e.g. `deadline` or `rectification_plan.funds`.
    pub field: String,
    /// A human-readable reason.
    pub message: String,
}

impl FieldError {
    /// Shorthand used by the validators.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// A rule violation. The API maps each variant to one HTTP status and stable `code`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// Input that can never be accepted as sent (422 `validation_failed`).
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// The action is not possible in the hazard's current status (409 `invalid_transition`).
    #[error("{0}")]
    InvalidTransition(String),
    /// The actor's role or jurisdiction does not allow the action (403 `forbidden`).
    #[error("{0}")]
    Forbidden(String),
    /// A major hazard needs a complete 五落实 plan first (422 `rectification_plan_incomplete`).
    #[error("the rectification plan (五落实) is incomplete: missing {}", .0.join(", "))]
    PlanIncomplete(Vec<&'static str>),
    /// Evidence is required first: at least one `after` photo (422 `photo_required`).
    #[error("{0}")]
    PhotoRequired(String),
}

impl DomainError {
    /// A single-field validation error.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::Validation(vec![FieldError::new(field, message)])
    }
}
