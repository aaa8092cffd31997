//! Authentication: JWT access tokens and the extractor that turns one into an `Actor`.

pub mod bearer;
pub mod caller;
pub mod client;
pub mod extractor;
pub mod jwt;
pub mod session;
pub mod verified;

pub use caller::Caller;
pub use extractor::{ActorId, AuthUser};
