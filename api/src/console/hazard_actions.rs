//! The hazard page's forms: lifecycle transitions (with the page's `ETag` as
//! `If-Match`, so a stale page never overwrites someone else's change), listing for
//! supervision, escalating, lifting, and enforcement. Each builds the API's request type
//! from the form and calls the API's use case; a refusal shows the page again with the
//! problems by field, an acceptance redirects to it (303).

use actix_web::{web, HttpResponse, ResponseError};
use hazard_domain::Actor;
use serde::de::DeserializeOwned;
use validator::Validate;

use super::error::ConsoleError;
use super::failed::Failed;
use super::form::Kind;
use super::hazard::render;
use super::page::see_other;
use super::post::{call, command, Posted};
use super::session::Console;
use crate::convert::path_uuid;
use crate::error::ApiError;
use crate::routes::hazards::transition::parse_transition;
use crate::state::AppState;
use crate::usecases;

const PLAN: [(&str, Kind); 5] = [
    ("rectification_plan.responsible", Kind::Text),
    ("rectification_plan.measures", Kind::Text),
    ("rectification_plan.funds", Kind::Text),
    ("rectification_plan.deadline", Kind::Text),
    ("rectification_plan.contingency_plan", Kind::Text),
];

/// The fields each lifecycle action's request has.
fn transition_fields(action: &str) -> Vec<(&'static str, Kind)> {
    let mut fields: Vec<(&'static str, Kind)> = match action {
        "assign" => vec![("department_code", Kind::Text), ("responsible_party", Kind::Text), ("deadline", Kind::Text)],
        "submit" | "approve" | "close_on_site" => vec![("note", Kind::Text)],
        "reject" | "reopen" => vec![("reason", Kind::Text), ("deadline", Kind::Text)],
        "invalidate" => vec![("reason", Kind::Text)],
        "regrade" => vec![("grade", Kind::Text), ("criterion_code", Kind::Text), ("reason", Kind::Text)],
        "extend" => vec![("deadline", Kind::Text), ("reason", Kind::Text)],
        _ => vec![],
    };
    if matches!(action, "assign" | "submit") {
        fields.extend(PLAN);
    }
    fields
}

/// After `run` answered: 303 back to the hazard saying what was done, or the page again
/// with the refusal.
async fn answer<R>(
    console: &Console,
    state: &web::Data<AppState>,
    id: &str,
    form_name: &str,
    values: Vec<(String, String)>,
    outcome: Result<R, ApiError>,
    done: &str,
) -> Result<HttpResponse, ConsoleError> {
    // Forms on the supervision board come back to the board.
    let from_board = values.iter().any(|(k, v)| k == "back" && v == "board");
    match outcome {
        Ok(_) if from_board => Ok(see_other(&format!("/console/board?done={done}"))),
        Ok(_) => Ok(see_other(&format!("/console/hazards/{id}?done={done}"))),
        // Failures of the service itself get the error page, not a form problem.
        Err(e @ (ApiError::Internal(_) | ApiError::Unavailable | ApiError::NotFound(_))) => Err(e.into()),
        Err(e) => {
            let status = e.status_code();
            render(console, state, id, Some(Failed::of(form_name, values, &e)), None, status).await
        }
    }
}

/// `POST /console/hazards/{id}/transition`.
pub async fn transition(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let Posted { console, form } = posted;
    let id = path_uuid(&id, "hazard")?.to_string();
    let action = form.get("action").unwrap_or_default().to_owned();
    // The page's ETag is the If-Match of every change made from it; a form without one
    // is treated as stale rather than as "whatever the hazard is now".
    let if_match = form.get("etag").unwrap_or("\"none\"").to_owned();
    let mut value = form.json(&transition_fields(&action));
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("action".into(), serde_json::Value::String(action.clone()));
    }
    let target = id.clone();
    let outcome = match parse_transition(value) {
        Ok(request) => {
            let run = move |st: &AppState, actor: &Actor| {
                usecases::hazards::transition::transition(st, actor, &target, Some(&if_match), request)
            };
            call(&console, &state, run).await
        }
        Err(e) => Err(e),
    };
    answer(&console, &state, &id, &action, form.values(), outcome, &action).await
}

/// Runs a supervision or enforcement use case on hazard `id` with the form as its
/// request type `T`.
async fn hazard_command<T, R>(
    Posted { console, form }: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
    (form_name, fields, done): (&str, &[(&str, Kind)], &str),
    run: fn(&AppState, &Actor, &str, T) -> Result<R, ApiError>,
) -> Result<HttpResponse, ConsoleError>
where
    T: DeserializeOwned + Validate + Send + 'static,
    R: Send + 'static,
{
    let id = path_uuid(&id, "hazard")?.to_string();
    let target = id.clone();
    let outcome =
        command(&console, &state, form.json(fields), move |st, actor, cmd| run(st, actor, &target, cmd)).await;
    answer(&console, &state, &id, form_name, form.values(), outcome, done).await
}

/// `POST /console/hazards/{id}/supervision`: list it (挂牌督办).
pub async fn list_for_supervision(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let fields = [
        ("level", Kind::Text),
        ("department_code", Kind::Text),
        ("document_number", Kind::Text),
        ("deadline", Kind::Text),
        ("reason", Kind::Text),
    ];
    hazard_command(posted, state, id, ("list", &fields, "listed"), usecases::supervision::list::list).await
}

/// `POST /console/hazards/{id}/supervision/escalate` (提级).
pub async fn escalate(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let fields = [("level", Kind::Text), ("reason", Kind::Text)];
    let run = usecases::supervision::escalate::escalate;
    hazard_command(posted, state, id, ("escalate", &fields, "escalated"), run).await
}

/// `POST /console/hazards/{id}/supervision/lift` (摘牌).
pub async fn lift(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let fields = [("note", Kind::Text)];
    hazard_command(posted, state, id, ("lift", &fields, "lifted"), usecases::supervision::lift::lift).await
}

/// `POST /console/hazards/{id}/enforcement` (约谈, 警示通报, …).
pub async fn enforce(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let fields = [("kind", Kind::Text), ("date", Kind::Text), ("department_code", Kind::Text), ("note", Kind::Text)];
    let run = usecases::enforcement::record;
    hazard_command(posted, state, id, ("enforce", &fields, "enforced"), run).await
}
