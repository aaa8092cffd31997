//! `GET /v1/public/inspections/{code}`: anyone holding an inspection code can check that
//! the inspection is genuine. Shows department, kind, date, inspector names and the number
//! of hazards found, and nothing more.

use actix_web::{get, web, HttpResponse};
use hazard_domain::inspection::InspectionKind;
use hazard_infra::repo::{inspections, reference};
use hazard_openapi::inspections::PublicInspection;
use hazard_openapi::problem::Problem;

use super::view::inspector_ids;
use crate::error::{blocking, ApiError};
use crate::state::AppState;

/// Verifies an inspection code (no sign-in).
#[utoipa::path(
    tag = "public",
    params(("code" = String, Path, description = "inspection code, e.g. JC-7KQ2-M9XD-4HTA")),
    responses(
        (status = 200, body = PublicInspection),
        (status = 404, description = "not_found: no inspection has this code", body = Problem, content_type = "application/problem+json")
    )
)]
#[get("/v1/public/inspections/{code}")]
pub async fn verify_inspection(state: web::Data<AppState>, code: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let code = code.into_inner().trim().to_ascii_uppercase();
    if code.len() > 32 {
        return Err(ApiError::NotFound("no inspection has this code".into()));
    }
    let st = state.clone();
    let tz = state.tz();
    let out = blocking(move || {
        let mut conn = st.conn()?;
        let row = inspections::by_code(&mut conn, &code)?
            .ok_or_else(|| ApiError::NotFound("no inspection has this code".into()))?;
        let department = match &row.department_code {
            Some(d) => reference::departments(&mut conn)?.into_iter().find(|x| &x.code == d).map(|x| x.name),
            None => None,
        };
        let names = inspections::names(&mut conn, &inspector_ids(&row)?)?.into_iter().map(|(_, n)| n).collect();
        Ok(PublicInspection {
            code: row.code.clone(),
            department,
            kind: row.kind.parse::<InspectionKind>().map_err(ApiError::internal)?.into(),
            date: row.started_at.and_utc().with_timezone(&tz).date_naive(),
            inspector_names: names,
            hazards_count: inspections::hazard_count(&mut conn, &row.id)?,
            finished: row.finished_at.is_some(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(out))
}
