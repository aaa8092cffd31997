//! Public tip-offs (隐患举报): the anonymous channel and the supervisors' desk.

pub mod public;
pub mod staff;
pub mod view;
