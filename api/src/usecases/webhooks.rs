//! Webhooks of a third-party client: register, enable or disable, redeliver (also by an
//! administrator, from the web console).

use hazard_domain::client::Client;
use hazard_domain::{Actor, Permission};
use hazard_infra::models::WebhookRow;
use hazard_infra::repo::outbox::EVENT_TYPES;
use hazard_infra::repo::webhooks;
use hazard_openapi::webhooks::CreateWebhook;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

fn load(st: &AppState, client: &Client, id: &str) -> Result<WebhookRow, ApiError> {
    webhooks::get(&mut *st.conn()?, &client.id, id)?.ok_or_else(|| ApiError::NotFound("no such webhook".into()))
}

/// The event types of a registration: known ones only, sorted, each once.
pub fn event_types(asked: &[String]) -> Result<Vec<String>, ApiError> {
    if let Some(bad) = asked.iter().find(|t| !EVENT_TYPES.contains(&t.as_str())) {
        return Err(ApiError::field("event_types", format!("unknown event type `{bad}`")));
    }
    let mut types = asked.to_vec();
    types.sort();
    types.dedup();
    Ok(types)
}

/// Registers a webhook for `client` at `url` (already checked against SSRF by the caller,
/// which must resolve the name without blocking).
pub fn register(st: &AppState, client: &Client, url: &str, cmd: CreateWebhook) -> Result<WebhookRow, ApiError> {
    let types = event_types(&cmd.event_types)?;
    let now = st.now_naive();
    let row = WebhookRow {
        id: Uuid::now_v7().to_string(),
        client_id: client.id.clone(),
        url: url.to_owned(),
        event_types: types.join(","),
        secret: cmd.secret,
        active: true,
        created_at: now,
        updated_at: now,
    };
    webhooks::insert(&mut *st.conn()?, &row)?;
    Ok(row)
}

/// Enables or disables one of `client`'s webhooks.
pub fn set_active(st: &AppState, client: &Client, id: &str, active: bool) -> Result<WebhookRow, ApiError> {
    let mut row = load(st, client, id)?;
    row.active = active;
    row.updated_at = st.now_naive();
    webhooks::update(&mut *st.conn()?, &row)?;
    Ok(row)
}

/// Puts a delivery of one of `client`'s webhooks back in the queue, due now.
pub fn redeliver(st: &AppState, client: &Client, id: &str, delivery: &str) -> Result<(), ApiError> {
    load(st, client, id)?;
    if webhooks::redeliver(&mut *st.conn()?, id, delivery, st.now_naive())? {
        Ok(())
    } else {
        Err(ApiError::NotFound("no such delivery".into()))
    }
}

/// An administrator (who manages every client) puts a delivery of any client's webhook
/// back in the queue, due now: the web console's 管理 page.
pub fn redeliver_as_admin(st: &AppState, actor: &Actor, webhook_id: &str, delivery: &str) -> Result<(), ApiError> {
    actor.may(Permission::ManageClients)?;
    if webhooks::redeliver(&mut *st.conn()?, webhook_id, delivery, st.now_naive())? {
        Ok(())
    } else {
        Err(ApiError::NotFound("no such delivery".into()))
    }
}
