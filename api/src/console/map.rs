//! `GET /console/map` (地图) and its data, `GET /console/map/hazards.json`: hazards with
//! coordinates as markers coloured by grade and overdue, filtered like the list (open
//! ones by default), within the account's scope (the list's filter and repository call).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use hazard_infra::repo::hazards::{self as repo, Cursor};
use serde::Serialize;

use super::error::ConsoleError;
use super::hazards::list_query;
use super::labels::{self, code_of};
use super::names::{Choice, Names};
use super::page::{map_csp, with_csp, Chrome};
use super::session::Console;
use crate::error::blocking;
use crate::routes::cursor::{page_of, Keyset};
use crate::routes::hazards::list::filter_of;
use crate::routes::hazards::view::hazard_dtos;
use crate::state::AppState;

/// Most markers one map shows.
const MAX_MARKERS: i64 = 2000;
const BATCH: i64 = 500;

/// One marker.
#[derive(Debug, Serialize)]
pub struct Marker {
    id: String,
    code: String,
    title: String,
    grade: String,
    grade_label: &'static str,
    status_label: &'static str,
    street: String,
    overdue: bool,
    lat: f64,
    lng: f64,
}

/// `GET /console/map/hazards.json`: the markers (the list's query; open hazards when
/// neither `status` nor `open` is given).
pub async fn data(
    req: HttpRequest,
    console: Console,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ConsoleError> {
    let mut q = list_query(&req)?;
    if q.status.is_none() && q.open.is_none() {
        q.open = Some(true);
    }
    let today = state.today();
    let filter = filter_of(q, console.actor.scope(), today);
    let st = state.clone();
    let markers = blocking(move || {
        let mut conn = st.conn()?;
        let names = Names::load(&mut conn)?;
        let mut out = Vec::new();
        let Some(filter) = filter else { return Ok(out) };
        let mut after: Option<Cursor> = None;
        let mut seen = 0;
        loop {
            let rows = repo::list(&mut conn, &filter, after.as_ref(), BATCH + 1)?;
            let (rows, next) = page_of(rows, BATCH, |r| Keyset::new(r.created_at, &r.id).encode());
            seen += i64::try_from(rows.len()).unwrap_or(BATCH);
            after = rows.last().map(|r| Cursor { created_at: r.created_at, id: r.id.clone() });
            for h in hazard_dtos(&mut conn, rows, today)? {
                let (Some(lat), Some(lng)) = (h.latitude, h.longitude) else { continue };
                let grade = code_of(&h.grade);
                out.push(Marker {
                    id: h.id.to_string(),
                    code: h.code,
                    title: h.title,
                    grade_label: labels::grade(&grade),
                    grade,
                    status_label: labels::status(&code_of(&h.status)),
                    street: names.street(&h.street_code),
                    overdue: h.overdue,
                    lat,
                    lng,
                });
            }
            if next.is_none() || seen >= MAX_MARKERS {
                break;
            }
        }
        Ok(out)
    })
    .await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(markers))
}

#[derive(Template)]
#[template(path = "console/map.html")]
struct MapPage {
    chrome: Chrome,
    tiles: String,
    source: String,
    streets: Vec<Choice>,
    sectors: Vec<Choice>,
    f_grade: String,
    f_street: String,
    f_sector: String,
    f_overdue: bool,
}

impl MapPage {
    fn sel(&self, field: &str, value: &str) -> bool {
        match field {
            "grade" => self.f_grade == value,
            "street" => self.f_street == value,
            "sector" => self.f_sector == value,
            _ => false,
        }
    }
}

/// `GET /console/map`.
pub async fn page(
    req: HttpRequest,
    console: Console,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ConsoleError> {
    let q = list_query(&req)?;
    let st = state.clone();
    let names = blocking(move || Names::load(&mut *st.conn()?)).await?;
    let page = MapPage {
        chrome: Chrome::new(&console, "/console/map", "地图"),
        tiles: state.settings.console.tile_url.trim().to_owned(),
        source: format!("/console/map/hazards.json?{}", req.query_string()),
        streets: names.streets_within(console.actor.street_code.as_deref()),
        sectors: names.sectors,
        f_grade: q.grade.as_ref().map(code_of).unwrap_or_default(),
        f_street: q.street.clone().unwrap_or_default(),
        f_sector: q.sector.clone().unwrap_or_default(),
        f_overdue: q.overdue == Some(true),
    };
    let csp = map_csp(state.settings.console.tile_origin().as_deref());
    Ok(with_csp(StatusCode::OK, page.render(), &csp))
}
