//! Open311 GeoReport v2 under `/open311/v2/`, in JSON and XML (`.json` / `.xml`), so
//! existing civic apps and Open311 client libraries work unchanged: one service per
//! sector, hazards as service requests (redacted), and `POST requests` filing a public
//! tip (needs the `api_key` of a client with `tips:create`).

pub mod handlers;
pub mod render;

pub use render::Format;
