//! `Caller`: either a signed-in account (Bearer token) or a third-party client
//! (`X-Api-Key`), for the endpoints both may use.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::{ready, FutureExt, LocalBoxFuture};
use hazard_domain::client::Client;
use hazard_domain::Actor;

use super::client::ClientCaller;
use super::AuthUser;
use crate::error::ApiError;

/// Who is asking.
#[derive(Debug, Clone)]
pub enum Caller {
    /// A signed-in account: the staff view.
    User(Actor),
    /// A third-party client: the redacted view, within its scopes and street.
    Client(Client),
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if let Some(c) = req.extensions().get::<ClientCaller>() {
            return ready(Ok(Caller::Client(c.0.clone()))).boxed_local();
        }
        AuthUser::from_request(req, payload).map(|user| user.map(|u| Caller::User(u.0))).boxed_local()
    }
}
