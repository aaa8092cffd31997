//! Authentication: JWT access tokens and the extractor that turns one into an `Actor`.

pub mod extractor;
pub mod jwt;

pub use extractor::AuthUser;
