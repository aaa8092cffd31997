//! `/v1/hazards`: filing, reading, the timeline and lifecycle transitions.

pub mod create;
pub mod events;
pub mod get;
pub mod list;
mod list_json;
pub mod transition;
pub mod update;
pub mod view;

use actix_web::http::header::{self, HeaderMap};
use actix_web::{web, HttpResponse};
use hazard_infra::models::HazardRow;

use crate::error::{blocking, ApiError};
use crate::state::AppState;
use crate::usecases::hazards::etag;

/// The `If-Match` header as the use cases take it (an unreadable value matches nothing).
pub fn if_match(headers: &HeaderMap) -> Option<String> {
    headers.get(header::IF_MATCH).map(|v| v.to_str().unwrap_or("").to_owned())
}

/// A hazard response with its `ETag`.
pub fn with_etag(mut res: actix_web::HttpResponseBuilder, tag: String, dto: impl serde::Serialize) -> HttpResponse {
    res.insert_header((header::ETAG, tag)).json(dto)
}

/// Runs a change of a hazard (a use case) and answers 200 with the hazard's staff view
/// and its new `ETag`.
pub async fn changed(
    state: &web::Data<AppState>,
    change: impl FnOnce(&AppState) -> Result<HazardRow, ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let today = state.today();
    let (tag, dto) = blocking(move || {
        let row = change(&st)?;
        Ok((etag(&row, today)?, view::hazard_full(&mut *st.conn()?, row, today)?))
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), tag, dto))
}
