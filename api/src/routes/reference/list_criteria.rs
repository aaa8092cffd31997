//! `GET /v1/criteria`.

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hazard_infra::repo::reference;
use hazard_openapi::reference::Criterion;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

/// Filter for criteria.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CriteriaQuery {
    /// Only criteria of this sector.
    #[validate(length(min = 1, max = 64))]
    pub sector: Option<String>,
}

/// Major-hazard criteria (重大事故隐患判定标准), optionally of one sector.
#[utoipa::path(
    tag = "reference", security(("bearer" = [])), params(CriteriaQuery),
    responses((status = 200, body = Vec<Criterion>))
)]
#[get("/v1/criteria")]
pub async fn list_criteria(
    _auth: AuthUser,
    state: web::Data<AppState>,
    query: ValidQuery<CriteriaQuery>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let rows = blocking(move || Ok(reference::criteria(&mut *st.conn()?, query.0.sector.as_deref())?)).await?;
    let out: Vec<Criterion> = rows
        .into_iter()
        .map(|r| Criterion { code: r.code, sector: r.sector, text: r.text, source: r.source })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}
