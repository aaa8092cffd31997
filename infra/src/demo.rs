//! The demo data set (`--demo`): accounts for each role, enterprises, and hazards across
//! statuses, streets and sectors, so a newcomer sees a living system. Deterministic.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime};
use chrono_tz::Tz;
use diesel::prelude::*;
use hazard_domain::deadline::local_date;
use hazard_domain::kpi::days_to_close;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::models::{EnterpriseRow, HazardRow, NewEvent, UserRow};
use crate::schema::enterprises;
use crate::{password, repo, DbConnection, InfraError};

/// The password of every demo account (documented in README).
pub const DEMO_PASSWORD: &str = "Demo-2025!";

const TITLES: [(&str, &str); 11] = [
    ("fire", "疏散通道堆放杂物"),
    ("fire", "消防栓被遮挡"),
    ("ebike", "电动自行车在楼道内充电"),
    ("ev_charging", "充电桩未设置防撞设施"),
    ("factory_warehouse", "仓库内违规住人"),
    ("gas", "餐饮场所未安装可燃气体报警装置"),
    ("hazchem", "危化品储存未分类分区"),
    ("construction", "脚手架连墙件缺失"),
    ("special_equipment", "电梯超期未检验"),
    ("industry_trade", "有限空间作业未审批"),
    ("other", "大型活动现场安全出口不足"),
];

const STREETS: [&str; 10] = [
    "huayanglu",
    "jiangsulu",
    "xinhualu",
    "zhoujiaqiao",
    "tianshanlu",
    "xianxiaxincun",
    "hongqiao",
    "chengjiaqiao",
    "beixinjing",
    "xinjingzhen",
];

fn uscc_for(n: u32) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let body = format!("91310105{n:09}");
    let sum: usize =
        body.bytes().zip(WEIGHTS).map(|(b, w)| ALPHABET.iter().position(|a| *a == b).unwrap_or(0) * w).sum();
    let check = ALPHABET[(31 - sum % 31) % 31] as char;
    format!("{body}{check}")
}

fn user(
    username: &str,
    name: &str,
    role: &str,
    street: Option<&str>,
    ent: Option<&str>,
    hash: &str,
    now: NaiveDateTime,
) -> UserRow {
    UserRow {
        id: Uuid::now_v7().to_string(),
        username: username.into(),
        password_hash: hash.into(),
        display_name: name.into(),
        role: role.into(),
        street_code: street.map(Into::into),
        department_code: None,
        enterprise_id: ent.map(Into::into),
        active: true,
        created_at: now,
        updated_at: now,
    }
}

/// Loads the demo set with `hazards` hazards. Safe to run twice: accounts and enterprises
/// are only added when missing, and hazards are topped up to `hazards`.
pub fn load(conn: &mut DbConnection, hazards: usize, now: NaiveDateTime, tz: Tz) -> Result<(), InfraError> {
    let mut rng = StdRng::seed_from_u64(2025);
    let mut enterprise_ids = Vec::new();
    for (i, street) in STREETS.iter().cycle().take(20).enumerate() {
        let n = u32::try_from(i).unwrap_or(0) + 1;
        let uscc = uscc_for(n);
        let existing: Option<String> =
            enterprises::table.filter(enterprises::uscc.eq(&uscc)).select(enterprises::id).first(conn).optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                let sector = TITLES[i % TITLES.len()].0;
                let row = EnterpriseRow {
                    id: Uuid::now_v7().to_string(),
                    name: format!("长宁示范企业{n:02}有限公司"),
                    uscc,
                    street_code: (*street).into(),
                    sector: sector.into(),
                    address: format!("长宁区示范路{n}号"),
                    risk_class: ["A", "B", "C", "D"][i % 4].into(),
                    created_at: now,
                    updated_at: now,
                };
                diesel::insert_into(enterprises::table).values(&row).execute(conn)?;
                row.id
            }
        };
        enterprise_ids.push((id, *street));
    }
    let hash = password::hash(DEMO_PASSWORD)?;
    let accounts = [
        user("inspector.district", "王检查", "inspector", None, None, &hash, now),
        user("inspector.huayang", "李网格", "inspector", Some("huayanglu"), None, &hash, now),
        user("supervisor.district", "张督办", "supervisor", None, None, &hash, now),
        user("supervisor.huayang", "赵科长", "supervisor", Some("huayanglu"), None, &hash, now),
        user("enterprise.demo", "示范企业安全员", "enterprise", None, Some(&enterprise_ids[0].0), &hash, now),
    ];
    let mut ids = Vec::new();
    for account in accounts {
        match repo::users::by_username(conn, &account.username)? {
            Some(u) => ids.push(u.id),
            None => {
                repo::users::insert(conn, &account)?;
                ids.push(account.id);
            }
        }
    }
    let (inspector, supervisor) = (ids[0].clone(), ids[2].clone());
    // Top up to `hazards` demo hazards, so that starting with --demo twice adds nothing.
    let existing: i64 = crate::schema::hazards::table
        .filter(crate::schema::hazards::request_hash.eq("demo"))
        .count()
        .get_result(conn)?;
    let start = usize::try_from(existing).unwrap_or(0);
    // Statistics as the tables grow: PostgreSQL keeps the plans it made while they were
    // empty (its foreign-key checks included) until the next ANALYZE, and with them each
    // insert grew slower with the tables (seeding fell from ~200 hazards a second to ~100
    // by 12,000; one ANALYZE then brought it to 400-550). Analyzing whenever the load has
    // doubled costs a few table samples in all.
    let mut analyze_at = start.max(1_000);
    for chunk_start in (start..hazards).step_by(500) {
        if chunk_start >= analyze_at {
            crate::db::analyze(conn, crate::db::HAZARD_LOAD_TABLES)?;
            analyze_at = chunk_start * 2;
        }
        crate::db::write(conn, |conn| {
            for i in chunk_start..(chunk_start + 500).min(hazards) {
                demo_hazard(
                    conn,
                    &mut rng,
                    i,
                    &enterprise_ids,
                    &inspector,
                    &supervisor,
                    now.and_utc().with_timezone(&tz),
                )?;
            }
            Ok::<_, InfraError>(())
        })?;
    }
    // A bulk load: the planner must not keep the plans it picked for empty tables.
    crate::db::analyze(conn, crate::db::HAZARD_LOAD_TABLES)
}

fn demo_hazard(
    conn: &mut DbConnection,
    rng: &mut StdRng,
    i: usize,
    enterprises: &[(String, &str)],
    inspector: &str,
    supervisor: &str,
    now: DateTime<Tz>,
) -> Result<(), InfraError> {
    let (sector, title) = TITLES[rng.gen_range(0..TITLES.len())];
    let (enterprise_id, street) = enterprises[rng.gen_range(0..enterprises.len())].clone();
    let created = now.naive_utc() - Duration::minutes(rng.gen_range(0..60 * 24 * 300));
    let major = rng.gen_bool(0.12);
    let criterion: Option<String> = if major {
        crate::schema::criteria::table
            .filter(crate::schema::criteria::sector.eq(sector))
            .select(crate::schema::criteria::code)
            .first(conn)
            .optional()?
    } else {
        None
    };
    let major = criterion.is_some();
    let status = ["reported", "rectifying", "rectifying", "pending_review", "closed", "closed", "closed", "invalid"]
        [rng.gen_range(0..8)];
    let assigned = status != "reported" && status != "invalid";
    let deadline = assigned.then(|| (created + Duration::days(rng.gen_range(7..60))).date());
    let plan = major.then(|| {
        serde_json::json!({
            "responsible": "企业主要负责人", "measures": "停用整改并复核", "funds": "10万元",
            "deadline": deadline, "contingency_plan": "设置警戒并制定应急预案"
        })
        .to_string()
    });
    let closed_at = (status == "closed").then(|| created + Duration::days(rng.gen_range(1..30)));
    let row = HazardRow {
        id: Uuid::new_v4().to_string(),
        code: String::new(),
        title: format!("{title}（示例{}）", i + 1),
        description: format!("示例数据：{title}。"),
        sector: sector.into(),
        street_code: street.into(),
        address: format!("长宁区示范路{}号", rng.gen_range(1..999)),
        latitude: Some(31.20 + rng.gen_range(0.0..0.05)),
        longitude: Some(121.36 + rng.gen_range(0.0..0.08)),
        grade: if major { "major" } else { "general" }.into(),
        criterion_code: criterion,
        source: ["inspection", "inspection", "self_check", "other"][rng.gen_range(0..4)].into(),
        status: status.into(),
        enterprise_id: Some(enterprise_id),
        enterprise_name: None,
        inspection_id: None,
        department_code: assigned.then(|| "emergency".into()),
        responsible_party: assigned.then(|| "企业安全负责人".into()),
        deadline,
        rectification_plan: plan,
        reported_by: inspector.into(),
        observed_at: Some(created),
        created_at: created,
        updated_at: created,
        closed_at,
        version: 1,
        last_submitted_by: None,
        request_hash: "demo".into(),
        overdue_recorded_for: None,
        reminded_for: None,
        close_days: closed_at.map(|c| days_to_close(created, c)),
        tip_id: None,
        filed_on: local_date(created.and_utc(), now.timezone()),
        listed: false,
        enforced: false,
    };
    let event = NewEvent {
        hazard_id: row.id.clone(),
        action: "report".into(),
        actor_id: Some(inspector.into()),
        actor_role: Some("inspector".into()),
        from_status: None,
        to_status: status.into(),
        note: Some(format!("示例数据（{supervisor}）").replace(supervisor, "演示")),
        data: None,
        created_at: created,
    };
    repo::hazards::create(conn, row, created.year(), event)?;
    Ok(())
}

/// Adds one enterprise with a valid, unused USCC in `street` and returns its id; used by
/// tests until enterprises have their own endpoints.
pub fn insert_enterprise(conn: &mut DbConnection, street: &str) -> Result<String, InfraError> {
    let n: i64 = enterprises::table.count().get_result(conn)?;
    let now = chrono::Utc::now().naive_utc();
    let row = EnterpriseRow {
        id: Uuid::now_v7().to_string(),
        name: format!("测试企业{n}"),
        uscc: uscc_for(u32::try_from(n).unwrap_or(0) + 100_000),
        street_code: street.into(),
        sector: "fire".into(),
        address: "长宁区测试路1号".into(),
        risk_class: "C".into(),
        created_at: now,
        updated_at: now,
    };
    diesel::insert_into(enterprises::table).values(&row).execute(conn)?;
    Ok(row.id)
}

#[cfg(test)]
mod tests {
    use super::uscc_for;

    #[test]
    fn demo_codes_pass_the_check() {
        for n in [1, 7, 20] {
            assert!(hazard_domain::uscc::Uscc::parse(&uscc_for(n)).is_ok());
        }
    }
}
