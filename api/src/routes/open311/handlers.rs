//! The GeoReport v2 endpoints.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use hazard_domain::client::{Client, Scope};
use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::Status;
use hazard_domain::tip::{RewardStatus, TipStatus};
use hazard_infra::models::{HazardRow, TipReporterRow, TipRow};
use hazard_infra::repo::hazards::{self, Open311Filter};
use hazard_infra::repo::{clients, reference, tips};
use hazard_infra::secrets::{random_token, sha256_hex};
use hazard_infra::{codes, DbConnection};
use serde_json::{json, Value};
use uuid::Uuid;

use super::render::{document, error, Format};
use crate::auth::client::ClientCaller;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

const SPEC: &str = "http://wiki.open311.org/GeoReport_v2";

fn format_of(s: &str) -> Result<Format, Box<HttpResponse>> {
    Format::parse(s).ok_or_else(|| Box::new(error(Format::Json, 404, "unknown format: use .json or .xml")))
}

/// Display names by code (sectors, departments).
type Names = HashMap<String, String>;

fn iso(t: NaiveDateTime, tz: chrono_tz::Tz) -> String {
    t.and_utc().with_timezone(&tz).to_rfc3339()
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
fn request_of(
    row: &HazardRow,
    sectors: &HashMap<String, String>,
    departments: &HashMap<String, String>,
    state: &AppState,
) -> Value {
    let tz = state.tz();
    let open = row.status.parse::<Status>().map(Status::is_open).unwrap_or(false);
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
        "updated_datetime": iso(row.updated_at, tz),
        "expected_datetime": expected.map(|t| t.to_rfc3339()),
        "address": row.address,
        "address_id": Value::Null,
        "zipcode": Value::Null,
        "lat": row.latitude,
        "long": row.longitude,
        "media_url": Value::Null,
    })
}

fn names(conn: &mut DbConnection) -> Result<(Names, Names), ApiError> {
    let sectors = reference::sectors(conn)?.into_iter().map(|s| (s.code, s.name)).collect();
    let departments = reference::departments(conn)?.into_iter().map(|d| (d.code, d.name)).collect();
    Ok((sectors, departments))
}

/// The client behind an `api_key` parameter or `X-Api-Key` header, rate-limited.
fn client_of(header: Option<Client>, param: Option<&str>, state: &AppState) -> Result<Option<Client>, (u16, String)> {
    if let Some(c) = header {
        return Ok(Some(c));
    }
    let Some(key) = param.filter(|k| !k.is_empty()) else { return Ok(None) };
    let mut conn = state.conn().map_err(|_| (503, "service unavailable".to_owned()))?;
    let row = clients::by_key(&mut conn, key, state.now_naive())
        .map_err(|_| (503, "service unavailable".to_owned()))?
        .ok_or((403, "invalid api_key".to_owned()))?;
    drop(conn);
    let quota = crate::ratelimit::Quota::per_minute(u32::try_from(row.rate_limit_per_minute).unwrap_or(1));
    let verdict = state
        .rate_limits
        .take(&format!("client:{}", row.id), quota, state.now())
        .map_err(|_| (503, "service unavailable".to_owned()))?;
    if !verdict.allowed {
        return Err((429, format!("rate limit exceeded; retry in {} s", verdict.retry_after_secs)));
    }
    Ok(Some(Client { id: row.id, scopes: Scope::parse_list(&row.scopes), street_code: row.street_code }))
}

trait ClientExt {
    fn extensions_get_client(&self) -> Option<Client>;
}

impl ClientExt for HttpRequest {
    fn extensions_get_client(&self) -> Option<Client> {
        use actix_web::HttpMessage;
        self.extensions().get::<ClientCaller>().map(|c| c.0.clone())
    }
}

/// `GET /open311/v2/discovery.{format}`.
#[utoipa::path(tag = "open311", params(("format" = String, Path, description = "json or xml")), responses((status = 200, description = "discovery")))]
#[get("/open311/v2/discovery.{format}")]
pub async fn discovery(req: HttpRequest, format: web::Path<String>) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let base = format!("{}://{}/open311/v2", req.connection_info().scheme(), req.connection_info().host());
    let body = json!({
        "changeset": "2025-01-01T00:00:00+08:00",
        "contact": "长宁区应急管理局 (District Emergency Management Bureau)",
        "key_service": "API keys are issued by the district's administrators (POST /v1/clients).",
        "endpoints": [{
            "specification": SPEC,
            "url": base,
            "changeset": "2025-01-01T00:00:00+08:00",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    });
    document(f, 200, "discovery", "endpoint", &body)
}

fn service(code: &str, name: &str) -> Value {
    json!({
        "service_code": code,
        "service_name": name,
        "description": format!("{name}安全隐患 (workplace-safety hazards, sector `{code}`)"),
        "metadata": false,
        "type": "batch",
        "keywords": "安全隐患,hazard",
        "group": "安全生产",
    })
}

/// `GET /open311/v2/services.{format}`: one service per sector.
#[utoipa::path(tag = "open311", params(("format" = String, Path, description = "json or xml")), responses((status = 200, description = "services")))]
#[get("/open311/v2/services.{format}")]
pub async fn services(state: web::Data<AppState>, format: web::Path<String>) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let st = state.clone();
    match blocking(move || Ok(reference::sectors(&mut *st.conn()?)?)).await {
        Ok(rows) => {
            let list: Vec<Value> = rows.iter().map(|s| service(&s.code, &s.name)).collect();
            document(f, 200, "services", "service", &Value::Array(list))
        }
        Err(_) => error(f, 503, "service unavailable"),
    }
}

/// `GET /open311/v2/services/{service_code}.{format}`: the (empty) attribute list.
#[utoipa::path(tag = "open311", params(("service_code" = String, Path), ("format" = String, Path, description = "json or xml")), responses((status = 200, description = "service definition"), (status = 404, description = "unknown service")))]
#[get("/open311/v2/services/{service_code}.{format}")]
pub async fn service_definition(state: web::Data<AppState>, path: web::Path<(String, String)>) -> HttpResponse {
    let (code, format) = path.into_inner();
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let st = state.clone();
    let c = code.clone();
    match blocking(move || Ok(reference::sector_exists(&mut *st.conn()?, &c)?)).await {
        Ok(true) => {
            document(f, 200, "service_definition", "attribute", &json!({"service_code": code, "attributes": []}))
        }
        Ok(false) => error(f, 404, &format!("unknown service_code `{code}`")),
        Err(_) => error(f, 503, "service unavailable"),
    }
}

fn parse_time(field: &str, v: &str) -> Result<NaiveDateTime, (u16, String)> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc).naive_utc())
        .or_else(|_| NaiveDate::parse_from_str(v, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default()))
        .map_err(|_| (400, format!("{field} must be an ISO 8601 date-time with a time zone")))
}

fn search(
    header: Option<Client>,
    q: &HashMap<String, String>,
    state: &AppState,
    code: Option<String>,
) -> Result<Value, (u16, String)> {
    let client = client_of(header, q.get("api_key").map(String::as_str), state)?
        .ok_or((403, "an api_key with cases:read is required".to_owned()))?;
    if !client.scopes.contains(&Scope::CasesRead) {
        return Err((403, "this api_key lacks cases:read".into()));
    }
    let mut filter = Open311Filter { street: client.street_code.clone(), ..Open311Filter::default() };
    let single = code.is_some();
    if let Some(c) = code {
        filter.codes = vec![c];
    } else if let Some(ids) = q.get("service_request_id").filter(|s| !s.is_empty()) {
        filter.codes = ids.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).take(200).collect();
    } else {
        filter.sector = q.get("service_code").filter(|s| !s.is_empty()).cloned();
        if let Some(s) = q.get("status").filter(|s| !s.is_empty()) {
            for part in s.split(',') {
                match part.trim() {
                    "open" => filter.statuses.extend(Status::OPEN.iter().map(|s| s.as_str().to_owned())),
                    "closed" => filter.statuses.extend(["closed".to_owned(), "invalid".to_owned()]),
                    other => return Err((400, format!("status must be open or closed, not `{other}`"))),
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
    }
    let page: i64 = q
        .get("page")
        .map(|p| p.parse().map_err(|_| (400, "page must be a positive number".to_owned())))
        .transpose()?
        .unwrap_or(1);
    let size: i64 = q
        .get("page_size")
        .map(|p| p.parse().map_err(|_| (400, "page_size must be 1 to 1000".to_owned())))
        .transpose()?
        .unwrap_or(1000);
    if page < 1 || !(1..=1000).contains(&size) {
        return Err((400, "page must be ≥ 1 and page_size 1 to 1000".into()));
    }
    let mut conn = state.conn().map_err(|_| (503, "service unavailable".to_owned()))?;
    let rows = hazards::open311(&mut conn, &filter, (page - 1) * size, size)
        .map_err(|_| (503, "service unavailable".to_owned()))?;
    if single && rows.is_empty() {
        return Err((404, "no such service request".into()));
    }
    let (sectors, departments) = names(&mut conn).map_err(|_| (503, "service unavailable".to_owned()))?;
    Ok(Value::Array(rows.iter().map(|r| request_of(r, &sectors, &departments, state)).collect()))
}

/// `GET /open311/v2/requests.{format}`: hazards as service requests (needs an `api_key`
/// with `cases:read`); filters `service_request_id`, `service_code`, `start_date`,
/// `end_date`, `status`, and the `page`/`page_size`/`updated_after` extensions.
#[utoipa::path(tag = "open311", params(("format" = String, Path, description = "json or xml")), responses((status = 200, description = "service requests"), (status = 400, description = "bad parameter"), (status = 403, description = "missing or invalid api_key")))]
#[get("/open311/v2/requests.{format}")]
pub async fn list_requests(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let st = state.clone();
    let q = query.into_inner();
    let header = req.extensions_get_client();
    let result = web::block(move || search(header, &q, &st, None)).await;
    match result {
        Ok(Ok(v)) => document(f, 200, "service_requests", "request", &v),
        Ok(Err((code, msg))) => error(f, code, &msg),
        Err(_) => error(f, 503, "service unavailable"),
    }
}

/// `GET /open311/v2/requests/{service_request_id}.{format}`.
#[utoipa::path(tag = "open311", params(("service_request_id" = String, Path), ("format" = String, Path, description = "json or xml")), responses((status = 200, description = "one service request, in an array"), (status = 404, description = "unknown request")))]
#[get("/open311/v2/requests/{id}.{format}")]
pub async fn get_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let (id, format) = path.into_inner();
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let st = state.clone();
    let q = query.into_inner();
    let header = req.extensions_get_client();
    match web::block(move || search(header, &q, &st, Some(id))).await {
        Ok(Ok(v)) => document(f, 200, "service_requests", "request", &v),
        Ok(Err((code, msg))) => error(f, code, &msg),
        Err(_) => error(f, 503, "service unavailable"),
    }
}

fn file_tip(header: Option<Client>, form: &HashMap<String, String>, state: &AppState) -> Result<Value, (u16, String)> {
    let client = client_of(header, form.get("api_key").map(String::as_str), state)?
        .ok_or((403, "api_key is required".to_owned()))?;
    if !client.scopes.contains(&Scope::TipsCreate) {
        return Err((403, "this api_key lacks tips:create".into()));
    }
    let get = |k: &str| form.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let service_code = get("service_code").ok_or((400, "service_code is required".to_owned()))?;
    let description = get("description").ok_or((400, "description is required".to_owned()))?;
    if description.chars().count() > 2000 {
        return Err((400, "description is longer than 2000 characters".into()));
    }
    let coordinates = match (get("lat"), get("long")) {
        (Some(lat), Some(lon)) => {
            let lat: f64 = lat.parse().map_err(|_| (400, "lat must be a number".to_owned()))?;
            let lon: f64 = lon.parse().map_err(|_| (400, "long must be a number".to_owned()))?;
            Some(Coordinates::parse(lat, lon).map_err(|_| (400, "lat/long out of range".to_owned()))?)
        }
        (None, None) => None,
        _ => return Err((400, "give both lat and long".into())),
    };
    let address = get("address_string").map(|a| a.chars().take(500).collect::<String>());
    if coordinates.is_none() && address.is_none() {
        return Err((400, "a location is required: lat & long, or address_string".into()));
    }
    let mut conn = state.conn().map_err(|_| (503, "service unavailable".to_owned()))?;
    if !reference::sector_exists(&mut conn, service_code).map_err(|_| (503, "service unavailable".to_owned()))? {
        return Err((400, format!("unknown service_code `{service_code}`")));
    }
    let now = state.now_naive();
    let tip = TipRow {
        id: Uuid::now_v7().to_string(),
        tracking_code: codes::tip_code(),
        secret_hash: sha256_hex(random_token(24).as_bytes()),
        description: description.to_owned(),
        address,
        latitude: coordinates.map(Coordinates::latitude),
        longitude: coordinates.map(Coordinates::longitude),
        sector_guess: Some(service_code.to_owned()),
        street_code: client.street_code.clone(),
        status: TipStatus::Received.as_str().into(),
        reject_reason: None,
        hazard_id: None,
        reward_status: RewardStatus::None.as_str().into(),
        reward_amount: None,
        created_at: now,
        updated_at: now,
    };
    let name = [get("first_name"), get("last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let phone = get("phone").map(|p| p.chars().take(30).collect::<String>());
    let reporter = (!name.is_empty() || phone.is_some()).then(|| TipReporterRow {
        tip_id: tip.id.clone(),
        name: (!name.is_empty()).then(|| name.chars().take(100).collect()),
        phone,
    });
    tips::insert(&mut conn, &tip, reporter.as_ref()).map_err(|_| (503, "service unavailable".to_owned()))?;
    Ok(json!([{
        "token": tip.tracking_code,
        "service_notice": "已受理，核实后转为隐患工单 (received; becomes a request once verified)",
        "account_id": Value::Null,
    }]))
}

/// `POST /open311/v2/requests.{format}` (form-encoded, `api_key` with `tips:create`):
/// files a public tip and answers with a `token` (services are of type `batch`).
#[utoipa::path(tag = "open311", params(("format" = String, Path, description = "json or xml")), request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "api_key, service_code, lat & long or address_string, description, first_name, last_name, phone"), responses((status = 201, description = "token"), (status = 400, description = "bad parameter"), (status = 403, description = "missing or invalid api_key")))]
#[post("/open311/v2/requests.{format}")]
pub async fn create_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
    form: String,
) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    if form.len() > 64 * 1024 {
        return error(f, 413, "the request is too large");
    }
    let fields: HashMap<String, String> = form_urlencoded::parse(form.as_bytes()).into_owned().collect();
    let st = state.clone();
    let header = req.extensions_get_client();
    match web::block(move || file_tip(header, &fields, &st)).await {
        Ok(Ok(v)) => document(f, 201, "service_requests", "request", &v),
        Ok(Err((code, msg))) => error(f, code, &msg),
        Err(_) => error(f, 503, "service unavailable"),
    }
}

/// `GET /open311/v2/tokens/{token}.{format}`: the service request a token became.
#[utoipa::path(tag = "open311", params(("token" = String, Path), ("format" = String, Path, description = "json or xml")), responses((status = 200, description = "token and service_request_id (null until verified)"), (status = 404, description = "unknown token")))]
#[get("/open311/v2/tokens/{token}.{format}")]
pub async fn token(state: web::Data<AppState>, path: web::Path<(String, String)>) -> HttpResponse {
    let (token, format) = path.into_inner();
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let st = state.clone();
    let t = token.clone();
    let found = blocking(move || {
        let mut conn = st.conn()?;
        let Some(tip) = tips::by_code(&mut conn, &t.to_ascii_uppercase())? else { return Ok(None) };
        let code = match &tip.hazard_id {
            Some(h) => hazards::get(&mut conn, h)?.map(|r| r.code),
            None => None,
        };
        Ok(Some((tip.tracking_code, code)))
    })
    .await;
    match found {
        Ok(Some((token, code))) => {
            document(f, 200, "service_requests", "request", &json!([{"token": token, "service_request_id": code}]))
        }
        Ok(None) => error(f, 404, "unknown token"),
        Err(_) => error(f, 503, "service unavailable"),
    }
}
