//! The OpenAPI document (built from the real handlers, then finished with what every
//! operation shares) and the offline docs page.

use actix_web::App;
use hazard_openapi::ApiDoc;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

/// The complete document: the base from `hazard-openapi`, every registered path, and the
/// shared statuses and headers (`hazard_openapi::finish`).
pub fn openapi() -> serde_json::Value {
    let (_, doc) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(crate::routes::configure).split_for_parts();
    hazard_openapi::finish::finish(serde_json::to_value(doc).unwrap_or_default())
}

/// The document as committed in `openapi/openapi.json` (pretty, trailing newline).
pub fn openapi_json() -> String {
    let mut s = serde_json::to_string_pretty(&openapi()).unwrap_or_default();
    s.push('\n');
    s
}
