//! `POST /v1/sectors`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::reference::Entry;
use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::reference::CodeName;

super::code_name_add! {
    /// Adds a sector (administrators).
    add_sector, "/v1/sectors", Sector
}
