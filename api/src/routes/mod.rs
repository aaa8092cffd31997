//! Every endpoint, one module per resource and one file per action.

pub mod auth;
pub mod enterprises;
pub mod hazards;
pub mod health;
pub mod inspections;
pub mod photos;
pub mod reference;
pub mod sync;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented endpoint (the same list feeds the server and the OpenAPI
/// document, so they cannot drift apart).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(auth::login::login)
        .service(auth::refresh::refresh)
        .service(auth::logout::logout)
        .service(auth::me::me)
        .service(users::create::create_user)
        .service(users::list::list_users)
        .service(users::get::get_user)
        .service(users::update::update_user)
        .service(reference::list_streets)
        .service(reference::add_street)
        .service(reference::list_departments)
        .service(reference::add_department)
        .service(reference::list_sectors)
        .service(reference::add_sector)
        .service(reference::list_criteria)
        .service(reference::add_criterion)
        .service(hazards::create::create_hazard)
        .service(hazards::list::list_hazards)
        .service(hazards::get::get_hazard)
        .service(hazards::events::list_events)
        .service(hazards::update::update_hazard)
        .service(hazards::transition::transition)
        .service(photos::upload::upload_photo)
        .service(photos::list::list_photos)
        .service(photos::get::get_photo)
        .service(enterprises::create::create_enterprise)
        .service(enterprises::list::list_enterprises)
        .service(enterprises::get::get_enterprise)
        .service(enterprises::update::update_enterprise)
        .service(inspections::create::create_inspection)
        .service(inspections::list::list_inspections)
        .service(inspections::get::get_inspection)
        .service(inspections::finish::finish_inspection)
        .service(inspections::public::verify_inspection)
        .service(sync::sync_hazards);
}
