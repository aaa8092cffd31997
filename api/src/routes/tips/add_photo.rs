//! `POST /v1/public/tips/{tracking_code}/photos`: a photo for one's own tip.

use actix_multipart::Multipart;
use actix_web::{post, web, HttpRequest, HttpResponse};
use hazard_openapi::problem::Problem;

use crate::error::{blocking, ApiError};
use crate::extract::multipart;
use crate::media_limits::accept_image;
use crate::state::AppState;
use crate::usecases::tips::photo;

/// Adds a photo to one's own tip (multipart `file`; same formats and size limit as hazard
/// photos; `X-Tip-Secret` required). Only while the tip awaits review.
#[utoipa::path(
    tag = "public",
    params(
        ("tracking_code" = String, Path, description = "the tip's tracking code"),
        ("X-Tip-Secret" = String, Header, description = "the secret returned with the code")
    ),
    request_body(content = hazard_openapi::tips::TipPhotoUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "stored", body = hazard_openapi::tips::TipPhotoStored),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: the tip was already reviewed; too_many_photos: the tip has HAZARD_TIP_PHOTOS_PER_TIP photos", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "payload_too_large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "unsupported_media_type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed: the image has more pixels than HAZARD_MAX_IMAGE_PIXELS", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "rate_limited: this address sent HAZARD_TIP_PHOTO_MB_PER_HOUR this hour", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/public/tips/{tracking_code}/photos")]
pub async fn add_tip_photo(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let secret = super::secret_of(&req);
    let (st, c, s) = (state.clone(), code.clone(), secret.clone());
    blocking(move || photo::check(&st, &c, s.as_deref())).await?;
    let file = multipart::read(form, state.settings.max_photo_bytes, &[]).await?.require_file()?;
    let refusal = "`file` is not a JPEG, PNG, WebP or HEIC image";
    let image = accept_image(&file, state.settings.limits.max_image_pixels, refusal)?;
    let (st, address) = (state.clone(), super::client_address(&req));
    blocking(move || photo::add(&st, &code, secret.as_deref(), &address, file, image)).await?;
    Ok(HttpResponse::Created().json(hazard_openapi::tips::TipPhotoStored { stored: true }))
}
