//! Request bodies, files and dates the tests share.

use serde_json::{json, Value};

use crate::server::chrono_tz_shanghai;
use crate::TestApp;

/// The smallest valid PNG (1×1); append bytes to make distinct files.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A valid general hazard body.
pub fn general_hazard(street: &str) -> Value {
    json!({
        "title": "疏散通道堆放杂物",
        "description": "二楼疏散通道堆放纸箱，影响人员疏散。",
        "sector": "fire",
        "street_code": street,
        "address": "长宁区长宁路1号",
        "latitude": 31.2205,
        "longitude": 121.4243,
        "grade": "general"
    })
}

/// A complete 五落实 plan.
pub fn complete_plan() -> Value {
    json!({
        "responsible": "企业法定代表人",
        "measures": "拆除违规隔断，恢复疏散通道",
        "funds": "5万元",
        "deadline": "2099-01-31",
        "contingency_plan": "整改期间设专人值守并停用相关区域"
    })
}

/// The instant a district wall-clock time (Asia/Shanghai, the test servers' zone) names, to
/// pin the server's clock with `app.clock.pin(...)`.
pub fn district_instant(local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono_tz_shanghai().from_local_datetime(&local).single().expect("an unambiguous district time").to_utc()
}

/// A district date `days` from the server's today (the server runs on Asia/Shanghai).
pub fn date_in(app: &TestApp, days: i64) -> String {
    use hazard_infra::clock::Clock;
    let now = app.clock.now().with_timezone(&chrono_tz_shanghai());
    (now.date_naive() + chrono::Duration::days(days)).to_string()
}
