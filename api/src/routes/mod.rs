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

/// Declares the endpoint list once and derives both registrations from it, so the server
/// and the OpenAPI document cannot drift apart.
macro_rules! endpoints {
    ($($service:path),* $(,)?) => {
        /// Registers every documented endpoint while collecting the OpenAPI document
        /// ([`crate::docs::openapi`]); built once, at start-up.
        pub fn document(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
            $(cfg.service($service);)*
        }

        /// Registers the same endpoints on one worker's `App`. Each worker builds its
        /// own `App`; collecting the document there as well cost every worker megabytes.
        pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
            $(cfg.service($service);)*
        }
    };
}

endpoints! {
    health::healthz,
    health::readyz,
    auth::login::login,
    auth::refresh::refresh,
    auth::logout::logout,
    auth::me::me,
    users::create::create_user,
    users::list::list_users,
    users::get::get_user,
    users::update::update_user,
    reference::list_streets::list_streets,
    reference::add_street::add_street,
    reference::list_departments::list_departments,
    reference::add_department::add_department,
    reference::list_sectors::list_sectors,
    reference::add_sector::add_sector,
    reference::list_criteria::list_criteria,
    reference::add_criterion::add_criterion,
    hazards::create::create_hazard,
    hazards::list::list_hazards,
    hazards::get::get_hazard,
    hazards::events::list_events,
    hazards::update::update_hazard,
    hazards::transition::transition,
    photos::upload::upload_photo,
    photos::list::list_photos,
    photos::get::get_photo,
    enterprises::create::create_enterprise,
    enterprises::list::list_enterprises,
    enterprises::get::get_enterprise,
    enterprises::update::update_enterprise,
    inspections::create::create_inspection,
    inspections::list::list_inspections,
    inspections::get::get_inspection,
    inspections::finish::finish_inspection,
    inspections::public::verify_inspection,
    sync::sync_hazards,
    supervision::list::list_for_supervision,
    supervision::escalate::escalate_supervision,
    supervision::lift::lift_supervision,
    supervision::board::supervision_board,
    supervision::enforcement::create::create_enforcement,
    supervision::enforcement::for_hazard::list_hazard_enforcement,
    supervision::enforcement::for_enterprise::list_enterprise_enforcement,
    tips::create::create_tip,
    tips::status::tip_status,
    tips::add_photo::add_tip_photo,
    tips::list::list_tips,
    tips::get::get_tip,
    tips::reporter::tip_reporter,
    tips::verify::verify_tip,
    tips::reject::reject_tip,
    tips::reward::reward_tip,
    clients::create::create_client,
    clients::list::list_clients,
    clients::update::update_client,
    clients::rotate::rotate_client_key,
    webhooks::create::create_webhook,
    webhooks::list::list_webhooks,
    webhooks::update::update_webhook,
    webhooks::deliveries::list_deliveries,
    webhooks::redeliver::redeliver,
    open311::discovery::discovery,
    open311::services::services,
    open311::service_definition::service_definition,
    open311::requests::list_requests,
    open311::request::get_request,
    open311::create_request::create_request,
    open311::token::token,
    stats::kpis,
    stats::monthly,
}
