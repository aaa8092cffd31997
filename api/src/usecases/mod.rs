//! The use-case layer: one function per write, shared by the REST handlers, Open311,
//! the background jobs and (later) the console.
//!
//! Each use case has the same shape: load the facts, let the domain decide, save the
//! result in one transaction (which also writes the change log and the webhook outbox).
//! Use cases take a signed-in [`hazard_domain::Actor`] (or a third-party client) and a
//! validated command, and return rows; they know nothing of HTTP. They are blocking:
//! callers run them with [`crate::error::blocking`].

pub mod accounts;
pub mod clients;
pub mod deadlines;
pub mod enforcement;
pub mod enterprises;
pub mod hazards;
pub mod inspections;
pub mod lookups;
pub mod photos;
pub mod reference;
pub mod supervision;
pub mod tips;
pub mod webhooks;

use hazard_infra::InfraError;

use crate::error::ApiError;

/// A lost optimistic-concurrency race becomes a 409 asking the client to retry.
pub fn retry_on_conflict(e: InfraError) -> ApiError {
    match e {
        InfraError::Conflict(_) => ApiError::conflict("the record changed meanwhile; reload it and retry"),
        other => other.into(),
    }
}
