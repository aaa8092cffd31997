//! The anonymous side: `POST /v1/public/tips`, `GET /v1/public/tips/{code}` (with the
//! secret), `POST /v1/public/tips/{code}/photos`.

use actix_multipart::Multipart;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::Duration;
use futures_util::StreamExt;
use hazard_domain::geo::Coordinates;
use hazard_domain::media::ImageType;
use hazard_domain::tip::{RewardStatus, TipStatus};
use hazard_domain::FieldError;
use hazard_infra::models::{TipPhotoRow, TipReporterRow, TipRow};
use hazard_infra::repo::{reference, throttle, tips};
use hazard_infra::secrets::{random_token, sha256_hex};
use hazard_infra::{codes, DbConnection};
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::{CreateTip, TipReceipt, TipStatusView};
use uuid::Uuid;

use super::view::status_view;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// The header carrying a tip's secret.
pub const SECRET_HEADER: &str = "X-Tip-Secret";

fn secret_of(req: &HttpRequest) -> Option<String> {
    req.headers().get(SECRET_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

fn client(req: &HttpRequest) -> String {
    req.peer_addr().map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string())
}

fn throttled(conn: &mut DbConnection, key: &str, state: &AppState) -> Result<(), ApiError> {
    let now = state.now_naive();
    if let Some(left) = throttle::locked_for(conn, key, now)? {
        return Err(ApiError::RateLimited(u64::try_from(left.num_seconds().max(1)).unwrap_or(1)));
    }
    let policy = throttle::Policy {
        max_failures: state.settings.tips_per_hour,
        window: Duration::hours(1),
        lockout: Duration::hours(1),
    };
    throttle::record_failure(conn, key, now, policy)?;
    Ok(())
}

/// The tip behind a code, if the secret matches; otherwise "not found", the same answer
/// as for a code that does not exist.
fn authorised(conn: &mut DbConnection, secret: Option<&str>, code: &str) -> Result<TipRow, ApiError> {
    let not_found = || ApiError::NotFound("no tip matches this code and secret".into());
    let secret = secret.ok_or_else(not_found)?;
    let tip = tips::by_code(conn, &code.trim().to_ascii_uppercase())?.ok_or_else(not_found)?;
    if tip.secret_hash == sha256_hex(secret.trim().as_bytes()) {
        Ok(tip)
    } else {
        Err(not_found())
    }
}

/// Reports a hazard without an account. Contact details are optional and confidential:
/// stored apart from the tip and shown to administrators only. Rate-limited per client
/// address. Keep the tracking code and the secret to follow the tip.
#[utoipa::path(
    tag = "public",
    request_body = CreateTip,
    responses(
        (status = 201, body = TipReceipt),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "rate_limited", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/public/tips")]
pub async fn create_tip(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<CreateTip>,
) -> Result<HttpResponse, ApiError> {
    let b = body.0;
    let coordinates = Coordinates::parse_optional(b.latitude, b.longitude)?;
    if b.address.is_none() && coordinates.is_none() {
        return Err(ApiError::field("address", "give an address or coordinates"));
    }
    let key = format!("tip:{}", client(&req));
    let st = state.clone();
    let receipt = blocking(move || {
        let mut conn = st.conn()?;
        let mut fields = Vec::new();
        if let Some(s) = &b.street_code {
            if !reference::street_exists(&mut conn, s)? {
                fields.push(FieldError::new("street_code", format!("unknown street `{s}`")));
            }
        }
        if let Some(s) = &b.sector {
            if !reference::sector_exists(&mut conn, s)? {
                fields.push(FieldError::new("sector", format!("unknown sector `{s}`")));
            }
        }
        if !fields.is_empty() {
            return Err(ApiError::Validation(fields));
        }
        throttled(&mut conn, &key, &st)?;
        let now = st.now_naive();
        let secret = random_token(24);
        let tip = TipRow {
            id: Uuid::now_v7().to_string(),
            tracking_code: codes::tip_code(),
            secret_hash: sha256_hex(secret.as_bytes()),
            description: b.description,
            address: b.address,
            latitude: coordinates.map(Coordinates::latitude),
            longitude: coordinates.map(Coordinates::longitude),
            sector_guess: b.sector,
            street_code: b.street_code,
            status: TipStatus::Received.as_str().into(),
            reject_reason: None,
            hazard_id: None,
            reward_status: RewardStatus::None.as_str().into(),
            reward_amount: None,
            created_at: now,
            updated_at: now,
        };
        let reporter = (b.contact_name.is_some() || b.contact_phone.is_some()).then(|| TipReporterRow {
            tip_id: tip.id.clone(),
            name: b.contact_name,
            phone: b.contact_phone,
        });
        tips::insert(&mut conn, &tip, reporter.as_ref())?;
        Ok(TipReceipt { tracking_code: tip.tracking_code, secret })
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Cache-Control", "no-store")).json(receipt))
}

/// The status of a tip (send the secret in `X-Tip-Secret`). A wrong secret is a 404,
/// the same as an unknown code.
#[utoipa::path(
    tag = "public",
    params(
        ("tracking_code" = String, Path, description = "the tip's tracking code"),
        ("X-Tip-Secret" = String, Header, description = "the secret returned with the code")
    ),
    responses(
        (status = 200, body = TipStatusView),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/public/tips/{tracking_code}")]
pub async fn tip_status(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let secret = secret_of(&req);
    let tip = blocking(move || authorised(&mut *st.conn()?, secret.as_deref(), &code)).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(status_view(tip)))
}

/// Adds a photo to one's own tip (multipart `file`; same formats and size limit as hazard
/// photos; `X-Tip-Secret` required). Only while the tip awaits review.
#[utoipa::path(
    tag = "public",
    params(
        ("tracking_code" = String, Path, description = "the tip's tracking code"),
        ("X-Tip-Secret" = String, Header, description = "the secret returned with the code")
    ),
    request_body(content = hazard_openapi::photos::PhotoUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "stored"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: the tip was already reviewed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "payload_too_large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "unsupported_media_type", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/public/tips/{tracking_code}/photos")]
pub async fn add_tip_photo(
    req: HttpRequest,
    state: web::Data<AppState>,
    code: web::Path<String>,
    mut multipart: Multipart,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let secret = secret_of(&req);
    let c = code.clone();
    let tip = blocking(move || authorised(&mut *st.conn()?, secret.as_deref(), &c)).await?;
    if tip.status != TipStatus::Received.as_str() {
        return Err(ApiError::Conflict { code: "invalid_transition", detail: "the tip was already reviewed".into() });
    }
    let max = state.settings.max_photo_bytes;
    let mut file = None;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| ApiError::BadRequest {
            code: "malformed_multipart",
            detail: e.to_string(),
            fields: vec![],
        })?;
        let name = field.name().unwrap_or("").to_owned();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ApiError::BadRequest {
                code: "malformed_multipart",
                detail: e.to_string(),
                fields: vec![],
            })?;
            if data.len() + chunk.len() > max {
                return Err(ApiError::PayloadTooLarge(max));
            }
            data.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" => file = Some(bytes::Bytes::from(data)),
            other => return Err(ApiError::field(other, "unknown form field")),
        }
    }
    let file = file.ok_or_else(|| ApiError::field("file", "missing field `file`"))?;
    let image = ImageType::sniff(&file)
        .ok_or_else(|| ApiError::UnsupportedMediaType("`file` is not a JPEG, PNG, WebP or HEIC image".into()))?;
    let st = state.clone();
    blocking(move || {
        let sha = sha256_hex(&file);
        st.blobs.put(&sha, file.clone())?;
        let row = TipPhotoRow {
            id: Uuid::now_v7().to_string(),
            tip_id: tip.id,
            sha256: sha,
            content_type: image.mime().into(),
            size_bytes: i64::try_from(file.len()).unwrap_or(i64::MAX),
            created_at: st.now_naive(),
        };
        tips::add_photo(&mut *st.conn()?, &row)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({"stored": true})))
}
