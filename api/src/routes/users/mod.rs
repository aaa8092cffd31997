//! `/v1/users`: accounts, managed by administrators.

pub mod create;
pub mod get;
pub mod list;
pub mod update;
pub mod view;
