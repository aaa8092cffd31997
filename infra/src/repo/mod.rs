//! One module per aggregate; each function is one unit of work on a connection.

pub mod enterprises;
pub mod hazards;
pub mod reference;
pub mod settings;
pub mod throttle;
pub mod tokens;
pub mod users;
