//! `/v1/inspections` and the public verification of inspection codes.

pub mod create;
pub mod finish;
pub mod get;
pub mod list;
pub mod public;
pub mod view;

pub use crate::usecases::inspections::load_visible;
