//! `GET /console/photos/{id}` (`?size=thumb`): a hazard photo for a signed-in console
//! user, with the API's authorization and caching (`routes::photos::get::respond`).

use actix_web::{web, HttpRequest, HttpResponse};

use super::error::ConsoleError;
use super::session::Console;
use crate::routes::photos::get::respond;
use crate::state::AppState;

/// The query: `size=thumb` for the small JPEG.
#[derive(Debug, serde::Deserialize)]
pub struct PhotoQuery {
    size: Option<String>,
}

/// `GET /console/photos/{id}`.
pub async fn serve(
    req: HttpRequest,
    console: Console,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PhotoQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let thumb = query.size.as_deref() == Some("thumb");
    Ok(respond(&req, &state, console.actor, &id, thumb).await?)
}
