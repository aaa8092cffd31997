//! `/v1/webhooks`: clients with `webhooks:manage` register targets, see deliveries and
//! ask for redelivery.

use actix_web::{get, patch, post, web, HttpResponse};
use hazard_domain::client::{Client, Scope};
use hazard_infra::models::{DeliveryRow, OutboxRow, WebhookRow};
use hazard_infra::repo::outbox::EVENT_TYPES;
use hazard_infra::repo::webhooks;
use hazard_openapi::problem::Problem;
use hazard_openapi::webhooks::{CreateWebhook, Delivery, UpdateWebhook, Webhook};
use uuid::Uuid;

use crate::auth::Caller;
use crate::convert::{path_uuid, stored_uuid, utc};
use crate::error::{blocking, ApiError};
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::webhooks::ssrf;

fn manager(caller: Caller) -> Result<Client, ApiError> {
    match caller {
        Caller::Client(c) => {
            c.require(Scope::WebhooksManage)?;
            Ok(c)
        }
        Caller::User(_) => Err(ApiError::Forbidden("webhooks belong to API clients: use an X-Api-Key".into())),
    }
}

fn dto(row: WebhookRow) -> Result<Webhook, ApiError> {
    Ok(Webhook {
        id: stored_uuid(&row.id)?,
        url: row.url,
        event_types: row.event_types.split(',').map(str::to_owned).collect(),
        active: row.active,
        created_at: utc(row.created_at),
    })
}

fn delivery_dto((d, e): (DeliveryRow, OutboxRow)) -> Result<Delivery, ApiError> {
    Ok(Delivery {
        id: stored_uuid(&d.id)?,
        event_id: e.event_id,
        event_type: e.event_type,
        next_attempt_at: (d.status == "pending").then(|| utc(d.next_attempt_at)),
        status: d.status,
        attempts: d.attempts,
        last_status_code: d.last_status_code,
        last_error: d.last_error,
        delivered_at: d.delivered_at.map(utc),
        created_at: utc(d.created_at),
    })
}

/// Registers a webhook. Targets on loopback, private, link-local or metadata addresses
/// are refused (unless the server is configured for local testing).
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    request_body = CreateWebhook,
    responses(
        (status = 201, body = Webhook),
        (status = 403, description = "forbidden: the key lacks `webhooks:manage`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "validation_failed (e.g. `url` refused)", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/webhooks")]
pub async fn create_webhook(
    caller: Caller,
    state: web::Data<AppState>,
    body: ValidJson<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let b = body.0;
    if let Some(bad) = b.event_types.iter().find(|t| !EVENT_TYPES.contains(&t.as_str())) {
        return Err(ApiError::field("event_types", format!("unknown event type `{bad}`")));
    }
    let url = ssrf::check_url(&b.url, state.settings.webhook_allow_http).map_err(|e| ApiError::field("url", e))?;
    ssrf::check_target(&url, state.settings.webhook_allow_private).await.map_err(|e| ApiError::field("url", e))?;
    let st = state.clone();
    let out = blocking(move || {
        let now = st.now_naive();
        let mut types = b.event_types.clone();
        types.sort();
        types.dedup();
        let row = WebhookRow {
            id: Uuid::now_v7().to_string(),
            client_id: client.id,
            url: url.to_string(),
            event_types: types.join(","),
            secret: b.secret,
            active: true,
            created_at: now,
            updated_at: now,
        };
        webhooks::insert(&mut *st.conn()?, &row)?;
        dto(row)
    })
    .await?;
    Ok(HttpResponse::Created().json(out))
}

/// The client's webhooks.
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    responses(
        (status = 200, body = Vec<Webhook>),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/webhooks")]
pub async fn list_webhooks(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let st = state.clone();
    let rows = blocking(move || Ok(webhooks::for_client(&mut *st.conn()?, &client.id)?)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(dto).collect::<Result<Vec<_>, _>>()?))
}

/// Enables or disables a webhook.
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "webhook id")),
    request_body = UpdateWebhook,
    responses(
        (status = 200, body = Webhook),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[patch("/v1/webhooks/{id}")]
pub async fn update_webhook(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: ValidJson<UpdateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let id = path_uuid(&id, "webhook")?.to_string();
    let st = state.clone();
    let out = blocking(move || {
        let mut conn = st.conn()?;
        let mut row =
            webhooks::get(&mut conn, &client.id, &id)?.ok_or_else(|| ApiError::NotFound("no such webhook".into()))?;
        row.active = body.0.active;
        row.updated_at = st.now_naive();
        webhooks::update(&mut conn, &row)?;
        dto(row)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// The latest deliveries of a webhook (status, attempts, last response or error).
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "webhook id")),
    responses(
        (status = 200, body = Vec<Delivery>),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let id = path_uuid(&id, "webhook")?.to_string();
    let st = state.clone();
    let rows = blocking(move || {
        let mut conn = st.conn()?;
        webhooks::get(&mut conn, &client.id, &id)?.ok_or_else(|| ApiError::NotFound("no such webhook".into()))?;
        Ok(webhooks::deliveries(&mut conn, &id, 200)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(delivery_dto).collect::<Result<Vec<_>, _>>()?))
}

/// Sends a delivery again (it goes back in the queue, due now).
#[utoipa::path(
    tag = "webhooks",
    security(("api_key" = [])),
    params(("id" = uuid::Uuid, Path, description = "webhook id"), ("delivery_id" = uuid::Uuid, Path, description = "delivery id")),
    responses(
        (status = 202, description = "queued"),
        (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json")
    )
)]
#[post("/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let client = manager(caller)?;
    let (id, delivery) = path.into_inner();
    let id = path_uuid(&id, "webhook")?.to_string();
    let delivery = path_uuid(&delivery, "delivery")?.to_string();
    let st = state.clone();
    blocking(move || {
        let mut conn = st.conn()?;
        webhooks::get(&mut conn, &client.id, &id)?.ok_or_else(|| ApiError::NotFound("no such webhook".into()))?;
        if webhooks::redeliver(&mut conn, &id, &delivery, st.now_naive())? {
            Ok(())
        } else {
            Err(ApiError::NotFound("no such delivery".into()))
        }
    })
    .await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({"queued": true})))
}
