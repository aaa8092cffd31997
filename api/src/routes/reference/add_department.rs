//! `POST /v1/departments`.

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::usecases::reference::Entry;
use actix_web::{post, web, HttpResponse};
use hazard_openapi::problem::Problem;
use hazard_openapi::reference::CodeName;

super::code_name_add! {
    /// Adds a department (administrators).
    add_department, "/v1/departments", Department
}
