//! Every endpoint, one module per resource and one file per action.

pub mod answer;
pub mod auth;
pub mod clients;
pub mod cursor;
pub mod enterprises;
pub mod hazards;
pub mod health;
pub mod inspections;
pub mod json_body;
pub mod open311;
pub mod photos;
pub mod reference;
pub mod stats;
pub mod stats_csv;
pub mod supervision;
pub mod sync;
pub mod tips;
pub mod users;
pub mod webhooks;

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
        .service(reference::list_streets::list_streets)
        .service(reference::add_street::add_street)
        .service(reference::list_departments::list_departments)
        .service(reference::add_department::add_department)
        .service(reference::list_sectors::list_sectors)
        .service(reference::add_sector::add_sector)
        .service(reference::list_criteria::list_criteria)
        .service(reference::add_criterion::add_criterion)
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
        .service(sync::sync_hazards)
        .service(supervision::list::list_for_supervision)
        .service(supervision::escalate::escalate_supervision)
        .service(supervision::lift::lift_supervision)
        .service(supervision::board::supervision_board)
        .service(supervision::enforcement::create::create_enforcement)
        .service(supervision::enforcement::for_hazard::list_hazard_enforcement)
        .service(supervision::enforcement::for_enterprise::list_enterprise_enforcement)
        .service(tips::create::create_tip)
        .service(tips::status::tip_status)
        .service(tips::add_photo::add_tip_photo)
        .service(tips::list::list_tips)
        .service(tips::get::get_tip)
        .service(tips::reporter::tip_reporter)
        .service(tips::verify::verify_tip)
        .service(tips::reject::reject_tip)
        .service(tips::reward::reward_tip)
        .service(clients::create::create_client)
        .service(clients::list::list_clients)
        .service(clients::update::update_client)
        .service(clients::rotate::rotate_client_key)
        .service(webhooks::create::create_webhook)
        .service(webhooks::list::list_webhooks)
        .service(webhooks::update::update_webhook)
        .service(webhooks::deliveries::list_deliveries)
        .service(webhooks::redeliver::redeliver)
        .service(open311::discovery::discovery)
        .service(open311::services::services)
        .service(open311::service_definition::service_definition)
        .service(open311::requests::list_requests)
        .service(open311::request::get_request)
        .service(open311::create_request::create_request)
        .service(open311::token::token)
        .service(stats::kpis)
        .service(stats::monthly);
}
