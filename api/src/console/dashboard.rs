//! `GET /console/` (工作台): the plan's key figures for a period and street, each rate
//! with its numerator and denominator, the month-by-month chart and the charts by street
//! and sector; `GET /console/stats.csv` is the same CSV as `GET /v1/stats/kpis`. The
//! figures come from the functions behind `/v1/stats/*`, so they are the API's figures.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::{Datelike, NaiveDate};
use hazard_domain::Permission;
use hazard_openapi::stats::{GroupBy, Kpis, RateDto};
use serde::Deserialize;

use super::error::ConsoleError;
use super::names::{Choice, Names};
use super::page::{html, see_other, Chrome};
use super::session::Console;
use crate::error::{blocking, ApiError};
use crate::routes::stats::{check_period, figures_street, kpi_rows, monthly_rows};
use crate::state::AppState;

/// The dashboard's query: a period and optionally a street (blank: the district).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Period {
    from: Option<String>,
    to: Option<String>,
    street: Option<String>,
}

/// A period as dates, defaulting to this year up to today; a date that does not parse
/// is named in a 400.
fn dates(p: &Period, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let parse = |field: &str, v: &Option<String>, default: NaiveDate| match v.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ApiError::BadRequest {
            code: "validation_failed",
            detail: "invalid query parameter".into(),
            fields: vec![hazard_domain::FieldError::new(field, "expected a date YYYY-MM-DD")],
        }),
    };
    let first = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let (from, to) = (parse("from", &p.from, first)?, parse("to", &p.to, today)?);
    check_period(from, to)?;
    Ok((from, to))
}

/// One key figure: its name, value and how it was counted.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The API's field name (the element id).
    pub key: &'static str,
    /// 重大事故隐患整改率, ….
    pub name: &'static str,
    /// As shown: `60.0%`, `12.5‰`, or `—` with nothing to count.
    pub shown: String,
    /// The value as the API returns it (empty for none).
    pub value: String,
    /// Numerator.
    pub numerator: i64,
    /// Denominator.
    pub denominator: i64,
    /// What the numerator counts.
    pub counts: &'static str,
    /// What the denominator counts.
    pub of: &'static str,
}

fn figure(
    key: &'static str,
    name: &'static str,
    r: &RateDto,
    per_thousand: bool,
    texts: (&'static str, &'static str),
) -> Figure {
    let shown = match r.value {
        None => "—".to_owned(),
        Some(v) if per_thousand => format!("{v:.1}"),
        Some(v) => format!("{:.1}%", v * 100.0),
    };
    Figure {
        key,
        name,
        shown,
        value: r.value.map(|v| v.to_string()).unwrap_or_default(),
        numerator: r.numerator,
        denominator: r.denominator,
        counts: texts.0,
        of: texts.1,
    }
}

fn figures_of(k: &Kpis) -> Vec<Figure> {
    let r = &k.rates;
    vec![
        figure(
            "major_rectification_rate",
            "重大事故隐患整改率",
            &r.major_rectification_rate,
            false,
            ("已整改销号的重大隐患", "发现的重大隐患"),
        ),
        figure(
            "findings_per_thousand_inspections",
            "千次检查发现率",
            &r.findings_per_thousand_inspections,
            true,
            ("检查中发现的隐患", "检查次数（÷1000）"),
        ),
        figure(
            "major_findings_per_thousand_inspections",
            "千次检查重大隐患发现率",
            &r.major_findings_per_thousand_inspections,
            true,
            ("检查中发现的重大隐患", "检查次数（÷1000）"),
        ),
        figure("supervision_rate", "挂牌督办率", &r.supervision_rate, false, ("挂牌督办的重大隐患", "发现的重大隐患")),
        figure(
            "enforcement_rate",
            "约谈警示通报率",
            &r.enforcement_rate,
            false,
            ("被约谈或警示通报的重大隐患", "发现的重大隐患"),
        ),
        figure(
            "self_correction_rate",
            "自查自纠率",
            &r.self_correction_rate,
            false,
            ("企业自查发现并已销号的隐患", "企业自查发现的隐患"),
        ),
    ]
}

/// A chart's series as JSON for `console.js` (in a data attribute: no inline script).
fn series(rows: &[Kpis], label: impl Fn(&Kpis) -> String) -> String {
    let out: Vec<serde_json::Value> = rows
        .iter()
        .map(|k| serde_json::json!({"label": label(k), "found": k.found.total, "major": k.found.major, "closed": k.closed, "overdue": k.overdue}))
        .collect();
    serde_json::Value::Array(out).to_string()
}

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    from: String,
    to: String,
    street: String,
    streets: Vec<Choice>,
    scope_name: String,
    k: Kpis,
    median: String,
    figures: Vec<Figure>,
    monthly: String,
    year: i32,
    by_street: String,
    by_sector: String,
    csv: String,
}

impl DashboardPage {
    fn picked(&self, code: &str) -> bool {
        self.street == code
    }
}

/// `GET /console/`.
pub async fn page(
    console: Console,
    state: web::Data<AppState>,
    query: web::Query<Period>,
) -> Result<HttpResponse, ConsoleError> {
    if console.actor.may(Permission::ReadFigures).is_err() {
        return Ok(see_other("/console/hazards"));
    }
    let (from, to) = dates(&query, state.today())?;
    let asked = query.street.clone().filter(|s| !s.trim().is_empty());
    let street = figures_street(&console.actor, asked)?;
    let st = state.clone();
    let s = street.clone();
    let (one, months, streets, sectors, names) = blocking(move || {
        let mut conn = st.conn()?;
        let one = kpi_rows(&mut conn, &st, (from, to), s.clone(), None, None)?;
        let months = monthly_rows(&mut conn, &st, to.year(), s.clone(), None)?;
        let streets = kpi_rows(&mut conn, &st, (from, to), s.clone(), None, Some(GroupBy::Street))?;
        let sectors = kpi_rows(&mut conn, &st, (from, to), s, None, Some(GroupBy::Sector))?;
        Ok((one, months, streets, sectors, Names::load(&mut conn)?))
    })
    .await?;
    let k = one.into_iter().next().ok_or_else(|| ApiError::internal("no figures"))?;
    let mut csv = form_urlencoded::Serializer::new(String::new());
    csv.append_pair("from", &from.to_string()).append_pair("to", &to.to_string());
    if let Some(s) = &street {
        csv.append_pair("street", s);
    }
    let page = DashboardPage {
        chrome: Chrome::new(&console, "/console/", "工作台"),
        from: from.to_string(),
        to: to.to_string(),
        street: street.clone().unwrap_or_default(),
        streets: names.streets_within(console.actor.street_code.as_deref()),
        scope_name: street.as_deref().map_or_else(|| "全区".to_owned(), |s| names.street(s)),
        median: k.median_days_to_close.map_or_else(|| "—".to_owned(), |d| format!("{d}")),
        figures: figures_of(&k),
        k,
        monthly: series(&months, |k| k.group.clone().unwrap_or_default()),
        year: to.year(),
        by_street: series(&streets, |k| names.street(k.group.as_deref().unwrap_or(""))),
        by_sector: series(&sectors, |k| names.sector(k.group.as_deref().unwrap_or(""))),
        csv: format!("/console/stats.csv?{}", csv.finish()),
    };
    Ok(html(StatusCode::OK, page.render()))
}

/// `GET /console/stats.csv`: the figures by street for the period, as the API's CSV.
pub async fn csv(
    console: Console,
    state: web::Data<AppState>,
    query: web::Query<Period>,
) -> Result<HttpResponse, ConsoleError> {
    let (from, to) = dates(&query, state.today())?;
    let street = figures_street(&console.actor, query.street.clone().filter(|s| !s.trim().is_empty()))?;
    let st = state.clone();
    let rows =
        blocking(move || kpi_rows(&mut *st.conn()?, &st, (from, to), street, None, Some(GroupBy::Street))).await?;
    let mut res = crate::routes::stats_csv::csv(&rows, &format!("kpis-{from}-{to}.csv"));
    res.headers_mut()
        .insert(actix_web::http::header::CACHE_CONTROL, actix_web::http::header::HeaderValue::from_static("no-store"));
    Ok(res)
}
