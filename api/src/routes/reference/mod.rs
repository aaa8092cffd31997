//! Reference data: streets, departments, sectors and major-hazard criteria. Everyone
//! signed in reads them (phones fill their pickers from here); administrators add entries.
//!
//! Streets, departments and sectors are the same kind of list (a code and a name), so
//! their endpoints are made by [`code_name_list!`] and [`code_name_add!`]: one file per
//! endpoint still, each naming only its path, its list and its doc.

pub mod add_criterion;
pub mod add_department;
pub mod add_sector;
pub mod add_street;
pub mod list_criteria;
pub mod list_departments;
pub mod list_sectors;
pub mod list_streets;

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::auth::AuthUser;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use crate::usecases::reference::{self, Entry};

/// Adds `entry` as `auth` (administrators) and answers 201 with the entry as sent.
pub async fn added(
    state: &web::Data<AppState>,
    auth: AuthUser,
    entry: Entry,
    sent: impl Serialize,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    blocking(move || reference::add(&st, &auth.0, entry)).await?;
    Ok(HttpResponse::Created().json(sent))
}

/// `GET` of a code-and-name list: `$read` is the repo's reader of it.
macro_rules! code_name_list {
    ($(#[doc = $doc:tt])* $name:ident, $path:tt, $read:path) => {
        $(#[doc = $doc])*
        #[utoipa::path(tag = "reference", security(("bearer" = [])), responses((status = 200, body = Vec<CodeName>)))]
        #[get($path)]
        pub async fn $name(_auth: AuthUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
            let st = state.clone();
            let rows = blocking(move || Ok($read(&mut *st.conn()?)?)).await?;
            Ok(HttpResponse::Ok().json(rows.into_iter().map(|r| CodeName { code: r.code, name: r.name }).collect::<Vec<_>>()))
        }
    };
}

/// `POST` of a code-and-name entry: `$entry` is the [`Entry`] variant it adds.
macro_rules! code_name_add {
    ($(#[doc = $doc:tt])* $name:ident, $path:tt, $entry:ident) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            tag = "reference", security(("bearer" = [])), request_body = CodeName,
            responses(
                (status = 201, body = CodeName),
                (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
                (status = 409, description = "conflict", body = Problem, content_type = "application/problem+json")
            )
        )]
        #[post($path)]
        pub async fn $name(
            auth: AuthUser,
            state: web::Data<AppState>,
            body: ValidJson<CodeName>,
        ) -> Result<HttpResponse, ApiError> {
            super::added(&state, auth, Entry::$entry(body.0.clone()), body.0).await
        }
    };
}

use {code_name_add, code_name_list};
