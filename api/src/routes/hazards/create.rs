//! `POST /v1/hazards`.

use actix_web::{post, web, HttpResponse};
use chrono::Datelike;
use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::lifecycle::{check_basis, CriterionRef};
use hazard_domain::hazard::{EventKind, Grade, Source, Status};
use hazard_domain::{FieldError, Role};
use hazard_infra::models::{HazardRow, NewEvent};
use hazard_infra::repo::{enterprises, hazards, inspections, reference};
use hazard_infra::secrets::sha256_hex;
use hazard_infra::InfraError;
use hazard_openapi::enums::SourceDto;
use hazard_openapi::hazards::{CreateHazard, Hazard};
use hazard_openapi::problem::Problem;
use uuid::Uuid;

use super::view::hazard_dto;
use super::{etag, view};
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

fn source_for(role: Role, asked: Option<SourceDto>) -> Result<Source, ApiError> {
    match (role, asked.map(Source::from)) {
        (Role::Enterprise, None | Some(Source::SelfCheck)) => Ok(Source::SelfCheck),
        (Role::Enterprise, Some(_)) => Err(ApiError::field("source", "enterprise accounts file self_check hazards")),
        (_, Some(Source::PublicTip)) => {
            Err(ApiError::field("source", "public tips are filed through the tip-off channel"))
        }
        (_, Some(s)) => Ok(s),
        (_, None) => Ok(Source::Inspection),
    }
}

/// Files a hazard. With a client-made `id`, a retry of the same request returns the
/// hazard already filed (200) instead of filing it twice; the same id with a different
/// body is a 409.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    request_body = CreateHazard,
    responses(
        (status = 201, body = Hazard, headers(("Location" = String), ("ETag" = String))),
        (status = 200, description = "a retry of an earlier identical request", body = Hazard),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "conflict: the id was used for a different hazard", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards")]
pub async fn create_hazard(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateHazard>,
) -> Result<HttpResponse, ApiError> {
    let actor = auth.0;
    let b = body.0;
    actor.can_file_in(&b.street_code)?;
    let source = source_for(actor.role, b.source)?;
    let coordinates = Coordinates::parse_optional(b.latitude, b.longitude)?;
    let enterprise_id = match actor.role {
        Role::Enterprise => match b.enterprise_id {
            None => actor.enterprise_id,
            Some(e) if Some(e) == actor.enterprise_id => Some(e),
            Some(_) => {
                return Err(ApiError::field(
                    "enterprise_id",
                    "enterprise accounts file hazards for their own enterprise only",
                ))
            }
        },
        _ => b.enterprise_id,
    };
    let request_hash =
        sha256_hex(format!("{}|{}", actor.user_id, serde_json::to_string(&b).unwrap_or_default()).as_bytes());
    let st = state.clone();
    let (row, created) = blocking(move || {
        let mut conn = st.conn()?;
        let id = b.id.unwrap_or_else(Uuid::now_v7).to_string();
        if let Some(existing) = hazards::get(&mut conn, &id)? {
            return replay(existing, &request_hash);
        }
        let mut fields = Vec::new();
        let mut enterprise_id = enterprise_id;
        if let Some(iid) = b.inspection_id {
            match inspections::get(&mut conn, &iid.to_string())? {
                Some(i)
                    if actor.role == Role::Enterprise
                        && i.enterprise_id != actor.enterprise_id.map(|e| e.to_string()) =>
                {
                    fields.push(FieldError::new("inspection_id", "not an inspection of your enterprise"))
                }
                Some(i) if i.street_code == b.street_code => {
                    // Found in an inspection of an enterprise: the hazard is that enterprise's.
                    if enterprise_id.is_none() {
                        enterprise_id = i.enterprise_id.as_deref().map(Uuid::parse_str).transpose().ok().flatten();
                    }
                }
                Some(i) => fields
                    .push(FieldError::new("street_code", format!("the inspection is in street `{}`", i.street_code))),
                None => fields.push(FieldError::new("inspection_id", "unknown inspection")),
            }
        }
        if !reference::street_exists(&mut conn, &b.street_code)? {
            fields.push(FieldError::new("street_code", format!("unknown street `{}`", b.street_code)));
        }
        if !reference::sector_exists(&mut conn, &b.sector)? {
            fields.push(FieldError::new("sector", format!("unknown sector `{}`", b.sector)));
        }
        if let Some(e) = enterprise_id {
            match enterprises::street_of(&mut conn, &e.to_string())? {
                None => fields.push(FieldError::new("enterprise_id", "unknown enterprise")),
                Some(street) if actor.role == Role::Enterprise && street != b.street_code => {
                    fields.push(FieldError::new("street_code", format!("your enterprise is in street `{street}`")))
                }
                Some(_) => {}
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
        if !fields.is_empty() {
            return Err(ApiError::Validation(fields));
        }
        let grade = Grade::from(b.grade);
        if grade == Grade::General && criterion.is_some() {
            return Err(ApiError::field("criterion_code", "only a major hazard cites a criterion"));
        }
        check_basis(grade, criterion.as_ref(), &b.sector)?;
        let now = st.now_naive();
        let year = st.now().with_timezone(&st.tz()).year();
        let row = HazardRow {
            id: id.clone(),
            code: String::new(),
            title: b.title,
            description: b.description,
            sector: b.sector,
            street_code: b.street_code,
            address: b.address,
            latitude: coordinates.map(Coordinates::latitude),
            longitude: coordinates.map(Coordinates::longitude),
            grade: grade.as_str().into(),
            criterion_code: criterion.map(|c| c.code),
            source: source.as_str().into(),
            status: Status::Reported.as_str().into(),
            enterprise_id: enterprise_id.map(|e| e.to_string()),
            enterprise_name: b.enterprise_name,
            inspection_id: b.inspection_id.map(|i| i.to_string()),
            department_code: None,
            responsible_party: None,
            deadline: None,
            rectification_plan: None,
            reported_by: actor.user_id.to_string(),
            observed_at: b.observed_at.map(|t| t.naive_utc()),
            created_at: now,
            updated_at: now,
            closed_at: None,
            version: 1,
            last_submitted_by: None,
            request_hash: request_hash.clone(),
            overdue_recorded_for: None,
            reminded_for: None,
            close_days: None,
            tip_id: None,
            filed_on: st.district_date(now),
            listed: false,
            enforced: false,
        };
        let event = NewEvent {
            hazard_id: id.clone(),
            action: EventKind::Report.as_str().into(),
            actor_id: Some(actor.user_id.to_string()),
            actor_role: Some(actor.role.as_str().into()),
            from_status: None,
            to_status: Status::Reported.as_str().into(),
            note: None,
            data: None,
            created_at: now,
        };
        match hazards::create(&mut conn, row, year, event) {
            Ok(row) => Ok((row, true)),
            // A concurrent retry with the same id won the race: answer as a retry.
            Err(InfraError::Conflict(_)) => match hazards::get(&mut conn, &id)? {
                Some(existing) => replay(existing, &request_hash),
                None => Err(ApiError::conflict("a concurrent request conflicted; retry")),
            },
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    let today = state.today();
    let tag = etag(row.version, view::overdue(&row, today)?);
    let dto = hazard_dto(row, today)?;
    let mut res = if created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.insert_header(("Location", format!("/v1/hazards/{}", dto.id))).insert_header(("ETag", tag)).json(dto))
}

fn replay(existing: HazardRow, request_hash: &str) -> Result<(HazardRow, bool), ApiError> {
    if existing.request_hash == request_hash {
        Ok((existing, false))
    } else {
        Err(ApiError::conflict("this id is already used by a different hazard"))
    }
}
