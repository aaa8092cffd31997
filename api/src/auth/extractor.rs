//! `AuthUser`: the signed-in account, from `Authorization: Bearer <jwt>`.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use hazard_domain::{Actor, Role};

use super::bearer::{self, Missing};
use crate::error::ApiError;
use crate::state::AppState;

/// A verified caller. Handlers that take it are authenticated; roles are checked inside.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Actor);

impl AuthUser {
    /// Refuses everyone but administrators.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.0.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::Forbidden("administrators only".into()))
        }
    }
}

fn extract(req: &HttpRequest) -> Result<AuthUser, ApiError> {
    let state =
        req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::Internal("application state missing".into()))?;
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
