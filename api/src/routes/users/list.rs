//! `GET /v1/users`.

use actix_web::{get, web, HttpResponse};
use hazard_domain::Permission;
use hazard_infra::repo::users;
use hazard_openapi::page::Page;
use hazard_openapi::problem::Problem;
use hazard_openapi::users::User;
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::view::user_dto;
use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::extract::ValidQuery;
use crate::routes::cursor::{self, page_of};
use crate::state::AppState;

/// Paging for the account list.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Page size, 1..=200 (default 50).
    #[validate(range(min = 1, max = 200))]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[validate(length(max = 200))]
    pub cursor: Option<String>,
}

/// Accounts in username order (administrators only).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(UserListQuery),
    responses(
        (status = 200, body = Page<User>),
        (status = 400, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/users")]
pub async fn list_users(
    auth: AuthUser,
    state: web::Data<AppState>,
    query: ValidQuery<UserListQuery>,
) -> Result<HttpResponse, ApiError> {
    auth.0.may(Permission::ManageAccounts)?;
    let q = query.0;
    let after = q.cursor.as_deref().map(cursor::decode::<(String,)>).transpose()?.map(|(u,)| u);
    let limit = q.limit.unwrap_or(50);
    let st = state.clone();
    let rows = blocking(move || {
        let mut conn = st.conn()?;
        Ok(users::list(&mut conn, after.as_deref(), limit + 1)?)
    })
    .await?;
    let (rows, next_cursor) = page_of(rows, limit, |u| cursor::encode(&(&u.username,)));
    let items = rows.into_iter().map(user_dto).collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
