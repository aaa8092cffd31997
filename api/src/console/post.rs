//! What every console form post shares: the signed-in account, the body checked for the
//! session's CSRF token ([`Posted`]), and running an API use case with the form as its
//! request type ([`command`], [`call`]), so each form handler only says which fields and
//! which use case.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use hazard_domain::Actor;
use serde::de::DeserializeOwned;
use validator::Validate;

use super::form::Form;
use super::session::Console;
use crate::error::{blocking, ApiError};
use crate::extract::parse_value;
use crate::state::AppState;

/// A form posted by a signed-in account: the session, then the body (within the usual
/// payload limit), then the CSRF check, in that order; a failure of any answers as the
/// handler's own extractors did.
pub struct Posted {
    /// Who posted it.
    pub console: Console,
    /// Its fields.
    pub form: Form,
}

impl FromRequest for Posted {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let console = Console::from_request(&req, payload);
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let console = console.await?;
            let body = body.await?;
            let form = Form::parse(&req, &body, &console.csrf)?;
            Ok(Posted { console, form })
        })
    }
}

/// Runs use case `run` as the console's account, off the async threads.
pub async fn call<R: Send + 'static>(
    console: &Console,
    state: &web::Data<AppState>,
    run: impl FnOnce(&AppState, &Actor) -> Result<R, ApiError> + Send + 'static,
) -> Result<R, ApiError> {
    let (st, actor) = (state.clone(), console.actor.clone());
    blocking(move || run(&st, &actor)).await
}

/// Parses `value` (a form's JSON) as request type `T`, by the rules a JSON body has, and
/// runs use case `run` with it: a request that does not parse is refused by field.
pub async fn command<T, R>(
    console: &Console,
    state: &web::Data<AppState>,
    value: serde_json::Value,
    run: impl FnOnce(&AppState, &Actor, T) -> Result<R, ApiError> + Send + 'static,
) -> Result<R, ApiError>
where
    T: DeserializeOwned + Validate + Send + 'static,
    R: Send + 'static,
{
    let cmd = parse_value::<T>(value)?;
    call(console, state, move |st, actor| run(st, actor, cmd)).await
}
