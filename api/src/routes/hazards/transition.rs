//! `POST /v1/hazards/{id}/transitions`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use hazard_domain::hazard::lifecycle::{Action, CriterionRef};
use hazard_domain::hazard::{decide, Decision, Grade, Status};
use hazard_domain::kpi::days_to_close;

use hazard_infra::models::{HazardRow, NewEvent};
use hazard_infra::repo::{hazards, photos, reference};
use hazard_infra::{DbConnection, InfraError};
use hazard_openapi::hazards::{
    Approve, Assign, CloseOnSite, Extend, Hazard, Invalidate, Regrade, Reject, Reopen, Submit, TransitionRequest,
};
use hazard_openapi::problem::Problem;

use super::view::{hazard_full, overdue, state_of};
use super::{check_if_match, etag, load_visible};
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::{parse_value, RawJson, ValidJson};
use crate::state::AppState;

/// Parses `{"action": …, …}`: the action picks the body type, and errors name the field
/// (serde's internally tagged enums would lose the field path).
pub fn parse_transition(value: serde_json::Value) -> Result<TransitionRequest, ApiError> {
    let serde_json::Value::Object(mut map) = value else {
        return Err(ApiError::field("", "expected a JSON object"));
    };
    let action = match map.remove("action") {
        Some(serde_json::Value::String(a)) => a,
        Some(_) => return Err(ApiError::field("action", "must be a string")),
        None => return Err(ApiError::field("action", "missing field `action`")),
    };
    let rest = serde_json::Value::Object(map);
    Ok(match action.as_str() {
        "assign" => TransitionRequest::Assign(parse_value(rest)?),
        "submit" => TransitionRequest::Submit(parse_value(rest)?),
        "approve" => TransitionRequest::Approve(parse_value(rest)?),
        "reject" => TransitionRequest::Reject(parse_value(rest)?),
        "close_on_site" => TransitionRequest::CloseOnSite(parse_value(rest)?),
        "invalidate" => TransitionRequest::Invalidate(parse_value(rest)?),
        "regrade" => TransitionRequest::Regrade(parse_value(rest)?),
        "extend" => TransitionRequest::Extend(parse_value(rest)?),
        "reopen" => TransitionRequest::Reopen(parse_value(rest)?),
        other => {
            return Err(ApiError::field(
                "action",
                format!("unknown action `{other}`; expected assign, submit, approve, reject, close_on_site, invalidate, regrade, extend or reopen"),
            ))
        }
    })
}

/// Turns a request into a domain action, looking up what the rules need (the criterion).
fn action_of(conn: &mut DbConnection, req: TransitionRequest) -> Result<Action, ApiError> {
    Ok(match req {
        TransitionRequest::Assign(Assign { department_code, responsible_party, deadline, rectification_plan }) => {
            if !reference::department_exists(conn, &department_code)? {
                return Err(ApiError::field("department_code", format!("unknown department `{department_code}`")));
            }
            Action::Assign {
                department_code,
                responsible_party,
                deadline,
                rectification_plan: rectification_plan.map(Into::into),
            }
        }
        TransitionRequest::Submit(Submit { note, rectification_plan }) => {
            Action::Submit { note, rectification_plan: rectification_plan.map(Into::into) }
        }
        TransitionRequest::Approve(Approve { note }) => Action::Approve { note },
        TransitionRequest::Reject(Reject { reason, deadline }) => Action::Reject { reason, deadline },
        TransitionRequest::CloseOnSite(CloseOnSite { note }) => Action::CloseOnSite { note },
        TransitionRequest::Invalidate(Invalidate { reason }) => Action::Invalidate { reason },
        TransitionRequest::Regrade(Regrade { grade, criterion_code, reason }) => {
            let criterion = match criterion_code {
                Some(code) => Some(
                    reference::criterion(conn, &code)?
                        .map(|c| CriterionRef { code: c.code, sector: c.sector })
                        .ok_or_else(|| ApiError::field("criterion_code", format!("unknown criterion `{code}`")))?,
                ),
                None => None,
            };
            Action::Regrade { grade: Grade::from(grade), criterion, reason }
        }
        TransitionRequest::Extend(Extend { deadline, reason }) => Action::Extend { deadline, reason },
        TransitionRequest::Reopen(Reopen { reason, deadline }) => Action::Reopen { reason, deadline },
    })
}

fn event_data(decision: &Decision, before: &HazardRow) -> Option<String> {
    let next = &decision.next;
    let mut data = serde_json::Map::new();
    if next.deadline != before.deadline {
        data.insert("deadline".into(), serde_json::json!(next.deadline));
    }
    if next.grade.as_str() != before.grade || next.criterion_code != before.criterion_code {
        data.insert("grade".into(), serde_json::json!(next.grade));
        data.insert("criterion_code".into(), serde_json::json!(next.criterion_code));
    }
    if next.department_code != before.department_code || next.responsible_party != before.responsible_party {
        data.insert("department_code".into(), serde_json::json!(next.department_code));
        data.insert("responsible_party".into(), serde_json::json!(next.responsible_party));
    }
    (!data.is_empty()).then(|| serde_json::Value::Object(data).to_string())
}

/// Moves a hazard through its lifecycle (see the `action` variants). Honours `If-Match`.
/// Every accepted action is recorded on the timeline in the same transaction.
#[utoipa::path(
    tag = "hazards",
    security(("bearer" = [])),
    params(
        ("id" = uuid::Uuid, Path, description = "hazard id"),
        ("If-Match" = Option<String>, Header, description = "the ETag the change is based on")
    ),
    request_body = TransitionRequest,
    responses(
        (status = 200, body = Hazard, headers(("ETag" = String))),
        (status = 403, description = "forbidden: role, jurisdiction, or reviewer is the submitter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "invalid_transition, or conflict with a concurrent change", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "precondition_failed: If-Match is stale", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed or rectification_plan_incomplete", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/hazards/{id}/transitions")]
pub async fn transition(
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<RawJson>,
) -> Result<HttpResponse, ApiError> {
    let id = path_uuid(&id, "hazard")?.to_string();
    let request = parse_transition(body.0 .0)?;
    let actor = auth.0;
    let headers = req.headers().clone();
    let st = state.clone();
    let (row, dto) = blocking(move || {
        let mut conn = st.conn()?;
        let before = load_visible(&mut conn, &actor, &id)?;
        let today = st.today();
        check_if_match(&headers, &etag(before.version, overdue(&before, today)?))?;
        let action = action_of(&mut conn, request)?;
        let mut facts = state_of(&before)?;
        facts.after_photos = u32::try_from(photos::after_count(&mut conn, &before.id)?).unwrap_or(u32::MAX);
        let decision = decide(&facts, &actor, action, today)?;
        let now = st.now_naive();
        let next = &decision.next;
        let mut after = before.clone();
        after.status = next.status.as_str().into();
        after.grade = next.grade.as_str().into();
        after.criterion_code = next.criterion_code.clone();
        after.department_code = next.department_code.clone();
        after.responsible_party = next.responsible_party.clone();
        after.deadline = next.deadline;
        after.rectification_plan =
            next.plan.as_ref().map(serde_json::to_string).transpose().map_err(|e| ApiError::Internal(e.to_string()))?;
        after.last_submitted_by = next.last_submitted_by.map(|u| u.to_string());
        after.closed_at = match next.status {
            Status::Closed if before.status != "closed" => Some(now),
            Status::Closed => before.closed_at,
            _ => None,
        };
        after.close_days = after.closed_at.map(|c| days_to_close(before.created_at, c));
        after.updated_at = now;
        after.version = before.version + 1;
        let event = NewEvent {
            hazard_id: before.id.clone(),
            action: decision.event.as_str().into(),
            actor_id: Some(actor.user_id.to_string()),
            actor_role: Some(actor.role.as_str().into()),
            from_status: Some(before.status.clone()),
            to_status: after.status.clone(),
            note: decision.note.clone(),
            data: event_data(&decision, &before),
            created_at: now,
        };
        match hazards::update(&mut conn, &before, &after, &[event]) {
            Ok(()) => {
                let dto = hazard_full(&mut conn, after.clone(), today)?;
                Ok((after, dto))
            }
            Err(InfraError::Conflict(_)) if headers.contains_key(actix_web::http::header::IF_MATCH) => {
                let current =
                    hazards::get(&mut conn, &before.id)?.ok_or_else(|| ApiError::NotFound("no such hazard".into()))?;
                Err(ApiError::PreconditionFailed { current_etag: etag(current.version, overdue(&current, today)?) })
            }
            Err(InfraError::Conflict(_)) => {
                Err(ApiError::conflict("the hazard was changed concurrently; reload and retry"))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    let today = state.today();
    let tag = etag(row.version, overdue(&row, today)?);
    Ok(HttpResponse::Ok().insert_header(("ETag", tag)).json(dto))
}
