//! The supervisors' desk: `GET /v1/tips`, `GET /v1/tips/{id}`, verify, reject, reward;
//! and `GET /v1/tips/{id}/reporter` for administrators only.

use actix_web::{get, post, web, HttpResponse};
use chrono::Datelike;
use hazard_domain::hazard::lifecycle::{check_basis, CriterionRef};
use hazard_domain::hazard::{EventKind, Grade, Source, Status};
use hazard_domain::tip::{self, RewardStatus, TipStatus};
use hazard_domain::{Actor, FieldError, Role};
use hazard_infra::models::{HazardRow, NewEvent, PhotoRow, TipRow};
use hazard_infra::repo::{enterprises, reference, tips};
use hazard_infra::DbConnection;
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;
use hazard_openapi::tips::{RejectTip, RewardStatusDto, RewardTip, Tip, TipListQuery, TipReporter, VerifyTip};
use uuid::Uuid;

use super::view::tip_dto;
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::{ValidJson, ValidQuery};
use crate::routes::cursor::{decode_at, encode_at};
use crate::state::AppState;

fn supervisor(actor: &Actor) -> Result<(), ApiError> {
    if actor.role == Role::Supervisor {
        Ok(())
    } else {
        Err(ApiError::Forbidden("tips are handled by supervisors".into()))
    }
}

/// A tip the supervisor may handle: street supervisors see tips placed in their street.
fn load(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<TipRow, ApiError> {
    let tip = tips::get(conn, id)?.ok_or_else(|| ApiError::NotFound("no such tip".into()))?;
    match &actor.street_code {
        Some(s) if tip.street_code.as_deref() != Some(s) => Err(ApiError::NotFound("no such tip".into())),
        _ => Ok(tip),
    }
}

fn with_photos(conn: &mut DbConnection, tip: TipRow) -> Result<Tip, ApiError> {
    let n = tips::photos(conn, &tip.id)?.len() as i64;
    tip_dto(tip, n)
}

/// Tips, newest first (supervisors). Never shows who sent them.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(TipListQuery),
    responses(
        (status = 200, body = Page<Tip>),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/tips")]
pub async fn list_tips(
    auth: AuthUser,
    state: web::Data<AppState>,
    query: ValidQuery<TipListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    supervisor(&actor)?;
    let q = query.0;
    let after = q.cursor.as_deref().map(decode_at).transpose()?;
    let filter = tips::TipFilter { status: q.status, scope_street: actor.street_code.clone() };
    let limit = q.limit.unwrap_or(50);
    let st = state.clone();
    let page = blocking(move || {
        let mut conn = st.conn()?;
        let rows = tips::list(&mut conn, &filter, after.as_ref().map(|(t, i)| (*t, i.as_str())), limit + 1)?;
        let has_more = rows.len() as i64 > limit;
        let rows: Vec<_> = rows.into_iter().take(usize::try_from(limit).unwrap_or(50)).collect();
        let next_cursor = if has_more { rows.last().map(|r| encode_at(r.created_at, &r.id)) } else { None };
        let items = rows.into_iter().map(|r| with_photos(&mut conn, r)).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { items, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One tip (supervisors).
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    responses(
        (status = 200, body = Tip),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/tips/{id}")]
pub async fn get_tip(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    supervisor(&actor)?;
    let id = path_uuid(&id, "tip")?.to_string();
    let st = state.clone();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let tip = load(&mut conn, &actor, &id)?;
        with_photos(&mut conn, tip)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// Who sent a tip (administrators only, e.g. to pay a reward). Confidential.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    responses(
        (status = 200, body = TipReporter),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/tips/{id}/reporter")]
pub async fn tip_reporter(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let id = path_uuid(&id, "tip")?.to_string();
    let st = state.clone();
    let reporter = blocking(move || {
        let mut conn = st.conn()?;
        tips::get(&mut conn, &id)?.ok_or_else(|| ApiError::NotFound("no such tip".into()))?;
        Ok(tips::reporter(&mut conn, &id)?)
    })
    .await?;
    let out =
        reporter.map_or(TipReporter { name: None, phone: None }, |r| TipReporter { name: r.name, phone: r.phone });
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(out))
}

/// Verifies a tip: it becomes a hazard with source `public_tip`, linked to the tip and
/// carrying its photos.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    request_body = VerifyTip,
    responses(
        (status = 200, body = Tip),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: already reviewed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/tips/{id}/verify")]
pub async fn verify_tip(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<VerifyTip>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    supervisor(&actor)?;
    actor.can_file_in(&body.0.street_code)?;
    let id = path_uuid(&id, "tip")?.to_string();
    let b = body.0;
    let st = state.clone();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let tip = load(&mut conn, &actor, &id)?;
        tip::check_review(tip.status.parse::<TipStatus>().map_err(ApiError::Internal)?)?;
        let mut fields = Vec::new();
        if !reference::street_exists(&mut conn, &b.street_code)? {
            fields.push(FieldError::new("street_code", format!("unknown street `{}`", b.street_code)));
        }
        if !reference::sector_exists(&mut conn, &b.sector)? {
            fields.push(FieldError::new("sector", format!("unknown sector `{}`", b.sector)));
        }
        if let Some(e) = b.enterprise_id {
            if !enterprises::exists(&mut conn, &e.to_string())? {
                fields.push(FieldError::new("enterprise_id", "unknown enterprise"));
            }
        }
        let criterion = match &b.criterion_code {
            Some(code) => match reference::criterion(&mut conn, code)? {
                Some(c) => Some(CriterionRef { code: c.code, sector: c.sector }),
                None => {
                    fields.push(FieldError::new("criterion_code", format!("unknown criterion `{code}`")));
                    None
                }
            },
            None => None,
        };
        let address = b.address.or_else(|| tip.address.clone());
        if address.is_none() {
            fields.push(FieldError::new("address", "the tip has no address: give one"));
        }
        if !fields.is_empty() {
            return Err(ApiError::Validation(fields));
        }
        let grade = Grade::from(b.grade);
        if grade == Grade::General && criterion.is_some() {
            return Err(ApiError::field("criterion_code", "only a major hazard cites a criterion"));
        }
        check_basis(grade, criterion.as_ref(), &b.sector)?;
        let now = st.now_naive();
        let hazard_id = Uuid::now_v7().to_string();
        let row = HazardRow {
            id: hazard_id.clone(),
            code: String::new(),
            title: b.title,
            description: tip.description.clone(),
            sector: b.sector,
            street_code: b.street_code,
            address: address.unwrap_or_default(),
            latitude: tip.latitude,
            longitude: tip.longitude,
            grade: grade.as_str().into(),
            criterion_code: criterion.map(|c| c.code),
            source: Source::PublicTip.as_str().into(),
            status: Status::Reported.as_str().into(),
            enterprise_id: b.enterprise_id.map(|e| e.to_string()),
            enterprise_name: None,
            inspection_id: None,
            department_code: None,
            responsible_party: None,
            deadline: None,
            rectification_plan: None,
            reported_by: actor.user_id.to_string(),
            observed_at: Some(tip.created_at),
            created_at: now,
            updated_at: now,
            closed_at: None,
            version: 1,
            last_submitted_by: None,
            request_hash: format!("tip:{}", tip.id),
            overdue_recorded_for: None,
            reminded_for: None,
            close_days: None,
            tip_id: Some(tip.id.clone()),
            filed_on: st.district_date(now),
            listed: false,
            enforced: false,
        };
        let event = NewEvent {
            hazard_id: hazard_id.clone(),
            action: EventKind::Report.as_str().into(),
            actor_id: Some(actor.user_id.to_string()),
            actor_role: Some(actor.role.as_str().into()),
            from_status: None,
            to_status: Status::Reported.as_str().into(),
            note: Some(format!("verified from public tip {}", tip.tracking_code)),
            data: None,
            created_at: now,
        };
        let year = st.now().with_timezone(&st.tz()).year();
        let tip_photos = tips::photos(&mut conn, &tip.id)?;
        let mut updated = tip.clone();
        updated.status = TipStatus::Verified.as_str().into();
        updated.hazard_id = Some(hazard_id.clone());
        updated.updated_at = now;
        let copies: Vec<PhotoRow> = tip_photos
            .iter()
            .map(|p| PhotoRow {
                id: Uuid::now_v7().to_string(),
                hazard_id: hazard_id.clone(),
                kind: "before".into(),
                sha256: p.sha256.clone(),
                content_type: p.content_type.clone(),
                size_bytes: p.size_bytes,
                width: None,
                height: None,
                taken_at: None,
                latitude: None,
                longitude: None,
                uploaded_by: actor.user_id.to_string(),
                created_at: now,
                thumb_sha256: None,
            })
            .collect();
        tips::verify(&mut conn, row, year, event, &copies, &updated, tip.updated_at)
            .map_err(|e| crate::routes::conflict_as_retry(e, "the tip changed meanwhile; reload it"))?;
        with_photos(&mut conn, updated)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// Rejects a tip (not a hazard), with a reason.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    request_body = RejectTip,
    responses(
        (status = 200, body = Tip),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: already reviewed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/tips/{id}/reject")]
pub async fn reject_tip(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<RejectTip>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    supervisor(&actor)?;
    let id = path_uuid(&id, "tip")?.to_string();
    let st = state.clone();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let tip = load(&mut conn, &actor, &id)?;
        tip::check_review(tip.status.parse::<TipStatus>().map_err(ApiError::Internal)?)?;
        let mut updated = tip.clone();
        updated.status = TipStatus::Rejected.as_str().into();
        updated.reject_reason = Some(body.0.reason);
        updated.updated_at = st.now_naive();
        tips::update(&mut conn, &updated, tip.updated_at)
            .map_err(|e| crate::routes::conflict_as_retry(e, "the tip changed meanwhile; reload it"))?;
        with_photos(&mut conn, updated)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// Rewards a verified tip (举报奖励): pending, then granted.
#[utoipa::path(
    tag = "tips",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "tip id")),
    request_body = RewardTip,
    responses(
        (status = 200, body = Tip),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition: not verified, or the reward cannot move that way", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/tips/{id}/reward")]
pub async fn reward_tip(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<RewardTip>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    supervisor(&actor)?;
    let id = path_uuid(&id, "tip")?.to_string();
    let st = state.clone();
    let dto = blocking(move || {
        let mut conn = st.conn()?;
        let tip = load(&mut conn, &actor, &id)?;
        let to = match body.0.status {
            Some(RewardStatusDto::Granted) => RewardStatus::Granted,
            _ => RewardStatus::Pending,
        };
        tip::check_reward(
            tip.status.parse::<TipStatus>().map_err(ApiError::Internal)?,
            tip.reward_status.parse::<RewardStatus>().map_err(ApiError::Internal)?,
            to,
            body.0.amount,
        )?;
        let mut updated = tip.clone();
        updated.reward_status = to.as_str().into();
        updated.reward_amount = Some(body.0.amount);
        updated.updated_at = st.now_naive();
        tips::update(&mut conn, &updated, tip.updated_at)
            .map_err(|e| crate::routes::conflict_as_retry(e, "the tip changed meanwhile; reload it"))?;
        with_photos(&mut conn, updated)
    })
    .await?;
    Ok(HttpResponse::Ok().json(dto))
}
