//! The wire contract of hazard-api: every request and response body, with its OpenAPI
//! schema, and the base OpenAPI document the server completes with its paths.
//!
//! Kept apart from the handlers so that clients, docs and tests can depend on the
//! contract without the server, and so a change to it is easy to spot in review.

pub mod auth;
pub mod clients;
pub mod doc;
pub mod enterprises;
pub mod enums;
pub mod finish;
pub mod hazards;
pub mod inspections;
pub mod open311;
pub mod page;
pub mod photos;
pub mod problem;
pub mod reference;
pub mod serde_util;
pub mod stats;
pub mod supervision;
pub mod sync;
pub mod tips;
pub mod users;
pub mod webhooks;

pub use doc::ApiDoc;
