//! `POST /v1/hazards/{id}/transitions`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use hazard_openapi::hazards::{Hazard, TransitionRequest};
use hazard_openapi::problem::Problem;

use super::view::hazard_full;
use super::{if_match, with_etag};
use crate::auth::AuthUser;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::extract::{parse_value, RawJson, ValidJson};
use crate::state::AppState;
use crate::usecases::hazards::etag;
use crate::usecases::hazards::transition::transition as apply_transition;

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
    let if_match = if_match(req.headers());
    let st = state.clone();
    let today = state.today();
    let (tag, dto) = blocking(move || {
        let row = apply_transition(&st, &auth.0, &id, if_match.as_deref(), request)?;
        Ok((etag(&row, today)?, hazard_full(&mut *st.conn()?, row, today)?))
    })
    .await?;
    Ok(with_etag(HttpResponse::Ok(), tag, dto))
}
