//! The OpenAPI document (built from the real handlers) and the offline docs page.

use actix_web::App;
use hazard_openapi::ApiDoc;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

/// The complete document: the base from `hazard-openapi` plus every registered path.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(crate::routes::configure).split_for_parts();
    doc
}

/// The document as committed in `openapi/openapi.json` (pretty, trailing newline).
pub fn openapi_json() -> String {
    let mut s = openapi().to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}
