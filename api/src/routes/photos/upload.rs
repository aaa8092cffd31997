//! `POST /v1/hazards/{id}/photos`.

use actix_multipart::Multipart;
use actix_web::{post, web, HttpResponse};
use chrono::DateTime;
use hazard_domain::geo::Coordinates;
use hazard_domain::photo::PhotoKind;
use hazard_domain::Permission;
use hazard_openapi::photos::{Photo, PhotoUpload};
use hazard_openapi::problem::Problem;

use super::view::photo_dto;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::multipart;
use crate::media_limits::accept_image;
use crate::state::AppState;
use crate::usecases::hazards::load_visible;
use crate::usecases::photos::{upload, Stored, Upload};

/// Uploads a photo (multipart: `file`, `kind`, optional `taken_at`, `latitude`,
/// `longitude`). Accepts JPEG, PNG, WebP and HEIC judged by the bytes. The same bytes
/// uploaded again to the same hazard return the existing photo (200).
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "hazard id")),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = Photo),
        (status = 200, description = "these bytes were already uploaded to this hazard", body = Photo),
        (status = 404, description = "not_found (also outside your jurisdiction)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: the hazard is closed or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "payload_too_large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "unsupported_media_type: not a JPEG, PNG, WebP or HEIC image", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards/{id}/photos")]
pub async fn upload_photo(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "hazard")?.to_string();
    let actor = auth.0;
    actor.may(Permission::EditHazards)?;
    // Jurisdiction first, so an outsider learns nothing from validation messages.
    let st = state.clone();
    let (a, hid) = (actor.clone(), id.clone());
    blocking(move || load_visible(&mut *st.conn()?, &a, &hid).map(|_| ())).await?;
    let mut form =
        multipart::read(form, state.settings.max_photo_bytes, &["kind", "taken_at", "latitude", "longitude"]).await?;
    let file = form.require_file()?;
    let kind: PhotoKind = form
        .text("kind")
        .ok_or_else(|| ApiError::field("kind", "missing field `kind`"))?
        .parse()
        .map_err(|_| ApiError::field("kind", "must be before, after or document"))?;
    let refusal = "`file` is not a JPEG, PNG, WebP or HEIC image (judged by its bytes)";
    let image = accept_image(&file, state.settings.limits.max_image_pixels, refusal)?;
    let taken_at = form
        .text("taken_at")
        .map(|t| DateTime::parse_from_rfc3339(t).map(|d| d.naive_utc()))
        .transpose()
        .map_err(|_| ApiError::field("taken_at", "must be an RFC 3339 time"))?;
    let coordinates = Coordinates::parse_optional(form.number("latitude")?, form.number("longitude")?)?;
    let st = state.clone();
    let cmd = Upload { file: file.into(), image, kind, taken_at, coordinates };
    let (row, mut res) = match blocking(move || upload(&st, &actor, &id, cmd)).await? {
        Stored::Created(row) => (row, HttpResponse::Created()),
        Stored::Existing(row) => (row, HttpResponse::Ok()),
    };
    let dto = photo_dto(row)?;
    Ok(res.insert_header(("Location", dto.url.clone())).json(dto))
}
