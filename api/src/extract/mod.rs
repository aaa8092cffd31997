//! Request extractors that turn malformed input into problem details naming the field.

pub mod body;
mod json;
pub mod multipart;
mod query;
pub mod strict;

pub use json::{parse_value, RawJson, ValidJson};
pub use query::ValidQuery;
