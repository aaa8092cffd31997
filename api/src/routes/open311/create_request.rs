//! `POST /open311/v2/requests.{format}`: file a public tip through a third-party app.

use std::collections::HashMap;

use actix_web::{post, web, HttpRequest, HttpResponse};
use hazard_domain::client::Scope;
use hazard_domain::FieldError;
use hazard_openapi::tips::CreateTip;
use serde_json::{json, Value};
use validator::Validate;

use super::common::{client_with, format_of, header_client};
use super::render::{error, respond};
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use crate::usecases::tips::file::{file, Channel};

/// The description of a request sent without one.
const NO_DESCRIPTION: &str = "（未填写描述）reported through Open311 without a description";

/// GeoReport's names for the fields of a tip.
const NAMES: [(&str, &str); 6] = [
    ("address", "address_string"),
    ("latitude", "lat"),
    ("longitude", "long"),
    ("sector", "service_code"),
    ("contact_name", "first_name"),
    ("contact_phone", "phone"),
];

fn spec_name(field: String) -> String {
    NAMES.iter().find(|(ours, _)| *ours == field).map_or(field, |(_, theirs)| (*theirs).to_owned())
}

fn number(form: &HashMap<String, String>, name: &str) -> Result<Option<f64>, ApiError> {
    form.get(name)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| v.parse::<f64>().map_err(|_| ApiError::field(name, "must be a number")))
        .transpose()
}

/// The form as the tip the REST channel takes, validated by the same rules.
fn tip_of(form: &HashMap<String, String>) -> Result<CreateTip, ApiError> {
    let get = |k: &str| form.get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let sector = get("service_code").ok_or_else(|| ApiError::field("service_code", "required"))?;
    let name = [get("first_name"), get("last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let tip = CreateTip {
        // The spec lists `description` as optional.
        description: get("description").unwrap_or_else(|| NO_DESCRIPTION.to_owned()),
        address: get("address_string"),
        latitude: number(form, "lat")?,
        longitude: number(form, "long")?,
        sector: Some(sector),
        street_code: None,
        contact_name: (!name.is_empty()).then_some(name),
        contact_phone: get("phone"),
    };
    tip.validate().map_err(|e| match ApiError::from(e) {
        ApiError::Validation(fields) => ApiError::Validation(
            fields.into_iter().map(|f| FieldError { field: spec_name(f.field), message: f.message }).collect(),
        ),
        other => other,
    })?;
    Ok(tip)
}

fn file_request(
    state: &AppState,
    req_client: Option<hazard_domain::client::Client>,
    form: &HashMap<String, String>,
) -> Result<Value, ApiError> {
    if let Some((k, c)) = form.iter().find_map(|(k, v)| crate::extract::strict::forbidden_char(v).map(|c| (k, c))) {
        return Err(ApiError::field(k, crate::extract::strict::control_message(c)));
    }
    let client = client_with(state, req_client, form.get("api_key").map(String::as_str), Scope::TipsCreate)?;
    let tip = tip_of(form)?;
    let filed = file(state, Channel::Client(client), tip).map_err(|e| match e {
        ApiError::Validation(fields) => ApiError::Validation(
            fields.into_iter().map(|f| FieldError { field: spec_name(f.field), message: f.message }).collect(),
        ),
        other => other,
    })?;
    Ok(json!([{
        "token": filed.tip.tracking_code,
        "service_notice": "已受理，核实后转为隐患工单 (received; becomes a request once verified)",
        "account_id": Value::Null,
    }]))
}

/// `POST /open311/v2/requests.{format}` (form-encoded, `api_key` with `tips:create`):
/// files a public tip and answers with a `token` (services are of type `batch`).
#[utoipa::path(tag = "open311", params(("format" = hazard_openapi::open311::Open311Format, Path, description = "json or xml"), hazard_openapi::open311::Open311KeyQuery), security((), ("api_key" = [])), request_body(content = hazard_openapi::open311::Open311CreateRequest, content_type = "application/x-www-form-urlencoded"), responses((status = 201, description = "a token to follow the tip", content((Vec<hazard_openapi::open311::Open311Receipt> = "application/json"), (String = "text/xml"))), (status = 400, description = "a bad parameter"), (status = 403, description = "missing or invalid api_key"), (status = 413, description = "the form is too large"), (status = 422, description = "a refused field"), (status = 429, description = "the api_key's rate limit is spent")))]
#[post("/open311/v2/requests.{format}")]
pub async fn create_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    format: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
    form: String,
) -> HttpResponse {
    let f = match format_of(&format) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    if form.len() > 64 * 1024 {
        return error(f, 413, "the request is too large");
    }
    let mut fields: HashMap<String, String> = form_urlencoded::parse(form.as_bytes()).into_owned().collect();
    // `api_key` may come in the query string too (the spec's examples put it there).
    if let Some(key) = query.get("api_key").filter(|k| !k.is_empty()) {
        fields.entry("api_key".into()).or_insert_with(|| key.clone());
    }
    let (st, header) = (state.clone(), header_client(&req));
    respond(f, 201, "service_requests", "request", blocking(move || file_request(&st, header, &fields)).await)
}
