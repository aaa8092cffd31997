//! `X-Api-Key` for third-party clients: verified against the database, rate-limited per
//! client (one bucket across all replicas on PostgreSQL, see `crate::ratelimit`), with
//! `RateLimit-*` headers on every answer.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use hazard_domain::client::{Client, Scope};
use hazard_infra::repo::clients;

use crate::error::ApiError;
use crate::ratelimit::Quota;
use crate::state::AppState;

/// The request header carrying a client key.
pub const HEADER: &str = "x-api-key";

/// A verified client, stored in the request's extensions by the middleware.
#[derive(Debug, Clone)]
pub struct ClientCaller(pub Client);

/// The middleware: requests without `X-Api-Key` pass through untouched.
pub async fn middleware<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let Some(key) = req.headers().get(HEADER).map(|v| v.to_str().unwrap_or("").trim().to_owned()) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let st = state.clone();
    let found =
        web::block(move || -> Result<_, ApiError> { Ok(clients::by_key(&mut *st.conn()?, &key, st.now_naive())?) })
            .await
            .map_err(ApiError::from)
            .and_then(|r| r);
    let row = match found {
        Ok(Some(row)) => row,
        Ok(None) => {
            let e = ApiError::unauthorized("the API key is unknown, revoked or expired");
            return Ok(req.into_response(e.error_response()).map_into_right_body());
        }
        Err(e) => return Ok(req.into_response(e.error_response()).map_into_right_body()),
    };
    let quota = Quota::per_minute(u32::try_from(row.rate_limit_per_minute).unwrap_or(1));
    let verdict = match crate::ratelimit::take(&state, format!("client:{}", row.id), quota).await {
        Ok(v) => v,
        Err(e) => return Ok(req.into_response(e.error_response()).map_into_right_body()),
    };
    if !verdict.allowed {
        return Ok(req.into_response(verdict.refusal()).map_into_right_body());
    }
    let client = Client { id: row.id, scopes: Scope::parse_list(&row.scopes), street_code: row.street_code };
    req.extensions_mut().insert(ClientCaller(client));
    let mut res = next.call(req).await?;
    for (k, v) in verdict.headers() {
        res.headers_mut().insert(k, v);
    }
    Ok(res.map_into_left_body())
}
