//! `GET /console/hazards`: the hazard list with the API's filters and keyset paging
//! (the same filter, repository call and cursor as `GET /v1/hazards`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use hazard_infra::repo::hazards::{self as repo, Cursor};
use hazard_openapi::hazards::{Hazard, HazardListQuery};
use validator::Validate;

use super::error::ConsoleError;
use super::labels::{self, code_of};
use super::names::{Choice, Names};
use super::page::{html, Chrome};
use super::session::Console;
use crate::error::{blocking, ApiError};
use crate::routes::cursor::{page_of, Keyset};
use crate::routes::hazards::list::filter_of;
use crate::routes::hazards::view::hazard_dtos;
use crate::state::AppState;

/// Rows per page.
const PAGE: i64 = 25;

/// One row of a hazard table.
#[derive(Debug, Clone)]
pub struct Line {
    /// Id (links to the hazard page).
    pub id: String,
    /// YH-….
    pub code: String,
    /// Title.
    pub title: String,
    /// Status code (for styling) and its label.
    pub status: String,
    /// 已上报, ….
    pub status_label: &'static str,
    /// `major` or `general`.
    pub grade: String,
    /// 重大隐患 / 一般隐患.
    pub grade_label: &'static str,
    /// Street name.
    pub street: String,
    /// Sector name.
    pub sector: String,
    /// Deadline, if any.
    pub deadline: String,
    /// Open past its deadline.
    pub overdue: bool,
    /// Under active supervision.
    pub listed: bool,
}

impl Line {
    /// A row for `h`.
    pub fn of(h: &Hazard, names: &Names) -> Line {
        let status = code_of(&h.status);
        let grade = code_of(&h.grade);
        Line {
            id: h.id.to_string(),
            code: h.code.clone(),
            title: h.title.clone(),
            status_label: labels::status(&status),
            status,
            grade_label: labels::grade(&grade),
            grade,
            street: names.street(&h.street_code),
            sector: names.sector(&h.sector),
            deadline: h.deadline.map(|d| d.to_string()).unwrap_or_default(),
            overdue: h.overdue,
            listed: h.supervision.is_some(),
        }
    }
}

/// The list's query as the API reads it: blank fields (an untouched picker) are left
/// out, then the same type and validation rules as `GET /v1/hazards`.
pub fn list_query(req: &HttpRequest) -> Result<HazardListQuery, ApiError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes())
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.into_owned(), v.trim().to_owned()))
        .collect();
    let text = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
    let q: HazardListQuery = serde_urlencoded::from_str(&text).map_err(|e| ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid query parameter".into(),
        fields: vec![hazard_domain::FieldError::new("query", e.to_string())],
    })?;
    q.validate().map_err(|e| match ApiError::from(e) {
        ApiError::Validation(fields) => {
            ApiError::BadRequest { code: "validation_failed", detail: "invalid query parameter".into(), fields }
        }
        other => other,
    })?;
    Ok(q)
}

#[derive(Template)]
#[template(path = "console/hazards.html")]
struct ListPage {
    chrome: Chrome,
    lines: Vec<Line>,
    streets: Vec<Choice>,
    sectors: Vec<Choice>,
    f_status: String,
    f_grade: String,
    f_street: String,
    f_sector: String,
    f_overdue: bool,
    f_open: bool,
    f_q: String,
    next: Option<String>,
    first: Option<String>,
}

impl ListPage {
    fn sel(&self, field: &str, value: &str) -> bool {
        let current = match field {
            "status" => &self.f_status,
            "grade" => &self.f_grade,
            "street" => &self.f_street,
            "sector" => &self.f_sector,
            _ => return false,
        };
        current == value
    }
}

/// `GET /console/hazards`.
pub async fn page(
    req: HttpRequest,
    console: Console,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ConsoleError> {
    let q = list_query(&req)?;
    let today = state.today();
    let after = q.cursor.as_deref().map(Keyset::decode).transpose()?;
    let echo = |v: &Option<String>| v.clone().unwrap_or_default();
    let (f_street, f_sector, f_q) = (echo(&q.street), echo(&q.sector), echo(&q.q));
    let f_status = q.status.as_ref().map(code_of).unwrap_or_default();
    let f_grade = q.grade.as_ref().map(code_of).unwrap_or_default();
    let f_overdue = q.overdue == Some(true);
    let f_open = q.open == Some(true);
    let paged = q.cursor.is_some();
    let filter = filter_of(q, console.actor.scope(), today);
    let st = state.clone();
    let (lines, names, next) = blocking(move || {
        let mut conn = st.conn()?;
        let names = Names::load(&mut conn)?;
        let Some(filter) = filter else { return Ok((vec![], names, None)) };
        let after = after.map(|k| Cursor { created_at: k.at, id: k.id });
        let rows = repo::list(&mut conn, &filter, after.as_ref(), PAGE + 1)?;
        let (rows, next) = page_of(rows, PAGE, |r| Keyset::new(r.created_at, &r.id).encode());
        let lines = hazard_dtos(&mut conn, rows, today)?.iter().map(|h| Line::of(h, &names)).collect();
        Ok((lines, names, next))
    })
    .await?;
    let base: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes())
        .filter(|(k, v)| k != "cursor" && !v.is_empty())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let link = |cursor: Option<&str>| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.extend_pairs(&base);
        if let Some(c) = cursor {
            s.append_pair("cursor", c);
        }
        format!("/console/hazards?{}", s.finish())
    };
    let page = ListPage {
        chrome: Chrome::new(&console, "/console/hazards", "隐患"),
        lines,
        streets: names.streets_within(console.actor.street_code.as_deref()),
        sectors: names.sectors,
        f_status,
        f_grade,
        f_street,
        f_sector,
        f_overdue,
        f_open,
        f_q,
        next: next.as_deref().map(|c| link(Some(c))),
        first: paged.then(|| link(None)),
    };
    Ok(html(StatusCode::OK, page.render()))
}
