//! Hazards as service requests: the search behind `GET requests` and `GET requests/{id}`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use hazard_domain::client::{Client, Scope};
use hazard_domain::hazard::Status;
use hazard_infra::repo::hazards::{self, Open311Filter};
use serde_json::Value;

use super::common::{client_with, names, request_of};
use crate::error::ApiError;
use crate::state::AppState;

/// The deepest page start served (a million requests); further is a 400, not a
/// database error.
const MAX_OFFSET: i64 = 1_000_000;

/// The query parameters, by name.
pub type Params = HashMap<String, String>;

fn parse_time(field: &str, v: &str) -> Result<NaiveDateTime, ApiError> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc).naive_utc())
        .or_else(|_| NaiveDate::parse_from_str(v, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default()))
        .map_err(|_| ApiError::field(field, "must be an ISO 8601 date-time with a time zone"))
}

fn number(q: &Params, field: &str, default: i64) -> Result<i64, ApiError> {
    q.get(field)
        .map(|p| p.parse::<i64>().map_err(|_| ApiError::field(field, "must be a whole number")))
        .transpose()
        .map(|v| v.unwrap_or(default))
}

fn filter_of(q: &Params, client: &Client, state: &AppState) -> Result<Open311Filter, ApiError> {
    let mut filter = Open311Filter { street: client.street_code.clone(), ..Open311Filter::default() };
    if let Some(ids) = q.get("service_request_id").filter(|s| !s.is_empty()) {
        filter.codes = ids.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).take(200).collect();
        return Ok(filter);
    }
    if let Some(codes) = q.get("service_code") {
        filter.sectors = codes.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).take(200).collect();
    }
    if let Some(s) = q.get("status").filter(|s| !s.is_empty()) {
        for part in s.split(',') {
            match part.trim() {
                "open" => filter.statuses.extend(Status::OPEN.iter().map(|s| s.as_str().to_owned())),
                "closed" => filter.statuses.extend(["closed".to_owned(), "invalid".to_owned()]),
                other => return Err(ApiError::field("status", format!("must be open or closed, not `{other}`"))),
            }
        }
    }
    filter.from = q.get("start_date").map(|v| parse_time("start_date", v)).transpose()?;
    filter.to = q.get("end_date").map(|v| parse_time("end_date", v)).transpose()?;
    filter.updated_after = q.get("updated_after").map(|v| parse_time("updated_after", v)).transpose()?;
    if filter.from.is_none() && filter.to.is_none() && filter.updated_after.is_none() {
        // The spec's default window: the last 90 days.
        filter.from = Some(state.now_naive() - chrono::Duration::days(90));
    }
    Ok(filter)
}

/// The reader of a search: the client behind `header` or `api_key`, or, where the
/// district publishes its cases (`HAZARD_OPEN311_PUBLIC_READ`), anyone without a key,
/// counted per client `address`. Everyone gets the same redacted view.
fn reader(state: &AppState, header: Option<Client>, key: Option<&str>, address: &str) -> Result<Client, ApiError> {
    let limits = &state.settings.limits;
    if header.is_some() || key.is_some() || !limits.open311_public_read {
        return client_with(state, header, key, Scope::CasesRead);
    }
    let quota = crate::ratelimit::Quota::per_minute(limits.open311_public_reads_per_minute.max(1));
    let verdict = state.rate_limits.take(&format!("open311-public:{address}"), quota, state.now())?;
    if !verdict.allowed {
        return Err(ApiError::RateLimited(verdict.retry_after_secs));
    }
    Ok(Client { id: "public".into(), scopes: vec![Scope::CasesRead], street_code: None })
}

/// Service requests matching `q` for the reader (see [`reader`]; needs `cases:read`),
/// asking from client `address`; with `code`, only that request (404 when not visible).
pub fn search(
    state: &AppState,
    header: Option<Client>,
    address: &str,
    q: &Params,
    code: Option<String>,
) -> Result<Value, ApiError> {
    // The spec's clients send empty parameters (`start_date=`): they mean "not given".
    let q: Params = q.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (k.clone(), v.clone())).collect();
    let q = &q;
    let client = reader(state, header, q.get("api_key").map(String::as_str), address)?;
    let single = code.is_some();
    let mut filter = filter_of(q, &client, state)?;
    if let Some(c) = code {
        filter = Open311Filter { street: client.street_code.clone(), codes: vec![c], ..Open311Filter::default() };
    }
    let page = number(q, "page", 1)?;
    let size = number(q, "page_size", 1000)?;
    if !(1..=1000).contains(&size) {
        return Err(ApiError::field("page_size", "must be 1 to 1000"));
    }
    let offset = page.checked_sub(1).filter(|p| *p >= 0).and_then(|p| p.checked_mul(size));
    let offset = offset.filter(|o| *o <= MAX_OFFSET).ok_or_else(|| ApiError::BadRequest {
        code: "validation_failed",
        detail: "invalid query parameter".into(),
        fields: vec![hazard_domain::FieldError::new("page", "must be a positive number of a reachable page")],
    })?;
    let mut conn = state.conn()?;
    let rows = hazards::open311(&mut conn, &filter, offset, size)?;
    if single && rows.is_empty() {
        return Err(ApiError::NotFound("no such service request".into()));
    }
    let (sectors, departments) = names(&mut conn)?;
    Ok(Value::Array(rows.iter().map(|r| request_of(r, &sectors, &departments, state)).collect()))
}
