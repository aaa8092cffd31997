//! `GET /v1/stats/kpis` and `GET /v1/stats/monthly`: the plan's key figures, as JSON or
//! as CSV that opens cleanly in Excel.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone};
use hazard_domain::client::Scope;
use hazard_domain::kpi::Rate;
use hazard_domain::Permission;
use hazard_infra::repo::{reference, stats};
use hazard_infra::DbConnection;
use hazard_openapi::problem::Problem;
use hazard_openapi::stats::{Format, FoundCounts, GroupBy, KpiQuery, KpiTable, Kpis, MonthlyQuery, Rates};

use crate::auth::Caller;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::state::AppState;

/// Which street the caller may see figures of: its own when street-scoped.
fn street_scope(caller: &Caller, asked: Option<String>) -> Result<Option<String>, ApiError> {
    let scope = match caller {
        Caller::Client(c) => {
            c.require(Scope::StatsRead)?;
            c.scope()
        }
        Caller::User(a) => {
            a.may(Permission::ReadFigures)?;
            a.scope()
        }
    };
    Ok(scope.narrow(asked)?)
}

fn utc_start(day: NaiveDate, tz: chrono_tz::Tz) -> NaiveDateTime {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&local).earliest().map_or(local, |t| t.naive_utc())
}

/// The rows of one period: one per group in `groups` (in that order; a group without
/// hazards or inspections gets zeros), or the scope's single row. Every query groups in
/// the database, so a table costs about as much as one row.
fn figures(
    conn: &mut DbConnection,
    state: &AppState,
    period: (NaiveDate, NaiveDate),
    street: Option<String>,
    sector: Option<String>,
    groups: Groups,
) -> Result<Vec<Kpis>, ApiError> {
    let (from, to) = period;
    let tz = state.tz();
    let scope = stats::Scope {
        from,
        to,
        from_utc: utc_start(from, tz),
        to_utc: utc_start(to.succ_opt().unwrap_or(to), tz),
        street,
        sector,
        today: state.today(),
    };
    let grouping = match &groups {
        Groups::One(_) => stats::Grouping::All,
        Groups::Streets(_) => stats::Grouping::Street,
        Groups::Sectors(_) => stats::Grouping::Sector,
    };
    let hazards = stats::hazard_figures(conn, &scope, grouping)?;
    let inspections = stats::inspections(conn, &scope, grouping)?;
    let row = |group: Option<String>, key: &str, street: Option<String>, sector: Option<String>| {
        let h = hazards.get(key).cloned().unwrap_or_default();
        let c = h.tally;
        let inspections = inspections.get(key).copied().unwrap_or(0);
        Kpis {
            group,
            from,
            to,
            street,
            sector,
            found: FoundCounts { total: c.found, general: c.found - c.found_major, major: c.found_major },
            closed: c.closed,
            open: c.open,
            overdue: h.overdue,
            inspections,
            rates: Rates {
                major_rectification_rate: Rate::ratio(c.major_closed, c.found_major).into(),
                findings_per_thousand_inspections: Rate::per_thousand(c.in_inspections, inspections).into(),
                major_findings_per_thousand_inspections: Rate::per_thousand(c.major_in_inspections, inspections).into(),
                supervision_rate: Rate::ratio(c.major_listed, c.found_major).into(),
                enforcement_rate: Rate::ratio(c.major_enforced, c.found_major).into(),
                self_correction_rate: Rate::ratio(c.self_closed, c.self_found).into(),
            },
            median_days_to_close: h.median_close_days,
        }
    };
    Ok(match groups {
        Groups::One(label) => vec![row(label, "", scope.street.clone(), scope.sector.clone())],
        Groups::Streets(codes) => {
            codes.into_iter().map(|c| row(Some(c.clone()), &c, Some(c.clone()), scope.sector.clone())).collect()
        }
        Groups::Sectors(codes) => {
            codes.into_iter().map(|c| row(Some(c.clone()), &c, scope.street.clone(), Some(c.clone()))).collect()
        }
    })
}

/// The rows a figures table has.
enum Groups {
    /// One row, with this label.
    One(Option<String>),
    /// One row per street code.
    Streets(Vec<String>),
    /// One row per sector code.
    Sectors(Vec<String>),
}

/// Refuses a period that ends before it starts or spans more than ten years.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), ApiError> {
    let refuse = |message: &str| ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid query parameter".into(),
        fields: vec![hazard_domain::FieldError::new("to", message)],
    };
    if to < from {
        return Err(refuse("must not be before `from`"));
    }
    if (to - from).num_days() > 3660 {
        return Err(refuse("a period is at most ten years"));
    }
    Ok(())
}

/// The street an account sees figures of (its own when street-scoped); enterprise
/// accounts are refused. The web console's dashboard asks the same.
pub fn figures_street(actor: &hazard_domain::Actor, asked: Option<String>) -> Result<Option<String>, ApiError> {
    actor.may(Permission::ReadFigures)?;
    Ok(actor.scope().narrow(asked)?)
}

/// The key figures of a period (`street` already narrowed to the caller's scope): one
/// row, or one per street or sector with `group_by`.
pub fn kpi_rows(
    conn: &mut DbConnection,
    st: &AppState,
    period: (NaiveDate, NaiveDate),
    street: Option<String>,
    sector: Option<String>,
    group_by: Option<GroupBy>,
) -> Result<Vec<Kpis>, ApiError> {
    let groups = match group_by {
        None => Groups::One(None),
        Some(GroupBy::Street) => Groups::Streets(match &street {
            Some(s) => vec![s.clone()],
            None => reference::streets(conn)?.into_iter().map(|s| s.code).collect(),
        }),
        Some(GroupBy::Sector) => Groups::Sectors(match &sector {
            Some(s) => vec![s.clone()],
            None => reference::sectors(conn)?.into_iter().map(|s| s.code).collect(),
        }),
    };
    figures(conn, st, period, street, sector, groups)
}

/// The figures of each month of `year`, labelled `YYYY-MM`.
pub fn monthly_rows(
    conn: &mut DbConnection,
    st: &AppState,
    year: i32,
    street: Option<String>,
    sector: Option<String>,
) -> Result<Vec<Kpis>, ApiError> {
    (1..=12)
        .map(|m| {
            let from = NaiveDate::from_ymd_opt(year, m, 1).ok_or_else(|| ApiError::field("year", "out of range"))?;
            let next =
                if m == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, m + 1, 1) };
            let to = next.and_then(|d| d.pred_opt()).ok_or_else(|| ApiError::field("year", "out of range"))?;
            let label = Some(format!("{}-{:02}", from.year(), m));
            figures(conn, st, (from, to), street.clone(), sector.clone(), Groups::One(label))
        })
        .collect::<Result<Vec<Vec<_>>, _>>()
        .map(|months| months.into_iter().flatten().collect())
}

fn wants_csv(req: &HttpRequest, format: Option<Format>) -> bool {
    format == Some(Format::Csv)
        || req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/csv"))
}

/// What a figures request asks of the answer besides its figures.
struct Asked {
    /// The street asked for (narrowed to the caller's own).
    street: Option<String>,
    /// `format=csv`, if given.
    format: Option<Format>,
    /// The file name of the CSV download.
    csv_name: String,
}

/// The shared tail of the figures endpoints: the caller's street, the figures `read`
/// computes for it, then CSV when asked (by `format` or `Accept`), else `json(rows)`.
async fn figures_answer(
    req: &HttpRequest,
    caller: &Caller,
    state: &web::Data<AppState>,
    asked: Asked,
    read: impl FnOnce(&mut DbConnection, &AppState, Option<String>) -> Result<Vec<Kpis>, ApiError> + Send + 'static,
    json: impl FnOnce(Vec<Kpis>) -> Result<HttpResponse, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let street = street_scope(caller, asked.street)?;
    let csv_out = wants_csv(req, asked.format);
    let st = state.clone();
    let rows = blocking(move || read(&mut *st.conn()?, &st, street)).await?;
    if csv_out {
        return Ok(super::stats_csv::csv(&rows, &asked.csv_name));
    }
    json(rows)
}

/// The plan's figures for a period, for the district or one street (street accounts:
/// their own), optionally one sector, optionally one row per street or sector. Every
/// rate carries its numerator and denominator; a rate with nothing to count is `null`.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = []), ("api_key" = [])),
    params(KpiQuery),
    responses(
        (status = 200, description = "one object, or `{rows}` with group_by; text/csv on request",
            content((hazard_openapi::stats::KpiAnswer = "application/json"), (String = "text/csv"))),
        (status = 400, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/stats/kpis")]
pub async fn kpis(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: ValidQuery<KpiQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    check_period(q.from, q.to)?;
    let asked = Asked { street: q.street.clone(), format: q.format, csv_name: "kpis.csv".into() };
    let read = move |conn: &mut DbConnection, st: &AppState, street: Option<String>| {
        kpi_rows(conn, st, (q.from, q.to), street, q.sector, q.group_by)
    };
    figures_answer(&req, &caller, &state, asked, read, |rows| {
        if q.group_by.is_some() {
            Ok(HttpResponse::Ok().json(KpiTable { rows }))
        } else {
            let one = rows.into_iter().next().ok_or_else(|| ApiError::internal("no figures"))?;
            Ok(HttpResponse::Ok().json(one))
        }
    })
    .await
}

/// The same figures month by month for a year.
#[utoipa::path(
    tag = "stats",
    security(("bearer" = []), ("api_key" = [])),
    params(MonthlyQuery),
    responses(
        (status = 200, description = "one row per month; text/csv on request",
            content((KpiTable = "application/json"), (String = "text/csv"))),
        (status = 400, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/stats/monthly")]
pub async fn monthly(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: ValidQuery<MonthlyQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let asked = Asked { street: q.street.clone(), format: q.format, csv_name: format!("monthly-{}.csv", q.year) };
    let read = move |conn: &mut DbConnection, st: &AppState, street: Option<String>| {
        monthly_rows(conn, st, q.year, street, q.sector)
    };
    figures_answer(&req, &caller, &state, asked, read, |rows| Ok(HttpResponse::Ok().json(KpiTable { rows }))).await
}
