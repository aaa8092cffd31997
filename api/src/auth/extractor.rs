//! `AuthUser`: the signed-in account, from `Authorization: Bearer <jwt>`: a valid
//! signature, and a session still current on every replica (`auth::session`).

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use hazard_domain::Actor;

use super::bearer::{self, Missing};
use crate::error::ApiError;
use crate::state::AppState;

/// A verified caller. Handlers that take it are authenticated; roles are checked inside.
#[derive(Debug, Clone)]
pub struct AuthUser(pub Actor);

/// The account behind a request, once known: the access log names it (by id only).
#[derive(Debug, Clone, Copy)]
pub struct ActorId(pub uuid::Uuid);

fn verified(req: &HttpRequest) -> Result<(web::Data<AppState>, Actor, super::jwt::Session), ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = bearer::token(req.headers()).map_err(|m| match m {
        Missing::Absent => ApiError::unauthorized("sign in: send Authorization: Bearer <access_token>"),
        Missing::Malformed => ApiError::unauthorized("malformed Authorization header: expected Bearer <token>"),
    })?;
    let (actor, session) = state.jwt.verify_session(token)?;
    Ok((state, actor, session))
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let checked = verified(req);
        let req = req.clone();
        Box::pin(async move {
            let (state, actor, session) = checked?;
            super::session::ensure_current(&state, &actor, session).await?;
            req.extensions_mut().insert(ActorId(actor.user_id));
            Ok(AuthUser(actor))
        })
    }
}
