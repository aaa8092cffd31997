//! What the GeoReport endpoints share: the format suffix, the client behind an
//! `api_key`, and a hazard as a service request.

use std::collections::HashMap;

use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, TimeZone};
use hazard_domain::client::{Client, Scope};
use hazard_domain::hazard::Status;
use hazard_infra::models::HazardRow;
use hazard_infra::repo::{clients, reference};
use hazard_infra::DbConnection;
use serde_json::{json, Value};

use super::render::{error, Format};
use crate::auth::client::ClientCaller;
use crate::error::ApiError;
use crate::state::AppState;

/// The specification these endpoints follow.
pub const SPEC: &str = "http://wiki.open311.org/GeoReport_v2";

/// The `.json`/`.xml` suffix; anything else is the spec's 404.
pub fn format_of(s: &str) -> Result<Format, Box<HttpResponse>> {
    Format::parse(s).ok_or_else(|| Box::new(error(Format::Json, 404, "unknown format: use .json or .xml")))
}

/// Display names by code (sectors, departments).
pub type Names = HashMap<String, String>;

fn iso(t: NaiveDateTime, tz: chrono_tz::Tz) -> String {
    t.and_utc().with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn status_notes(status: &str) -> &'static str {
    match status {
        "reported" => "已上报，待责令整改 (reported)",
        "rectifying" => "整改中 (rectifying)",
        "pending_review" => "已整改，待复查 (pending review)",
        "closed" => "已销号 (closed)",
        "invalid" => "不属实或重复，已撤销 (invalid)",
        _ => "",
    }
}

/// A hazard as a GeoReport service request: redacted, with times in the district zone.
pub fn request_of(row: &HazardRow, sectors: &Names, departments: &Names, state: &AppState) -> Value {
    let tz = state.tz();
    let open = row.status().is_ok_and(Status::is_open);
    let expected =
        row.deadline.and_then(|d| d.and_hms_opt(23, 59, 59)).and_then(|t| tz.from_local_datetime(&t).earliest());
    json!({
        "service_request_id": row.code,
        "status": if open { "open" } else { "closed" },
        "status_notes": status_notes(&row.status),
        "service_name": sectors.get(&row.sector).cloned().unwrap_or_else(|| row.sector.clone()),
        "service_code": row.sector,
        "description": row.description,
        "agency_responsible": row.department_code.as_ref().map(|d| departments.get(d).cloned().unwrap_or_else(|| d.clone())),
        "service_notice": Value::Null,
        "requested_datetime": iso(row.created_at, tz),
        "updated_datetime": iso(if open { row.updated_at } else { row.closed_at.unwrap_or(row.updated_at) }, tz),
        "expected_datetime": expected.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
        "address": row.address,
        "address_id": Value::Null,
        "zipcode": Value::Null,
        "lat": row.latitude,
        "long": row.longitude,
        "media_url": Value::Null,
    })
}

/// Sector and department names, for service requests.
pub fn names(conn: &mut DbConnection) -> Result<(Names, Names), ApiError> {
    let sectors = reference::sectors(conn)?.into_iter().map(|s| (s.code, s.name)).collect();
    let departments = reference::departments(conn)?.into_iter().map(|d| (d.code, d.name)).collect();
    Ok((sectors, departments))
}

/// The client the `X-Api-Key` middleware already verified, if any.
pub fn header_client(req: &HttpRequest) -> Option<Client> {
    req.extensions().get::<ClientCaller>().map(|c| c.0.clone())
}

/// The client behind the header or an `api_key` parameter (rate-limited), holding
/// `scope`; a missing or unknown key or a missing scope is a 403.
pub fn client_with(
    state: &AppState,
    header: Option<Client>,
    param: Option<&str>,
    scope: Scope,
) -> Result<Client, ApiError> {
    let client = match (header, param.filter(|k| !k.is_empty())) {
        (Some(c), _) => c,
        (None, None) => return Err(ApiError::Forbidden(format!("an api_key with {scope} is required"))),
        (None, Some(key)) => {
            let row = clients::by_key(&mut *state.conn()?, key, state.now_naive())?
                .ok_or_else(|| ApiError::Forbidden("invalid api_key".into()))?;
            let quota = crate::ratelimit::Quota::per_minute(u32::try_from(row.rate_limit_per_minute).unwrap_or(1));
            let verdict = state.rate_limits.take(&format!("client:{}", row.id), quota, state.now())?;
            if !verdict.allowed {
                return Err(ApiError::RateLimited(verdict.retry_after_secs));
            }
            Client { id: row.id, scopes: Scope::parse_list(&row.scopes), street_code: row.street_code }
        }
    };
    client.require(scope)?;
    Ok(client)
}
