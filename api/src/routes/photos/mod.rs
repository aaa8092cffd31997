//! Photos of hazards: upload, list, and serving the bytes.

pub mod get;
pub mod list;
pub mod upload;
pub mod view;
