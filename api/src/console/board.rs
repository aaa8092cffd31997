//! `GET /console/board` (挂牌督办): active listings by deadline with days overdue (the
//! board's repository call and rules, as `GET /v1/supervisions`), each with the
//! escalation and lifting forms the supervision checks allow (they post to the hazard's
//! forms and come back here). Listing and enforcement are forms on each hazard's page.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use hazard_domain::deadline::supervision_days_overdue;
use hazard_domain::supervision::{self, Level};
use hazard_domain::Permission;
use hazard_infra::repo::supervisions::{self, SupervisionFilter};
use serde::Deserialize;

use super::error::ConsoleError;
use super::labels;
use super::names::Names;
use super::page::{html, Chrome};
use super::session::Console;
use crate::error::blocking;
use crate::routes::cursor::{self, page_of};
use crate::state::AppState;

const PAGE: i64 = 50;

/// The board's query.
#[derive(Debug, Deserialize)]
pub struct BoardQuery {
    overdue: Option<String>,
    cursor: Option<String>,
    done: Option<String>,
}

/// One listing.
#[derive(Debug, Clone)]
pub struct Row {
    hazard_id: String,
    code: String,
    title: String,
    grade: String,
    grade_label: &'static str,
    status_label: &'static str,
    level: &'static str,
    document_number: String,
    department: String,
    street: String,
    deadline: String,
    days_overdue: i64,
    /// The higher levels this account may escalate the listing to.
    escalate_to: Vec<(&'static str, &'static str)>,
    /// This account may lift the listing now (the hazard is closed).
    may_lift: bool,
}

#[derive(Template)]
#[template(path = "console/board.html")]
struct BoardPage {
    chrome: Chrome,
    rows: Vec<Row>,
    overdue_only: bool,
    next: Option<String>,
    done: Option<&'static str>,
}

/// `GET /console/board`.
pub async fn page(
    console: Console,
    state: web::Data<AppState>,
    query: web::Query<BoardQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = console.actor.clone();
    let board_actor = actor.clone();
    actor.may(Permission::ReadBoard).map_err(crate::error::ApiError::from)?;
    let today = state.today();
    let overdue_only = query.overdue.as_deref() == Some("true");
    let after: Option<(NaiveDate, String)> =
        query.cursor.as_deref().filter(|c| !c.is_empty()).map(cursor::decode).transpose()?;
    let filter = SupervisionFilter {
        status: Some("active".into()),
        level: None,
        street: None,
        scope: board_actor.register_scope(),
        department: None,
        overdue_on: overdue_only.then_some(today),
    };
    let st = state.clone();
    let (rows, next) = blocking(move || {
        let mut conn = st.conn()?;
        let names = Names::load(&mut conn)?;
        let rows = supervisions::list(&mut conn, &filter, after.as_ref().map(|(d, i)| (*d, i.as_str())), PAGE + 1)?;
        let (rows, next) = page_of(rows, PAGE, |(s, _)| cursor::encode(&(s.deadline, &s.id)));
        let rows = rows
            .into_iter()
            .map(|(s, h)| {
                let grade = h.grade()?.as_str().to_owned();
                let level = s.level()?;
                let escalate_to = Level::ALL
                    .into_iter()
                    .filter(|to| supervision::check_escalate(&actor, level, *to).is_ok())
                    .map(|to| (to.as_str(), labels::level(to.as_str())))
                    .collect();
                let may_lift = supervision::check_lift(&actor, h.status()?).is_ok();
                Ok(Row {
                    hazard_id: h.id.clone(),
                    code: h.code.clone(),
                    title: h.title.clone(),
                    grade_label: labels::grade(&grade),
                    grade,
                    status_label: labels::status(h.status()?.as_str()),
                    level: labels::level(level.as_str()),
                    document_number: s.document_number.clone(),
                    department: names.department(&s.department_code),
                    street: names.street(&h.street_code),
                    deadline: s.deadline.to_string(),
                    days_overdue: supervision_days_overdue(s.is_active(), s.deadline, today),
                    escalate_to,
                    may_lift,
                })
            })
            .collect::<Result<Vec<_>, crate::error::ApiError>>()?;
        Ok((rows, next))
    })
    .await?;
    let next = next.map(|c| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if overdue_only {
            s.append_pair("overdue", "true");
        }
        format!("/console/board?{}", s.append_pair("cursor", &c).finish())
    });
    let done = match query.done.as_deref() {
        Some("escalated") => Some("已提级督办"),
        Some("lifted") => Some("已摘牌"),
        _ => None,
    };
    let page =
        BoardPage { chrome: Chrome::new(&console, "/console/board", "挂牌督办"), rows, overdue_only, next, done };
    Ok(html(StatusCode::OK, page.render()))
}
