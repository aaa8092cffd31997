//! `GET /v1/streets`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::reference;
use hazard_openapi::reference::CodeName;

super::code_name_list! {
    /// The district's streets (街镇).
    list_streets, "/v1/streets", reference::streets
}
