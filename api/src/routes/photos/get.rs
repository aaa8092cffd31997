//! `GET /v1/photos/{id}`: the bytes.

use actix_web::body::SizedStream;
use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use hazard_infra::repo::photos;
use hazard_infra::secrets::sha256_hex;
use hazard_infra::thumbnail;
use hazard_openapi::photos::{PhotoQuery, PhotoSize};
use hazard_openapi::problem::Problem;

use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::state::AppState;
use crate::usecases::hazards::load_visible;

/// The photo's bytes (or `?size=thumb` for a small JPEG, made once), with its content
/// type, an `ETag` and long private caching: the bytes behind an id never change.
/// Same authorization as the hazard.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "photo id"), PhotoQuery),
    responses(
        (status = 200, description = "the image", content_type = "image/*"),
        (status = 304, description = "not modified"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/photos/{id}")]
pub async fn get_photo(
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: ValidQuery<PhotoQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(&req, &state, auth.0, &id, query.0.size == Some(PhotoSize::Thumb)).await
}

/// Answers photo `id` (its thumbnail when `thumb`) to `actor`, with the hazard's
/// authorization: the API's route and the web console's share it.
pub async fn respond(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    actor: hazard_domain::Actor,
    id: &str,
    thumb: bool,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(id, "photo")?.to_string();
    let st = state.clone();
    let (sha, content_type, body) = blocking(move || {
        let mut conn = st.conn()?;
        let photo = photos::get(&mut conn, &id)?.ok_or_else(|| ApiError::NotFound("no such photo".into()))?;
        load_visible(&mut conn, &actor, &photo.hazard_id).map_err(|_| ApiError::NotFound("no such photo".into()))?;
        let missing = |sha: &str| ApiError::internal(format!("blob {sha} is missing"));
        if !thumb {
            let blob = st.blobs.open(&photo.sha256)?.ok_or_else(|| missing(&photo.sha256))?;
            return Ok((photo.sha256.clone(), photo.content_type.clone(), Body::Stream(blob)));
        }
        if let Some(t) = &photo.thumb_sha256 {
            if let Some(blob) = st.blobs.open(t)? {
                return Ok((t.clone(), "image/jpeg".to_owned(), Body::Stream(blob)));
            }
        }
        let bytes = st.blobs.get(&photo.sha256)?.ok_or_else(|| missing(&photo.sha256))?;
        match thumbnail::make(&bytes, st.settings.limits.max_image_pixels) {
            Some(small) => {
                let t = sha256_hex(&small);
                let small = bytes::Bytes::from(small);
                st.blobs.put(&t, small.clone())?;
                photos::set_thumb(&mut conn, &photo.id, &t)?;
                Ok((t, "image/jpeg".to_owned(), Body::Whole(small)))
            }
            // HEIC and anything undecodable: serve the original.
            None => Ok((photo.sha256.clone(), photo.content_type.clone(), Body::Whole(bytes.into()))),
        }
    })
    .await?;
    let etag = format!("\"{sha}\"");
    let cache = ("Cache-Control", "private, max-age=31536000, immutable");
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if fresh {
        return Ok(HttpResponse::NotModified().insert_header(("ETag", etag)).insert_header(cache).finish());
    }
    let mut res = HttpResponse::Ok();
    res.content_type(content_type)
        .insert_header(("ETag", etag))
        .insert_header(cache)
        .insert_header(("X-Content-Type-Options", "nosniff"));
    Ok(match body {
        Body::Whole(bytes) => res.body(bytes),
        Body::Stream(blob) => res.body(SizedStream::new(blob.size, blob.stream)),
    })
}

/// A photo's bytes: streamed from the store, or a thumbnail just made.
enum Body {
    Stream(hazard_infra::storage::Blob),
    Whole(bytes::Bytes),
}
