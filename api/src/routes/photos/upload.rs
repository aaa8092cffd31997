//! `POST /v1/hazards/{id}/photos`.

use actix_multipart::Multipart;
use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::{EventKind, Status};
use hazard_domain::media::ImageType;
use hazard_domain::photo::PhotoKind;
use hazard_domain::Role;
use hazard_infra::models::PhotoRow;
use hazard_infra::repo::photos;
use hazard_infra::secrets::sha256_hex;
use hazard_infra::{thumbnail, InfraError};
use hazard_openapi::photos::{Photo, PhotoUpload};
use hazard_openapi::problem::Problem;
use uuid::Uuid;

use super::view::photo_dto;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::routes::hazards::{bump, load_visible};
use crate::state::AppState;

/// The parts of the form, read with limits.
#[derive(Default)]
struct Form {
    file: Option<bytes::Bytes>,
    kind: Option<String>,
    taken_at: Option<String>,
    latitude: Option<String>,
    longitude: Option<String>,
}

const TEXT_LIMIT: usize = 200;

async fn read_form(mut multipart: Multipart, max_file: usize) -> Result<Form, ApiError> {
    let mut form = Form::default();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| ApiError::BadRequest {
            code: "malformed_multipart",
            detail: format!("the multipart body is malformed: {e}"),
            fields: vec![],
        })?;
        let name = field.name().unwrap_or("").to_owned();
        let limit = if name == "file" { max_file } else { TEXT_LIMIT };
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ApiError::BadRequest {
                code: "malformed_multipart",
                detail: format!("the multipart body is malformed: {e}"),
                fields: vec![],
            })?;
            if data.len() + chunk.len() > limit {
                return Err(if name == "file" {
                    ApiError::PayloadTooLarge(max_file)
                } else {
                    ApiError::field(&name, format!("must be at most {TEXT_LIMIT} bytes"))
                });
            }
            data.extend_from_slice(&chunk);
        }
        let text = || String::from_utf8(data.clone()).map_err(|_| ApiError::field(&name, "must be UTF-8 text"));
        match name.as_str() {
            "file" => form.file = Some(bytes::Bytes::from(data)),
            "kind" => form.kind = Some(text()?),
            "taken_at" => form.taken_at = Some(text()?),
            "latitude" => form.latitude = Some(text()?),
            "longitude" => form.longitude = Some(text()?),
            other => return Err(ApiError::field(other, "unknown form field")),
        }
    }
    Ok(form)
}

fn number(field: &str, v: Option<String>) -> Result<Option<f64>, ApiError> {
    v.map(|s| s.trim().parse::<f64>().map_err(|_| ApiError::field(field, "must be a number"))).transpose()
}

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
    multipart: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "hazard")?.to_string();
    let actor = auth.0;
    if actor.role == Role::Admin {
        return Err(ApiError::Forbidden("administrators do not add evidence".into()));
    }
    // Jurisdiction first, so an outsider learns nothing from validation messages.
    let st = state.clone();
    let (a, hid) = (actor.clone(), id.clone());
    blocking(move || load_visible(&mut *st.conn()?, &a, &hid).map(|_| ())).await?;
    let form = read_form(multipart, state.settings.max_photo_bytes).await?;
    let file = form.file.ok_or_else(|| ApiError::field("file", "missing field `file`"))?;
    let kind: PhotoKind = form
        .kind
        .ok_or_else(|| ApiError::field("kind", "missing field `kind`"))?
        .parse()
        .map_err(|_| ApiError::field("kind", "must be before, after or document"))?;
    let image = ImageType::sniff(&file).ok_or_else(|| {
        ApiError::UnsupportedMediaType("`file` is not a JPEG, PNG, WebP or HEIC image (judged by its bytes)".into())
    })?;
    let taken_at = form
        .taken_at
        .map(|t| DateTime::parse_from_rfc3339(t.trim()).map(|d| d.with_timezone(&Utc)))
        .transpose()
        .map_err(|_| ApiError::field("taken_at", "must be an RFC 3339 time"))?;
    let coordinates =
        Coordinates::parse_optional(number("latitude", form.latitude)?, number("longitude", form.longitude)?)?;
    let sha = sha256_hex(&file);
    let st = state.clone();
    let (row, created) = blocking(move || {
        let mut conn = st.conn()?;
        let before = load_visible(&mut conn, &actor, &id)?;
        if let Some(existing) = photos::by_hash(&mut conn, &id, &sha)? {
            return Ok((existing, false));
        }
        let status: Status = before.status.parse().map_err(ApiError::Internal)?;
        if !status.is_open() {
            return Err(ApiError::Conflict {
                code: "invalid_transition",
                detail: format!("cannot add photos to a hazard that is {status}"),
            });
        }
        st.blobs.put(&sha, file.clone())?;
        let now = st.now_naive();
        let dims = thumbnail::dimensions(&file);
        let photo = PhotoRow {
            id: Uuid::now_v7().to_string(),
            hazard_id: id.clone(),
            kind: kind.as_str().into(),
            sha256: sha.clone(),
            content_type: image.mime().into(),
            size_bytes: i64::try_from(file.len()).unwrap_or(i64::MAX),
            width: dims.and_then(|(w, _)| i32::try_from(w).ok()),
            height: dims.and_then(|(_, h)| i32::try_from(h).ok()),
            taken_at: taken_at.map(|t| t.naive_utc()),
            latitude: coordinates.map(Coordinates::latitude),
            longitude: coordinates.map(Coordinates::longitude),
            uploaded_by: actor.user_id.to_string(),
            created_at: now,
            thumb_sha256: None,
        };
        let data = serde_json::json!({"photo_id": photo.id, "kind": kind});
        let (after, event) = bump(&before, &actor, EventKind::Photo, None, data, now);
        match photos::add(&mut conn, &photo, &before, &after, event) {
            Ok(()) => Ok((photo, true)),
            Err(InfraError::Conflict(_)) => match photos::by_hash(&mut conn, &id, &sha)? {
                Some(existing) => Ok((existing, false)),
                None => Err(ApiError::conflict("the hazard changed while the photo was stored; retry")),
            },
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    let dto = photo_dto(row)?;
    let mut res = if created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.insert_header(("Location", dto.url.clone())).json(dto))
}
