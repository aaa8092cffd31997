//! `/v1/webhooks`: clients with `webhooks:manage` register targets, see deliveries and
//! ask for redelivery.

pub mod create;
pub mod deliveries;
pub mod list;
pub mod redeliver;
pub mod update;

use crate::auth::Caller;
use crate::convert::{stored_uuid, utc};
use crate::error::ApiError;
use hazard_domain::client::{Client, Scope};
use hazard_infra::models::{DeliveryRow, OutboxRow, WebhookRow};
use hazard_openapi::webhooks::{Delivery, Webhook};

/// The client a webhook call comes from: webhooks belong to API clients with
/// `webhooks:manage`.
pub fn manager(caller: Caller) -> Result<Client, ApiError> {
    match caller {
        Caller::Client(c) => {
            c.require(Scope::WebhooksManage)?;
            Ok(c)
        }
        Caller::User(_) => Err(ApiError::Forbidden("webhooks belong to API clients: use an X-Api-Key".into())),
    }
}

/// The wire form of a webhook (never its secret).
pub fn dto(row: WebhookRow) -> Result<Webhook, ApiError> {
    Ok(Webhook {
        id: stored_uuid(&row.id)?,
        url: row.url,
        event_types: row.event_types.split(',').map(str::to_owned).collect(),
        active: row.active,
        created_at: utc(row.created_at),
    })
}

/// The wire form of a delivery attempt.
pub fn delivery_dto((d, e): (DeliveryRow, OutboxRow)) -> Result<Delivery, ApiError> {
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
