//! Open311 GeoReport v2 under `/open311/v2/`, in JSON and XML (`.json` / `.xml`), so
//! existing civic apps and Open311 client libraries work unchanged: one service per
//! sector, hazards as service requests (redacted), and `POST requests` filing a public
//! tip (needs the `api_key` of a client with `tips:create`). One file per endpoint; the
//! writes go through the same use cases as the REST API, and every error is the API's
//! one error type rendered in the spec's format.

pub mod common;
pub mod create_request;
pub mod discovery;
pub mod render;
pub mod request;
pub mod requests;
pub mod search;
pub mod service_definition;
pub mod services;
pub mod token;

pub use render::Format;
