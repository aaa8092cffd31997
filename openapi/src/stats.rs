//! The plan's key figures (item 5).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

/// A rate with what it was computed from; `value` is `null` when the denominator is 0.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct RateDto {
    /// numerator / denominator (× 1000 for per-thousand rates), 4 decimals.
    pub value: Option<f64>,
    /// What was counted.
    pub numerator: i64,
    /// Out of what.
    pub denominator: i64,
}

impl From<hazard_domain::kpi::Rate> for RateDto {
    fn from(r: hazard_domain::kpi::Rate) -> Self {
        RateDto { value: r.value, numerator: r.numerator, denominator: r.denominator }
    }
}

/// Hazards found in the period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FoundCounts {
    /// All (invalid ones excluded).
    pub total: i64,
    /// 一般.
    pub general: i64,
    /// 重大.
    pub major: i64,
}

/// The rates of the plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Rates {
    /// 重大事故隐患整改率: major found in the period and closed / major found.
    pub major_rectification_rate: RateDto,
    /// 千次检查发现率: hazards found in inspections / inspections × 1000.
    pub findings_per_thousand_inspections: RateDto,
    /// The same for major hazards alone.
    pub major_findings_per_thousand_inspections: RateDto,
    /// 挂牌督办率: major found that were listed for supervision / major found.
    pub supervision_rate: RateDto,
    /// 约谈警示通报率: major found whose case drew an interview or warning notice / major found.
    pub enforcement_rate: RateDto,
    /// 自查自纠率: self-inspection finds closed / self-inspection finds.
    pub self_correction_rate: RateDto,
}

/// The figures for one scope and period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Kpis {
    /// The group (street or sector code) when grouped; `null` for the whole scope.
    pub group: Option<String>,
    /// First day (district date).
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// The street, when one was asked for (or the caller's).
    pub street: Option<String>,
    /// The sector, when one was asked for.
    pub sector: Option<String>,
    /// Hazards found.
    pub found: FoundCounts,
    /// Of those, closed now.
    pub closed: i64,
    /// Of those, open now.
    pub open: i64,
    /// Of those, overdue now.
    pub overdue: i64,
    /// Inspections started in the period.
    pub inspections: i64,
    /// The rates.
    pub rates: Rates,
    /// Median days from filing to closing, of those closed, counting whole days (24 h,
    /// rounded down: 0 for a hazard closed within a day); null when none is closed.
    pub median_days_to_close: Option<f64>,
}

/// `GET /v1/stats/kpis` parameters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct KpiQuery {
    /// First day (district date).
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// Only this street.
    #[validate(length(min = 1, max = 64))]
    #[param(min_length = 1, max_length = 64)]
    pub street: Option<String>,
    /// Only this sector.
    #[validate(length(min = 1, max = 64))]
    #[param(min_length = 1, max_length = 64)]
    pub sector: Option<String>,
    /// `street` or `sector`: one row per group.
    pub group_by: Option<GroupBy>,
    /// `csv` for a spreadsheet (same as `Accept: text/csv`).
    pub format: Option<Format>,
}

/// Grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One row per street.
    Street,
    /// One row per sector.
    Sector,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// JSON (default).
    Json,
    /// CSV, UTF-8 with BOM, Chinese headers (opens cleanly in Excel).
    Csv,
}

/// `GET /v1/stats/monthly` parameters.
#[derive(Debug, Clone, Default, Deserialize, IntoParams, Validate)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MonthlyQuery {
    /// Calendar year.
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// Only this street.
    #[validate(length(min = 1, max = 64))]
    #[param(min_length = 1, max_length = 64)]
    pub street: Option<String>,
    /// Only this sector.
    #[validate(length(min = 1, max = 64))]
    #[param(min_length = 1, max_length = 64)]
    pub sector: Option<String>,
    /// `csv` for a spreadsheet.
    pub format: Option<Format>,
}

/// Figures, one row per group or month.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct KpiTable {
    /// The rows.
    pub rows: Vec<Kpis>,
}

/// What `GET /v1/stats/kpis` answers in JSON: one set of figures, or one row per group
/// with `group_by`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum KpiAnswer {
    /// Without `group_by`.
    One(Box<Kpis>),
    /// With `group_by`.
    Grouped(KpiTable),
}
