//! How handlers answer with rows: the shared tail of every read that maps stored rows to
//! their wire form, so a handler only names what it reads and how a row looks.

use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use hazard_domain::Actor;
use hazard_infra::{DbConnection, InfraError};
use hazard_openapi::page::Page;
use serde::Serialize;

use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::routes::cursor::{timed_page, Keyset};
use crate::state::AppState;
use crate::usecases::hazards::attached;

/// The wire form of each row, in order.
pub fn wire<R, D>(rows: Vec<R>, dto: impl FnMut(R) -> Result<D, ApiError>) -> Result<Vec<D>, ApiError> {
    rows.into_iter().map(dto).collect()
}

/// 200 with `rows` in their wire form.
pub fn rows<R, D: Serialize>(
    rows: Vec<R>,
    dto: impl FnMut(R) -> Result<D, ApiError>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(wire(rows, dto)?))
}

/// 200 with what `read` finds attached to hazard `id` (its photos, timeline or
/// enforcement), read only when `actor` may see the hazard (404 otherwise, as for a
/// hazard that does not exist).
pub async fn of_hazard<R, D>(
    state: &web::Data<AppState>,
    actor: Actor,
    id: &str,
    read: impl FnOnce(&mut DbConnection, &str) -> Result<Vec<R>, InfraError> + Send + 'static,
    dto: impl FnMut(R) -> Result<D, ApiError>,
) -> Result<HttpResponse, ApiError>
where
    R: Send + 'static,
    D: Serialize,
{
    rows(on_record(state, ("hazard", id), move |st, id| attached(st, &actor, id, read)).await?, dto)
}

/// Runs `work` on the record behind path id `id` (a `what`: 404 when it is not a UUID)
/// off the async threads: the start of every handler of `/…/{id}`.
pub async fn on_record<T: Send + 'static>(
    state: &web::Data<AppState>,
    (what, id): (&str, &str),
    work: impl FnOnce(&AppState, &str) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let id = path_uuid(id, what)?.to_string();
    let st = state.clone();
    blocking(move || work(&st, &id)).await
}

/// 200 with what `read` answers about the record behind path id `id` (see [`on_record`]).
pub async fn of_record<R, D>(
    state: &web::Data<AppState>,
    (what, id): (&str, &str),
    read: impl FnOnce(&AppState, &str) -> Result<Vec<R>, ApiError> + Send + 'static,
    dto: impl FnMut(R) -> Result<D, ApiError>,
) -> Result<HttpResponse, ApiError>
where
    R: Send + 'static,
    D: Serialize,
{
    rows(on_record(state, (what, id), read).await?, dto)
}

/// 200 with one page of a time-ordered list (tips, inspections) after `cursor`, of
/// `limit` rows (default 50): see [`timed_page`] for `load`, `key` and `dto`. A cursor
/// this API did not make is a 400 naming `cursor`.
pub async fn time_ordered<R, D>(
    state: &web::Data<AppState>,
    (cursor, limit): (Option<String>, Option<i64>),
    load: impl FnOnce(&mut DbConnection, Option<(NaiveDateTime, &str)>, i64) -> Result<Vec<R>, InfraError> + Send + 'static,
    key: impl Fn(&R) -> Keyset + Send + 'static,
    dto: impl FnMut(&mut DbConnection, R) -> Result<D, ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError>
where
    D: Serialize + Send + 'static,
{
    let after = cursor.as_deref().map(Keyset::decode).transpose()?;
    let limit = limit.unwrap_or(50);
    let st = state.clone();
    let (items, next_cursor) =
        blocking(move || timed_page(&mut *st.conn()?, (after.as_ref(), limit), load, key, dto)).await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
