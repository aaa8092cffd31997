//! `GET /v1/departments`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::reference;
use hazard_openapi::reference::CodeName;

super::code_name_list! {
    /// Responsible departments (责任单位).
    list_departments, "/v1/departments", reference::departments
}
