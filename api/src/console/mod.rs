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
pub mod error_pages;
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
    // One resource a path with all its methods, so a method a path lacks is a 405 naming
    // the ones it has (`Allow`), not the 404 of an unknown path.
    cfg.service(web::redirect("/console", "/console/"))
        .service(web::resource("/console/").get(dashboard::page))
        .service(web::resource("/console/stats.csv").get(dashboard::csv))
        .service(web::resource("/console/login").get(login::form).post(login::sign_in))
        .service(web::resource("/console/logout").post(login::sign_out))
        .service(web::resource("/console/assets/{path:.*}").get(assets::serve))
        .service(web::resource("/console/hazards").get(hazards::page))
        .service(web::resource("/console/hazards/{id}").get(hazard::page))
        .service(web::resource("/console/hazards/{id}/transition").post(hazard_actions::transition))
        .service(web::resource("/console/hazards/{id}/supervision").post(hazard_actions::list_for_supervision))
        .service(web::resource("/console/hazards/{id}/supervision/escalate").post(hazard_actions::escalate))
        .service(web::resource("/console/hazards/{id}/supervision/lift").post(hazard_actions::lift))
        .service(web::resource("/console/hazards/{id}/enforcement").post(hazard_actions::enforce))
        .service(web::resource("/console/photos/{id}").get(photos::serve))
        .service(web::resource("/console/map").get(map::page))
        .service(web::resource("/console/map/hazards.json").get(map::data))
        .service(web::resource("/console/board").get(board::page))
        .service(web::resource("/console/tips").get(tips::page))
        .service(web::resource("/console/tips/{id}/photos/{photo}").get(tips::photo))
        .service(web::resource("/console/tips/{id}/verify").post(tips::verify))
        .service(web::resource("/console/tips/{id}/reject").post(tips::reject))
        .service(web::resource("/console/tips/{id}/reward").post(tips::reward))
        .service(web::resource("/console/admin").get(admin::page))
        .service(web::resource("/console/admin/users").post(admin::create_user))
        .service(web::resource("/console/admin/users/{id}").post(admin::update_user))
        .service(web::resource("/console/admin/clients").post(admin::create_client))
        .service(web::resource("/console/admin/clients/{id}/rotate").post(admin::rotate_client))
        .service(web::resource("/console/admin/clients/{id}/revoke").post(admin::revoke_client))
        .service(web::resource("/console/admin/webhooks").get(admin_webhooks::page))
        .service(
            web::resource("/console/admin/webhooks/{id}/deliveries/{delivery}/redeliver")
                .post(admin_webhooks::redeliver),
        );
}
