//! `GET /console/tips` (举报): public tips waiting for review, with forms to verify one
//! into a hazard, reject it with a reason, or set its reward, through the API's tip use
//! cases. The reporter's identity is not shown here (administrators read it through the
//! API).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use askama::Template;
use hazard_domain::{Actor, Permission};
use hazard_infra::repo::tips as repo;
use hazard_openapi::tips::{RejectTip, RewardTip, VerifyTip};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use validator::Validate;

use super::error::ConsoleError;
use super::failed::Failed;
use super::form::{Form, Kind};
use super::hazard::local;
use super::labels;
use super::names::{Choice, Names};
use super::page::{html, see_other, Chrome};
use super::post::{command, Posted};
use super::session::Console;
use crate::convert::path_uuid;
use crate::error::{blocking, ApiError};
use crate::routes::cursor::{timed_page, Keyset};
use crate::routes::tips::{tip_key, with_photos};
use crate::state::AppState;
use crate::usecases::tips::{review, verify as verify_uc};

const PAGE: i64 = 30;

/// One tip in the queue.
#[derive(Debug, Clone)]
pub struct Line {
    id: String,
    tracking_code: String,
    description: String,
    address: String,
    street: String,
    street_code: String,
    sector: String,
    status: String,
    status_label: &'static str,
    reject_reason: String,
    hazard_id: String,
    reward: String,
    photos: i64,
    photo_ids: Vec<String>,
    received: String,
}

/// The queue's query.
#[derive(Debug, Deserialize)]
pub struct TipsQuery {
    status: Option<String>,
    cursor: Option<String>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "console/tips.html")]
struct TipsPage {
    chrome: Chrome,
    lines: Vec<Line>,
    status: String,
    streets: Vec<Choice>,
    sectors: Vec<Choice>,
    failed: Option<(String, Failed)>,
    done: Option<String>,
    next: Option<String>,
}

impl TipsPage {
    /// The refusal of form `form` of tip `tip`, if that is what was refused.
    fn refusal(&self, tip: &str, form: &str) -> Option<&Failed> {
        self.failed.as_ref().filter(|(id, f)| id == tip && f.form == form).map(|(_, f)| f)
    }

    fn err(&self, tip: &str, form: &str, field: &str) -> Option<String> {
        self.refusal(tip, form)?.problem(field)
    }

    fn val(&self, tip: &str, form: &str, field: &str) -> String {
        self.refusal(tip, form).map(|f| f.value(field)).unwrap_or_default()
    }

    fn message(&self, tip: &str) -> Option<String> {
        self.failed.as_ref().filter(|(id, _)| id == tip).map(|(_, f)| f.message.clone())
    }
}

async fn render(
    console: &Console,
    state: &web::Data<AppState>,
    query: &TipsQuery,
    failed: Option<(String, Failed)>,
    status: StatusCode,
) -> Result<HttpResponse, ConsoleError> {
    console.actor.may(Permission::HandleTips).map_err(ApiError::from)?;
    let wanted = query.status.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "received".into());
    let after = query.cursor.as_deref().filter(|c| !c.is_empty()).map(Keyset::decode).transpose()?;
    let filter = repo::TipFilter { status: Some(wanted.clone()), scope: console.actor.street_scope() };
    let st = state.clone();
    let (tips, names, next) = blocking(move || {
        let mut conn = st.conn()?;
        let (tips, next) = timed_page(
            &mut conn,
            (after.as_ref(), PAGE),
            |conn, after, n| repo::list(conn, &filter, after, n),
            tip_key,
            |conn, r| {
                let ids = repo::photos(conn, &r.id)?.into_iter().map(|p| p.id).collect::<Vec<_>>();
                Ok((with_photos(conn, r)?, ids))
            },
        )?;
        Ok((tips, Names::load(&mut conn)?, next))
    })
    .await?;
    let lines = tips
        .into_iter()
        .map(|(t, photo_ids)| Line {
            id: t.id.to_string(),
            tracking_code: t.tracking_code,
            description: t.description,
            address: t.address.unwrap_or_default(),
            street: t.street_code.as_deref().map(|s| names.street(s)).unwrap_or_default(),
            street_code: t.street_code.unwrap_or_default(),
            sector: t.sector_guess.unwrap_or_default(),
            status_label: labels::tip_status(&t.status),
            status: t.status,
            reject_reason: t.reject_reason.unwrap_or_default(),
            hazard_id: t.hazard_id.map(|h| h.to_string()).unwrap_or_default(),
            reward: match (t.reward_status.as_str(), t.reward_amount) {
                ("pending", Some(a)) => format!("待发放 {a} 元"),
                ("granted", Some(a)) => format!("已发放 {a} 元"),
                _ => "未设".into(),
            },
            photos: t.photos,
            photo_ids,
            received: local(state, t.created_at),
        })
        .collect();
    let next = next.map(|c| {
        let s = form_urlencoded::Serializer::new(String::new())
            .append_pair("status", &wanted)
            .append_pair("cursor", &c)
            .finish();
        format!("/console/tips?{s}")
    });
    let page = TipsPage {
        chrome: Chrome::new(console, "/console/tips", "举报"),
        lines,
        status: wanted,
        streets: names.streets_within(console.actor.street_code.as_deref()),
        sectors: names.sectors,
        failed,
        done: query.done.clone().filter(|d| matches!(d.as_str(), "verified" | "rejected" | "rewarded")).map(
            |d| match d.as_str() {
                "verified" => "已核实，已生成隐患".to_owned(),
                "rejected" => "已驳回".to_owned(),
                _ => "奖励已更新".to_owned(),
            },
        ),
        next,
    };
    Ok(html(status, page.render()))
}

/// `GET /console/tips`.
pub async fn page(
    console: Console,
    state: web::Data<AppState>,
    query: web::Query<TipsQuery>,
) -> Result<HttpResponse, ConsoleError> {
    render(&console, &state, &query, None, StatusCode::OK).await
}

async fn answer<R>(
    console: &Console,
    state: &web::Data<AppState>,
    tip: &str,
    form: (&str, &Form),
    outcome: Result<R, ApiError>,
    done: &str,
) -> Result<HttpResponse, ConsoleError> {
    match outcome {
        Ok(_) => Ok(see_other(&format!("/console/tips?done={done}"))),
        Err(e @ (ApiError::Internal(_) | ApiError::Unavailable | ApiError::NotFound(_))) => Err(e.into()),
        Err(e) => {
            let failed = Failed::of(form.0, form.1.values(), &e);
            let q = TipsQuery { status: form.1.get("list_status").map(str::to_owned), cursor: None, done: None };
            render(console, state, &q, Some((tip.to_owned(), failed)), e.status_code()).await
        }
    }
}

/// Runs a review use case on tip `id` with the form as its request type `T`: 303 back to
/// the queue saying `done`, or the queue again with the refusal by the tip.
async fn tip_command<T, R>(
    Posted { console, form }: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
    (form_name, fields, done): (&str, &[(&str, Kind)], &str),
    run: impl FnOnce(&AppState, &Actor, &str, T) -> Result<R, ApiError> + Send + 'static,
) -> Result<HttpResponse, ConsoleError>
where
    T: DeserializeOwned + Validate + Send + 'static,
    R: Send + 'static,
{
    let tip = path_uuid(&id, "tip")?.to_string();
    let t = tip.clone();
    let outcome = command(&console, &state, form.json(fields), move |st, actor, cmd| run(st, actor, &t, cmd)).await;
    answer(&console, &state, &tip, (form_name, &form), outcome, done).await
}

/// `POST /console/tips/{id}/verify`: files the hazard (source `public_tip`).
pub async fn verify(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let fields = [
        ("title", Kind::Text),
        ("sector", Kind::Text),
        ("street_code", Kind::Text),
        ("address", Kind::Text),
        ("grade", Kind::Text),
        ("criterion_code", Kind::Text),
    ];
    tip_command::<VerifyTip, _>(posted, state, id, ("verify", &fields, "verified"), verify_uc::verify).await
}

/// `POST /console/tips/{id}/reject`.
pub async fn reject(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let run = |st: &AppState, actor: &Actor, tip: &str, cmd: RejectTip| review::reject(st, actor, tip, cmd.reason);
    tip_command(posted, state, id, ("reject", &[("reason", Kind::Text)], "rejected"), run).await
}

/// `POST /console/tips/{id}/reward` (举报奖励).
pub async fn reward(
    posted: Posted,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let run = |st: &AppState, actor: &Actor, tip: &str, cmd: RewardTip| {
        review::reward(st, actor, tip, cmd.target(), cmd.amount)
    };
    let fields = [("amount", Kind::Number), ("status", Kind::Text)];
    tip_command(posted, state, id, ("reward", &fields, "rewarded"), run).await
}

/// `GET /console/tips/{id}/photos/{photo}`: a photo sent with a tip, to the supervisors
/// who may review the tip.
pub async fn photo(
    console: Console,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ConsoleError> {
    let (tip, photo) = path.into_inner();
    let (tip, photo) = (path_uuid(&tip, "tip")?.to_string(), path_uuid(&photo, "photo")?.to_string());
    let (st, actor) = (state.clone(), console.actor.clone());
    let (content_type, bytes) = blocking(move || {
        let mut conn = st.conn()?;
        crate::usecases::tips::load_for_review(&mut conn, &actor, &tip)?;
        let row = repo::photos(&mut conn, &tip)?
            .into_iter()
            .find(|p| p.id == photo)
            .ok_or_else(|| ApiError::NotFound("no such photo".into()))?;
        let bytes =
            st.blobs.get(&row.sha256)?.ok_or_else(|| ApiError::internal(format!("blob {} is missing", row.sha256)))?;
        Ok((row.content_type, bytes))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, max-age=31536000, immutable"))
        .body(bytes))
}
