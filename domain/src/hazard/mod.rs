//! Hazards (隐患): their vocabulary and their lifecycle.

pub mod action;
pub mod case;
pub mod code;
pub mod filing;
pub mod grade;
pub mod lifecycle;
pub mod plan;
pub mod source;
pub mod status;

pub use case::{HazardCase, TimelineEntry};
pub use code::HazardCode;
pub use grade::Grade;
pub use lifecycle::{decide, offered, Action, Decision, EventKind, HazardState};
pub use plan::RectificationPlan;
pub use source::Source;
pub use status::Status;
