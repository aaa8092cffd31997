//! `/v1/clients`: third-party API clients (administrators).

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::Duration;
use hazard_domain::client::Scope;
use hazard_domain::FieldError;
use hazard_infra::models::ApiClientRow;
use hazard_infra::repo::{clients, reference};
use hazard_infra::DbConnection;
use hazard_openapi::clients::{ApiClient, ApiClientWithKey, CreateApiClient, UpdateApiClient};
use hazard_openapi::problem::Problem;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::convert::{path_uuid, stored_uuid, utc};
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;

/// How long a rotated-out key keeps working, so a client can switch without downtime.
pub const ROTATION_GRACE_HOURS: i64 = 24;

fn dto(row: ApiClientRow) -> Result<ApiClient, ApiError> {
    Ok(ApiClient {
        id: stored_uuid(&row.id)?,
        name: row.name,
        scopes: Scope::parse_list(&row.scopes).iter().map(|s| s.as_str().to_owned()).collect(),
        street_code: row.street_code,
        rate_limit_per_minute: row.rate_limit_per_minute,
        active: row.active,
        key_prefix: row.key_prefix,
        previous_key_valid_until: row.previous_valid_until.map(utc),
        created_at: utc(row.created_at),
    })
}

fn scopes(list: &[String]) -> Result<Vec<Scope>, ApiError> {
    list.iter()
        .map(|s| s.parse::<Scope>().map_err(|e| ApiError::Validation(vec![FieldError::new("scopes", e)])))
        .collect()
}

fn check_street(conn: &mut DbConnection, street: Option<&str>) -> Result<(), ApiError> {
    match street {
        Some(s) if !reference::street_exists(conn, s)? => {
            Err(ApiError::field("street_code", format!("unknown street `{s}`")))
        }
        _ => Ok(()),
    }
}

/// Registers a client; its API key is in this response only.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    request_body = CreateApiClient,
    responses(
        (status = 201, body = ApiClientWithKey),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/clients")]
pub async fn create_client(
    auth: AuthUser,
    state: web::Data<AppState>,
    body: ValidJson<CreateApiClient>,
) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let b = body.0;
    let granted = scopes(&b.scopes)?;
    let st = state.clone();
    let out = blocking(move || {
        let mut conn = st.conn()?;
        check_street(&mut conn, b.street_code.as_deref())?;
        let (key, prefix, hash) = clients::new_key();
        let now = st.now_naive();
        let row = ApiClientRow {
            id: Uuid::now_v7().to_string(),
            name: b.name,
            key_prefix: prefix,
            key_hash: hash,
            previous_key_prefix: None,
            previous_key_hash: None,
            previous_valid_until: None,
            scopes: Scope::join(&granted),
            street_code: b.street_code,
            rate_limit_per_minute: b.rate_limit_per_minute.unwrap_or(60),
            active: true,
            created_at: now,
            updated_at: now,
        };
        clients::insert(&mut conn, &row)?;
        Ok(ApiClientWithKey { client: dto(row)?, api_key: key })
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Cache-Control", "no-store")).json(out))
}

/// Every client (administrators).
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<ApiClient>),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/clients")]
pub async fn list_clients(auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let st = state.clone();
    let rows = blocking(move || Ok(clients::list(&mut *st.conn()?)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(dto).collect::<Result<Vec<_>, _>>()?))
}

/// Changes scopes, limits, street or activity; `active: false` revokes every key at once.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "client id")),
    request_body = UpdateApiClient,
    responses(
        (status = 200, body = ApiClient),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/clients/{id}")]
pub async fn update_client(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateApiClient>,
) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let id = path_uuid(&id, "client")?.to_string();
    let b = body.0;
    let granted = b.scopes.as_deref().map(scopes).transpose()?;
    let st = state.clone();
    let out = blocking(move || {
        let mut conn = st.conn()?;
        let mut row = clients::get(&mut conn, &id)?.ok_or_else(|| ApiError::NotFound("no such client".into()))?;
        if let Some(street) = &b.street_code {
            check_street(&mut conn, street.as_deref())?;
            row.street_code = street.clone();
        }
        if let Some(n) = b.name {
            row.name = n;
        }
        if let Some(s) = granted {
            row.scopes = Scope::join(&s);
        }
        if let Some(a) = b.active {
            row.active = a;
        }
        if let Some(r) = b.rate_limit_per_minute {
            row.rate_limit_per_minute = r;
        }
        row.updated_at = st.now_naive();
        clients::update(&mut conn, &row)?;
        dto(row)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Issues a new key. The old one keeps working for 24 hours, then stops.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses(
        (status = 200, body = ApiClientWithKey),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/clients/{id}/rotate")]
pub async fn rotate_client_key(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    auth.require_admin()?;
    let id = path_uuid(&id, "client")?.to_string();
    let st = state.clone();
    let out = blocking(move || {
        let mut conn = st.conn()?;
        let mut row = clients::get(&mut conn, &id)?.ok_or_else(|| ApiError::NotFound("no such client".into()))?;
        let (key, prefix, hash) = clients::new_key();
        let now = st.now_naive();
        row.previous_key_prefix = Some(std::mem::replace(&mut row.key_prefix, prefix));
        row.previous_key_hash = Some(std::mem::replace(&mut row.key_hash, hash));
        row.previous_valid_until = Some(now + Duration::hours(ROTATION_GRACE_HOURS));
        row.updated_at = now;
        clients::update(&mut conn, &row)?;
        Ok(ApiClientWithKey { client: dto(row)?, api_key: key })
    })
    .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(out))
}
