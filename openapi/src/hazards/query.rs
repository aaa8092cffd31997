//! The query of `GET /v1/hazards`.

use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use crate::enums::{GradeDto, StatusDto};

/// Filters and paging for `GET /v1/hazards`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HazardListQuery {
    /// Only this status.
    pub status: Option<StatusDto>,
    /// `true`: reported, rectifying or pending_review only; `false`: closed or invalid only.
    pub open: Option<bool>,
    /// Only this grade.
    pub grade: Option<GradeDto>,
    /// Only this sector.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub sector: Option<String>,
    /// Only this street.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub street: Option<String>,
    /// Only this responsible department.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub department: Option<String>,
    /// `true`: overdue only; `false`: not overdue.
    pub overdue: Option<bool>,
    /// Text in title, description or code.
    #[validate(length(min = 1, max = 100))]
    #[param(min_length = 1, max_length = 100)]
    pub q: Option<String>,
    /// Page size, 1..=200 (default 50).
    #[validate(range(min = 1, max = 200))]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[validate(length(max = 200))]
    #[param(max_length = 200)]
    pub cursor: Option<String>,
}
