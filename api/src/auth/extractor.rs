//! `AuthUser`: the signed-in account, from `Authorization: Bearer <jwt>`.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use hazard_domain::Actor;

use super::bearer::{self, Missing};
use crate::error::ApiError;
use crate::state::AppState;

/// A verified caller. Handlers that take it are authenticated; roles are checked inside.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Actor);

fn extract(req: &HttpRequest) -> Result<AuthUser, ApiError> {
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = bearer::token(req.headers()).map_err(|m| match m {
        Missing::Absent => ApiError::unauthorized("sign in: send Authorization: Bearer <access_token>"),
        Missing::Malformed => ApiError::unauthorized("malformed Authorization header: expected Bearer <token>"),
    })?;
    state.jwt.verify(token).map(AuthUser)
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract(req))
    }
}
