//! The web console for supervisors and district staff (督办工作台) at `/console/`:
//! server-rendered zh-CN pages over the same use cases, reads and access rules as the
//! REST API. One file per page or action; templates in `api/templates/console/`, assets
//! (with the vendored chart and map libraries) embedded from `api/assets/console/`.
//!
//! Not part of the public JSON contract: these routes are registered outside the
//! OpenAPI document, answer HTML (or the map's JSON and the CSV download) and sign in
//! with a session cookie rather than a bearer token.

pub mod admin;
pub mod admin_webhooks;
pub mod assets;
pub mod board;
pub mod dashboard;
pub mod error;
pub mod failed;
pub mod form;
pub mod hazard;
pub mod hazard_actions;
pub mod hazards;
pub mod labels;
pub mod login;
pub mod map;
pub mod names;
pub mod page;
pub mod photos;
pub mod post;
pub mod session;
pub mod settings;
pub mod tips;

use actix_web::web;

pub use settings::ConsoleSettings;

/// Where the console lives.
pub const ROOT: &str = "/console";

/// Registers every console route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::redirect("/console", "/console/"))
        .route("/console/", web::get().to(dashboard::page))
        .route("/console/stats.csv", web::get().to(dashboard::csv))
        .route("/console/login", web::get().to(login::form))
        .route("/console/login", web::post().to(login::sign_in))
        .route("/console/logout", web::post().to(login::sign_out))
        .route("/console/assets/{path:.*}", web::get().to(assets::serve))
        .route("/console/hazards", web::get().to(hazards::page))
        .route("/console/hazards/{id}", web::get().to(hazard::page))
        .route("/console/hazards/{id}/transition", web::post().to(hazard_actions::transition))
        .route("/console/hazards/{id}/supervision", web::post().to(hazard_actions::list_for_supervision))
        .route("/console/hazards/{id}/supervision/escalate", web::post().to(hazard_actions::escalate))
        .route("/console/hazards/{id}/supervision/lift", web::post().to(hazard_actions::lift))
        .route("/console/hazards/{id}/enforcement", web::post().to(hazard_actions::enforce))
        .route("/console/photos/{id}", web::get().to(photos::serve))
        .route("/console/map", web::get().to(map::page))
        .route("/console/map/hazards.json", web::get().to(map::data))
        .route("/console/board", web::get().to(board::page))
        .route("/console/tips", web::get().to(tips::page))
        .route("/console/tips/{id}/photos/{photo}", web::get().to(tips::photo))
        .route("/console/tips/{id}/verify", web::post().to(tips::verify))
        .route("/console/tips/{id}/reject", web::post().to(tips::reject))
        .route("/console/tips/{id}/reward", web::post().to(tips::reward))
        .route("/console/admin", web::get().to(admin::page))
        .route("/console/admin/users", web::post().to(admin::create_user))
        .route("/console/admin/users/{id}", web::post().to(admin::update_user))
        .route("/console/admin/clients", web::post().to(admin::create_client))
        .route("/console/admin/clients/{id}/rotate", web::post().to(admin::rotate_client))
        .route("/console/admin/clients/{id}/revoke", web::post().to(admin::revoke_client))
        .route("/console/admin/webhooks", web::get().to(admin_webhooks::page))
        .route(
            "/console/admin/webhooks/{id}/deliveries/{delivery}/redeliver",
            web::post().to(admin_webhooks::redeliver),
        );
}
