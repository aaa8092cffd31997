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

use actix_web::{web, HttpRequest, HttpResponse};
use hazard_infra::models::TipRow;
use hazard_infra::repo::tips;
use hazard_infra::DbConnection;
use hazard_openapi::tips::Tip;

use crate::error::ApiError;
use crate::routes::answer::on_record;
use crate::routes::cursor::Keyset;
use crate::state::AppState;

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

/// A tip as the API shows it, with its photo count.
pub fn with_photos(conn: &mut DbConnection, tip: TipRow) -> Result<Tip, ApiError> {
    let n = i64::try_from(tips::photos(conn, &tip.id)?.len()).unwrap_or(i64::MAX);
    view::tip_dto(tip, n)
}

/// A tip's place in the time-ordered lists (newest first).
pub fn tip_key(tip: &TipRow) -> Keyset {
    Keyset::new(tip.created_at, &tip.id)
}

/// Runs `review` (a tip use case, or a read) on the tip behind path id `id` and answers
/// 200 with the tip as it is then.
pub async fn reviewed(
    state: &web::Data<AppState>,
    id: &str,
    review: impl FnOnce(&AppState, &str) -> Result<TipRow, ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    let tip = on_record(state, ("tip", id), move |st, id| {
        let tip = review(st, id)?;
        with_photos(&mut *st.conn()?, tip)
    })
    .await?;
    Ok(HttpResponse::Ok().json(tip))
}
