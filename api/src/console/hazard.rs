//! `GET /console/hazards/{id}`: one hazard with its photos, timeline, listing and
//! enforcement, and a form for each action the signed-in account may take on it now
//! (the domain's `offered` and the supervision checks decide which; the use cases
//! decide again when a form is sent). A refused form comes back here with its values
//! and the problems next to their fields.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use hazard_domain::hazard::offered;
use hazard_domain::supervision::{self, Level};
use hazard_domain::Permission;
use hazard_infra::repo::{enforcement, hazards as repo, photos, reference, supervisions};
use hazard_openapi::hazards::Hazard;

use super::error::ConsoleError;
use super::failed::{refusal, Failed};
use super::labels::{self, code_of};
use super::names::{Choice, Names};
use super::page::{html, Chrome};
use super::session::Console;
use crate::convert::path_uuid;
use crate::error::blocking;
use crate::routes::hazards::view::{event_dto, hazard_full};
use crate::state::AppState;
use crate::usecases::hazards::{etag, load_visible, state_of, status_of};

/// A timeline entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// When, district time.
    pub at: String,
    /// What happened.
    pub what: &'static str,
    /// Who.
    pub who: String,
    /// Their note or reason.
    pub note: String,
}

/// A photo.
#[derive(Debug, Clone)]
pub struct Shot {
    /// Its id.
    pub id: String,
    /// 整改前, 整改后, 文件.
    pub kind: &'static str,
}

/// An enforcement action.
#[derive(Debug, Clone)]
pub struct Measure {
    /// 约谈, ….
    pub kind: &'static str,
    /// Its date.
    pub date: String,
    /// The department.
    pub department: String,
    /// Its note.
    pub note: String,
}

/// The active listing.
#[derive(Debug, Clone)]
pub struct Listing {
    /// 区级, ….
    pub level: &'static str,
    /// 督办文号.
    pub document_number: String,
    /// Deadline.
    pub deadline: String,
    /// Past its deadline.
    pub overdue: bool,
    /// Supervising department.
    pub department: String,
    /// Why it was listed.
    pub reason: String,
}

#[derive(Template)]
#[template(path = "console/hazard.html")]
struct HazardPage {
    chrome: Chrome,
    h: Hazard,
    etag: String,
    status: String,
    status_label: &'static str,
    grade: String,
    grade_label: &'static str,
    street: String,
    sector: String,
    department: String,
    source: &'static str,
    entries: Vec<Entry>,
    shots: Vec<Shot>,
    measures: Vec<Measure>,
    listing: Option<Listing>,
    actions: Vec<String>,
    may_list: bool,
    may_escalate: bool,
    may_lift: bool,
    may_enforce: bool,
    departments: Vec<Choice>,
    criteria: Vec<Choice>,
    failed: Option<Failed>,
    done: Option<&'static str>,
    today: String,
}

impl HazardPage {
    /// What was typed into `field` of form `form` (after a refusal), else empty.
    fn val(&self, form: &str, field: &str) -> String {
        refusal(&self.failed, form).map(|f| f.value(field)).unwrap_or_default()
    }

    /// The problem with `field` of form `form`, if it was refused for it.
    fn err(&self, form: &str, field: &str) -> Option<String> {
        refusal(&self.failed, form)?.problem(field)
    }

    /// Whether form `form` is the one that was refused (it is shown open).
    fn refused(&self, form: &str) -> bool {
        refusal(&self.failed, form).is_some()
    }

    fn action_label(&self, action: &str) -> &'static str {
        labels::event(action)
    }

    fn major(&self) -> bool {
        self.grade == "major"
    }
}

/// District time of an instant, to the minute.
pub fn local(state: &AppState, at: DateTime<Utc>) -> String {
    at.with_timezone(&state.tz()).format("%Y-%m-%d %H:%M").to_string()
}

/// What a redirect after an accepted form says (`?done=approve`).
fn done_label(done: Option<&str>) -> Option<&'static str> {
    done.map(labels::event).filter(|l| *l != "其他").or(match done {
        Some("listed") => Some("挂牌督办"),
        Some("escalated") => Some("提级督办"),
        Some("lifted") => Some("摘牌"),
        Some("enforced") => Some("执法措施"),
        _ => None,
    })
}

/// Renders hazard `id` for `console` with `status` (200, or the refusal's status).
pub async fn render(
    console: &Console,
    state: &web::Data<AppState>,
    id: &str,
    failed: Option<Failed>,
    done: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    let id = path_uuid(id, "hazard")?.to_string();
    let actor = console.actor.clone();
    let st = state.clone();
    let today = state.today();
    let loaded = blocking(move || {
        let mut conn = st.conn()?;
        let row = load_visible(&mut conn, &actor, &id)?;
        let tag = etag(&row, today)?;
        let actions: Vec<String> =
            offered(&state_of(&row)?, &actor).into_iter().map(|k| k.as_str().to_owned()).collect();
        let hazard_status = status_of(&row)?;
        let active = supervisions::active_for(&mut conn, &id)?;
        let may_list = supervision::check_list(&actor, hazard_status, active.is_some()).is_ok();
        let may_escalate = active.as_ref().is_some_and(|s| {
            s.level().is_ok_and(|current| supervision::check_escalate(&actor, current, Level::City).is_ok())
        });
        let may_lift = active.is_some() && supervision::check_lift(&actor, hazard_status).is_ok();
        let may_enforce = actor.may(Permission::Enforce).is_ok();
        let criteria = reference::criteria(&mut conn, Some(&row.sector))?
            .into_iter()
            .map(|c| Choice { name: format!("{} {}", c.code, c.text), code: c.code })
            .collect();
        let events = repo::events(&mut conn, &id)?;
        let shots = photos::for_hazard(&mut conn, &id)?;
        let measures = enforcement::for_hazard(&mut conn, &id)?;
        let names = Names::load(&mut conn)?;
        let full = hazard_full(&mut conn, row, today)?;
        Ok((
            full,
            tag,
            actions,
            (may_list, may_escalate, may_lift, may_enforce),
            criteria,
            events,
            shots,
            measures,
            names,
        ))
    })
    .await?;
    let (h, tag, actions, may, criteria, events, shots, measures, names) = loaded;
    let entries = events
        .into_iter()
        .map(|(e, name)| event_dto(e, name))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .rev()
        .map(|e| Entry {
            at: local(state, e.created_at),
            what: labels::event(&e.action),
            who: e.actor_name.unwrap_or_else(|| "系统".into()),
            note: e.note.unwrap_or_default(),
        })
        .collect();
    let shots = shots
        .into_iter()
        .map(|p| Shot {
            id: p.id.clone(),
            kind: match p.kind.as_str() {
                "before" => "整改前",
                "after" => "整改后",
                _ => "文件",
            },
        })
        .collect();
    let measures = measures
        .into_iter()
        .map(|m| Measure {
            kind: labels::enforcement(&m.kind),
            date: m.action_date.to_string(),
            department: names.department(&m.department_code),
            note: m.note.unwrap_or_default(),
        })
        .collect();
    let listing = h.supervision.as_ref().map(|s| Listing {
        level: labels::level(&code_of(&s.level)),
        document_number: s.document_number.clone(),
        deadline: s.deadline.to_string(),
        overdue: s.overdue,
        department: names.department(&s.department_code),
        reason: s.reason.clone(),
    });
    let status_code = code_of(&h.status);
    let grade = code_of(&h.grade);
    let page = HazardPage {
        chrome: Chrome::new(console, "/console/hazards", format!("{} {}", h.code, h.title)),
        etag: tag,
        status_label: labels::status(&status_code),
        status: status_code,
        grade_label: labels::grade(&grade),
        grade,
        street: names.street(&h.street_code),
        sector: names.sector(&h.sector),
        department: h.department_code.as_deref().map(|d| names.department(d)).unwrap_or_default(),
        source: labels::source(&code_of(&h.source)),
        entries,
        shots,
        measures,
        listing,
        actions,
        may_list: may.0,
        may_escalate: may.1,
        may_lift: may.2,
        may_enforce: may.3,
        departments: names.departments.clone(),
        criteria,
        failed,
        done: done_label(done),
        today: today.to_string(),
        h,
    };
    Ok(html(status, page.render()))
}

/// The query of the hazard page.
#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    done: Option<String>,
}

/// `GET /console/hazards/{id}`.
pub async fn page(
    console: Console,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ConsoleError> {
    render(&console, &state, &id, None, query.done.as_deref(), StatusCode::OK).await
}
