//! `GET /console/admin/webhooks`: every client's webhooks with their latest deliveries,
//! and `POST /console/admin/webhooks/{id}/deliveries/{delivery}/redeliver` to queue one
//! again (administrators, through `usecases::webhooks::redeliver_as_admin`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use hazard_domain::{Actor, Permission};
use hazard_infra::repo::{clients, webhooks};

use super::error::ConsoleError;
use super::hazard::local;
use super::page::{html, see_other, Chrome};
use super::post::{call, Posted};
use super::session::Console;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use crate::usecases;

/// Deliveries shown per webhook.
const RECENT: i64 = 20;

/// One delivery.
#[derive(Debug, Clone)]
pub struct Delivery {
    id: String,
    event: String,
    status: String,
    attempts: i32,
    last: String,
    at: String,
}

/// One webhook and its deliveries.
#[derive(Debug, Clone)]
pub struct Hook {
    id: String,
    client: String,
    url: String,
    events: String,
    active: bool,
    deliveries: Vec<Delivery>,
}

#[derive(Template)]
#[template(path = "console/admin_webhooks.html")]
struct WebhooksPage {
    chrome: Chrome,
    hooks: Vec<Hook>,
    done: bool,
}

/// The query of the page.
#[derive(Debug, serde::Deserialize)]
pub struct HooksQuery {
    done: Option<String>,
}

/// `GET /console/admin/webhooks`.
pub async fn page(
    console: Console,
    state: web::Data<AppState>,
    query: web::Query<HooksQuery>,
) -> Result<HttpResponse, ConsoleError> {
    console.actor.may(Permission::ManageClients).map_err(ApiError::from)?;
    let st = state.clone();
    let rows = blocking(move || {
        let mut conn = st.conn()?;
        let mut out = Vec::new();
        for c in clients::list(&mut conn)? {
            for w in webhooks::for_client(&mut conn, &c.id)? {
                let deliveries = webhooks::deliveries(&mut conn, &w.id, RECENT)?;
                out.push((c.name.clone(), w, deliveries));
            }
        }
        Ok(out)
    })
    .await?;
    let hooks = rows
        .into_iter()
        .map(|(client, w, deliveries)| Hook {
            id: w.id,
            client,
            url: w.url,
            events: w.event_types,
            active: w.active,
            deliveries: deliveries
                .into_iter()
                .map(|(d, o)| Delivery {
                    id: d.id,
                    event: o.event_type,
                    status: d.status,
                    attempts: d.attempts,
                    last: match (d.last_status_code, d.last_error) {
                        (Some(code), _) => format!("HTTP {code}"),
                        (None, Some(e)) => e,
                        _ => String::new(),
                    },
                    at: local(&state, d.created_at.and_utc()),
                })
                .collect(),
        })
        .collect();
    let page = WebhooksPage {
        chrome: Chrome::new(&console, "/console/admin", "推送（Webhooks）"),
        hooks,
        done: query.done.is_some(),
    };
    Ok(html(StatusCode::OK, page.render()))
}

/// `POST /console/admin/webhooks/{id}/deliveries/{delivery}/redeliver`.
pub async fn redeliver(
    posted: Posted,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ConsoleError> {
    let (hook, delivery) = path.into_inner();
    let (hook, delivery) = (path_uuid(&hook, "webhook")?.to_string(), path_uuid(&delivery, "delivery")?.to_string());
    let run = move |st: &AppState, actor: &Actor| usecases::webhooks::redeliver_as_admin(st, actor, &hook, &delivery);
    call(&posted.console, &state, run).await?;
    Ok(see_other("/console/admin/webhooks?done=1"))
}
