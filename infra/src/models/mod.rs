//! Database rows. Times are UTC `NaiveDateTime` (portable across both backends); ids are
//! UUID text made in Rust.
//!
//! One module per area; every row is re-exported here, so `hazard_infra::models::X` names
//! it whichever file holds it.

mod accounts;
mod hazards;
mod listed;
mod reference;
mod register;
mod supervision;
mod tips;
mod webhooks;

pub use accounts::*;
pub use hazards::*;
pub use listed::*;
pub use reference::*;
pub use register::*;
pub use supervision::*;
pub use tips::*;
pub use webhooks::*;
