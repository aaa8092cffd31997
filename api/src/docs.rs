//! The OpenAPI document (built from the real handlers, then finished with what every
//! operation shares) and the offline docs page.

use actix_web::web::{Bytes, Data};
use actix_web::{App, HttpResponse};
use hazard_openapi::ApiDoc;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

/// The complete document: the base from `hazard-openapi`, every registered path, and the
/// shared statuses and headers (`hazard_openapi::finish`).
pub fn openapi() -> serde_json::Value {
    let (_, doc) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(crate::routes::document).split_for_parts();
    hazard_openapi::finish::finish(serde_json::to_value(doc).unwrap_or_default())
}

/// The document as committed in `openapi/openapi.json` (pretty, trailing newline).
pub fn openapi_json() -> String {
    let mut s = serde_json::to_string_pretty(&openapi()).unwrap_or_default();
    s.push('\n');
    s
}

/// Where the document is served (and where the docs page reads it).
pub const PATH: &str = "/openapi.json";

/// The document as served: serialized once at start-up and shared by every worker.
pub struct Served(Bytes);

impl Served {
    /// Serializes `doc` (compact JSON).
    pub fn new(doc: &serde_json::Value) -> Self {
        Self(Bytes::from(serde_json::to_vec(doc).unwrap_or_default()))
    }
}

/// `GET /openapi.json`.
pub async fn serve(doc: Data<Served>) -> HttpResponse {
    HttpResponse::Ok().content_type(actix_web::http::header::ContentType::json()).body(doc.0.clone())
}
