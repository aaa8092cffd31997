//! `GET /console/admin` (管理): accounts (create, deactivate or reactivate, reset a
//! password) and API clients (create, rotate the key, revoke; a new key is shown once,
//! on the page that answers the form, and never again), through the API's account and
//! client use cases.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use askama::Template;
use hazard_domain::client::Scope;
use hazard_domain::Permission;
use hazard_infra::repo::{clients, users};
use hazard_openapi::clients::UpdateApiClient;
use hazard_openapi::users::UpdateUser;
use uuid::Uuid;

use super::error::ConsoleError;
use super::failed::{refusal, Failed};
use super::form::{Form, Kind};
use super::hazard::local;
use super::labels;
use super::names::{Choice, Names};
use super::page::{html, see_other, Chrome};
use super::post::{call, command, Posted};
use super::session::Console;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::state::AppState;
use crate::usecases;
use crate::usecases::clients::WithKey;

/// Most accounts listed.
const MAX_USERS: i64 = 500;

/// An account.
#[derive(Debug, Clone)]
pub struct Account {
    id: String,
    username: String,
    display_name: String,
    role: &'static str,
    street: String,
    active: bool,
    me: bool,
}

/// An API client.
#[derive(Debug, Clone)]
pub struct ApiClient {
    id: String,
    name: String,
    key_prefix: String,
    scopes: String,
    street: String,
    rate: i32,
    active: bool,
    created: String,
}

#[derive(Template)]
#[template(path = "console/admin.html")]
struct AdminPage {
    chrome: Chrome,
    accounts: Vec<Account>,
    clients: Vec<ApiClient>,
    streets: Vec<Choice>,
    departments: Vec<Choice>,
    failed: Option<Failed>,
    key: Option<(String, String)>,
    done: Option<&'static str>,
}

impl AdminPage {
    fn refused(&self, form: &str) -> bool {
        refusal(&self.failed, form).is_some()
    }

    fn val(&self, form: &str, field: &str) -> String {
        refusal(&self.failed, form).map(|f| f.value(field)).unwrap_or_default()
    }

    fn err(&self, form: &str, field: &str) -> Option<String> {
        refusal(&self.failed, form)?.problem(field)
    }
}

/// The query of the page.
#[derive(Debug, serde::Deserialize)]
pub struct AdminQuery {
    done: Option<String>,
}

async fn render(
    console: &Console,
    state: &web::Data<AppState>,
    failed: Option<Failed>,
    key: Option<(String, String)>,
    done: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    console.actor.may(Permission::ManageAccounts).map_err(ApiError::from)?;
    console.actor.may(Permission::ManageClients).map_err(ApiError::from)?;
    let st = state.clone();
    let (user_rows, client_rows, names) = blocking(move || {
        let mut conn = st.conn()?;
        Ok((users::list(&mut conn, None, MAX_USERS)?, clients::list(&mut conn)?, Names::load(&mut conn)?))
    })
    .await?;
    let me = console.user.id.clone();
    let accounts = user_rows
        .into_iter()
        .map(|u| Account {
            me: u.id == me,
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: labels::role(&u.role),
            street: u.street_code.as_deref().map_or_else(|| "全区".to_owned(), |s| names.street(s)),
            active: u.active,
        })
        .collect();
    let clients = client_rows
        .into_iter()
        .map(|c| ApiClient {
            scopes: Scope::parse_list(&c.scopes).iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            street: c.street_code.as_deref().map_or_else(|| "全区".to_owned(), |s| names.street(s)),
            created: local(state, c.created_at.and_utc()),
            id: c.id,
            name: c.name,
            key_prefix: c.key_prefix,
            rate: c.rate_limit_per_minute,
            active: c.active,
        })
        .collect();
    let page = AdminPage {
        chrome: Chrome::new(console, "/console/admin", "管理"),
        accounts,
        clients,
        streets: names.streets.clone(),
        departments: names.departments.clone(),
        failed,
        key,
        done: match done {
            Some("user_created") => Some("账号已创建"),
            Some("user_updated") => Some("账号已更新"),
            Some("client_revoked") => Some("客户端已停用"),
            _ => None,
        },
    };
    Ok(html(status, page.render()))
}

/// `GET /console/admin`.
pub async fn page(
    console: Console,
    state: web::Data<AppState>,
    query: web::Query<AdminQuery>,
) -> Result<HttpResponse, ConsoleError> {
    render(&console, &state, None, None, query.done.as_deref(), StatusCode::OK).await
}

async fn refused(
    console: &Console,
    state: &web::Data<AppState>,
    form: &str,
    f: &Form,
    e: ApiError,
) -> Result<HttpResponse, ConsoleError> {
    if matches!(e, ApiError::Internal(_) | ApiError::Unavailable) {
        return Err(e.into());
    }
    let status = e.status_code();
    let mut values = f.values();
    values.retain(|(k, _)| k != "password");
    render(console, state, Some(Failed::of(form, values, &e)), None, None, status).await
}

/// After a form's use case answered: 303 to `done`, or the page again with the refusal.
async fn answer<R>(
    console: &Console,
    state: &web::Data<AppState>,
    (name, form): (&str, &Form),
    outcome: Result<R, ApiError>,
    done: &str,
) -> Result<HttpResponse, ConsoleError> {
    match outcome {
        Ok(_) => Ok(see_other(done)),
        Err(e) => refused(console, state, name, form, e).await,
    }
}

/// After a client's key was made: the page with the key on it (this once), or the
/// page again with the refusal.
async fn key_shown(
    console: &Console,
    state: &web::Data<AppState>,
    (name, form): (&str, &Form),
    outcome: Result<WithKey, ApiError>,
) -> Result<HttpResponse, ConsoleError> {
    match outcome {
        Ok(made) => render(console, state, None, Some((made.client.name, made.key)), None, StatusCode::OK).await,
        Err(e) => refused(console, state, name, form, e).await,
    }
}

/// `POST /console/admin/users`: a new account.
pub async fn create_user(posted: Posted, state: web::Data<AppState>) -> Result<HttpResponse, ConsoleError> {
    let Posted { console, form } = posted;
    let fields = [
        ("username", Kind::Text),
        ("password", Kind::Text),
        ("display_name", Kind::Text),
        ("role", Kind::Text),
        ("street_code", Kind::Text),
        ("department_code", Kind::Text),
        ("enterprise_id", Kind::Text),
    ];
    let outcome = command(&console, &state, form.json(&fields), usecases::accounts::create).await;
    answer(&console, &state, ("user", &form), outcome, "/console/admin?done=user_created").await
}

/// `POST /console/admin/users/{id}`: `op=deactivate|activate|password` (with `password`).
pub async fn update_user(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let Posted { console, form } = posted;
    let id: Uuid = path_uuid(&id, "account")?;
    let value = match form.get("op") {
        Some("deactivate") => serde_json::json!({"active": false}),
        Some("activate") => serde_json::json!({"active": true}),
        Some("password") => form.json(&[("password", Kind::Text)]),
        _ => return refused(&console, &state, "account", &form, ApiError::field("op", "unknown operation")).await,
    };
    let new_password = form.get("op") == Some("password");
    let outcome = command(&console, &state, value, move |st, actor, cmd: UpdateUser| {
        if new_password && cmd.password.is_none() {
            return Err(ApiError::field("password", "must not be blank"));
        }
        usecases::accounts::update(st, actor, id, cmd)
    })
    .await;
    answer(&console, &state, (&format!("account-{id}"), &form), outcome, "/console/admin?done=user_updated").await
}

/// `POST /console/admin/clients`: a new client; its key is on the answer, once.
pub async fn create_client(posted: Posted, state: web::Data<AppState>) -> Result<HttpResponse, ConsoleError> {
    let Posted { console, form } = posted;
    let fields = [
        ("name", Kind::Text),
        ("scopes", Kind::List),
        ("street_code", Kind::Text),
        ("rate_limit_per_minute", Kind::Number),
    ];
    let mut value = form.json(&fields);
    if let serde_json::Value::Object(map) = &mut value {
        // No box ticked is an empty list, which the rules then refuse by name.
        map.entry("scopes").or_insert_with(|| serde_json::json!([]));
    }
    let outcome = command(&console, &state, value, usecases::clients::create).await;
    key_shown(&console, &state, ("client", &form), outcome).await
}

/// `POST /console/admin/clients/{id}/rotate`: a new key (the old one works 24 h more).
pub async fn rotate_client(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let Posted { console, form } = posted;
    let id = path_uuid(&id, "client")?.to_string();
    let outcome = call(&console, &state, move |st, actor| usecases::clients::rotate(st, actor, &id)).await;
    key_shown(&console, &state, ("clients", &form), outcome).await
}

/// `POST /console/admin/clients/{id}/revoke`: the key stops working.
pub async fn revoke_client(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let Posted { console, form } = posted;
    let id = path_uuid(&id, "client")?.to_string();
    let cmd = UpdateApiClient {
        name: None,
        scopes: None,
        active: Some(false),
        rate_limit_per_minute: None,
        street_code: None,
    };
    let outcome = call(&console, &state, move |st, actor| usecases::clients::update(st, actor, &id, cmd)).await;
    answer(&console, &state, ("clients", &form), outcome, "/console/admin?done=client_revoked").await
}
