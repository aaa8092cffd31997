//! The hazard-api HTTP server: actix-web handlers that extract, ask the domain, persist
//! through infra inside `web::block`, and map to the wire types of `hazard-openapi`.

pub mod auth;
pub mod body_timeout;
pub mod client_addr;
pub mod config;
pub mod console;
pub mod convert;
pub mod disk;
pub mod docs;
pub mod error;
pub mod extract;
pub mod headers;
pub mod idempotency;
pub mod input_guard;
pub mod jobs;
pub mod limits;
pub mod media_limits;
pub mod method_guard;
pub mod metrics;
pub mod ratelimit;
pub mod request_id;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod tip_quota;
pub mod usecases;
pub mod webhooks;
pub mod worker_read;

pub use config::Settings;
pub use error::ApiError;
pub use startup::Application;
