//! Public tip-offs (隐患举报): the anonymous channel and the supervisors' desk, one file
//! per action.

pub mod add_photo;
pub mod create;
pub mod get;
pub mod list;
pub mod reject;
pub mod reporter;
pub mod reward;
pub mod status;
pub mod verify;
pub mod view;

use actix_web::HttpRequest;
use hazard_infra::models::TipRow;
use hazard_infra::repo::tips;
use hazard_infra::DbConnection;
use hazard_openapi::tips::Tip;

use crate::error::ApiError;

/// The header carrying a tip's secret.
pub const SECRET_HEADER: &str = "X-Tip-Secret";

/// The tip secret sent with a request, if any.
fn secret_of(req: &HttpRequest) -> Option<String> {
    req.headers().get(SECRET_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// The address a tipster's hourly limits count by (behind trusted proxies, the
/// forwarded client address; see `crate::client_addr`).
pub fn client_address(req: &HttpRequest) -> String {
    crate::client_addr::of(req)
}

/// The wire form of a tip, with its photo count.
/// A tip as the API shows it, with its photo count.
pub fn with_photos(conn: &mut DbConnection, tip: TipRow) -> Result<Tip, ApiError> {
    let n = i64::try_from(tips::photos(conn, &tip.id)?.len()).unwrap_or(i64::MAX);
    view::tip_dto(tip, n)
}
