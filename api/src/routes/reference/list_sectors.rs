//! `GET /v1/sectors`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::reference;
use hazard_openapi::reference::CodeName;

super::code_name_list! {
    /// Sectors (行业领域).
    list_sectors, "/v1/sectors", reference::sectors
}
