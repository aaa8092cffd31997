//! The district's hazard rules (安全隐患排查治理), free of any I/O.
//!
//! Everything a court, an auditor or a supervisor could argue about lives here, so it can
//! be read and tested without a database or a web server: grading, the closed-loop
//! lifecycle, who may do what where, deadlines, and the validated value types.

pub mod access;
pub mod account;
pub mod actor;
pub mod client;
pub mod deadline;
pub mod enforcement;
pub mod enterprise;
pub mod error;
pub mod geo;
pub mod hazard;
pub mod inspection;
pub mod kpi;
pub mod media;
pub mod photo;
pub mod role;
pub mod supervision;
pub mod tip;
pub mod uscc;

pub use access::{Permission, RowScope};
pub use actor::{Actor, Jurisdiction};
pub use error::{DomainError, FieldError};
pub use role::Role;
