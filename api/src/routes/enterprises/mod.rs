//! `/v1/enterprises`: the enterprises inspectors visit.

pub mod create;
pub mod get;
pub mod list;
pub mod update;
pub mod view;

pub use crate::usecases::enterprises::load_visible;
