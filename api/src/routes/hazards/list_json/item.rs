//! One hazard of a list page written from its borrowed row, field for field as
//! [`Hazard`](hazard_openapi::hazards::Hazard) (staff) and
//! [`PublicHazard`](hazard_openapi::clients::PublicHazard) (API clients) serialize, without
//! building either first. Only rows without an active listing are written here: their
//! `supervision` / `supervision_level` is `null`. The tests hold both forms to the wire
//! types' own serialization, so a field added to one and not the other fails them.

use super::json::{json_object, Id, Json};
use super::time::{Day, Stamp};
use crate::convert::stored_uuid;
use crate::error::ApiError;
use crate::usecases::hazards::parse_plan;
use chrono::NaiveDate;
use hazard_infra::models::ListedRef;
use hazard_openapi::enums::{GradeDto, SourceDto, StatusDto};
use hazard_openapi::hazards::RectificationPlanDto;

json_object! {
/// The staff view of a hazard with no active listing.
struct StaffItem<'a> {
    id: Id<'a>,
    code: &'a str,
    title: &'a str,
    description: &'a str,
    sector: &'a str,
    street_code: &'a str,
    address: &'a str,
    latitude: Option<f64>,
    longitude: Option<f64>,
    grade: GradeDto,
    criterion_code: Option<&'a str>,
    source: SourceDto,
    status: StatusDto,
    enterprise_id: Option<Id<'a>>,
    enterprise_name: Option<&'a str>,
    inspection_id: Option<Id<'a>>,
    department_code: Option<&'a str>,
    responsible_party: Option<&'a str>,
    deadline: Option<Day>,
    overdue: bool,
    rectification_plan: Option<RectificationPlanDto>,
    reported_by: Id<'a>,
    observed_at: Option<Stamp>,
    created_at: Stamp,
    updated_at: Stamp,
    closed_at: Option<Stamp>,
    version: i64,
    /// Always `null`: a row with an active listing is written by the full view.
    supervision: (),
}
}

json_object! {
/// The redacted third-party view of a hazard with no active listing.
struct PublicItem<'a> {
    id: Id<'a>,
    code: &'a str,
    title: &'a str,
    description: &'a str,
    sector: &'a str,
    street_code: &'a str,
    address: &'a str,
    latitude: Option<f64>,
    longitude: Option<f64>,
    grade: GradeDto,
    criterion_code: Option<&'a str>,
    source: SourceDto,
    status: StatusDto,
    department_code: Option<&'a str>,
    deadline: Option<Day>,
    overdue: bool,
    /// Always `null`, as for [`StaffItem::supervision`].
    supervision_level: (),
    created_at: Stamp,
    updated_at: Stamp,
    closed_at: Option<Stamp>,
}
}

impl<'a> From<StaffItem<'a>> for PublicItem<'a> {
    /// The redaction `PublicHazard::from(Hazard)` makes, on the borrowed forms.
    fn from(h: StaffItem<'a>) -> Self {
        PublicItem {
            id: h.id,
            code: h.code,
            title: h.title,
            description: h.description,
            sector: h.sector,
            street_code: h.street_code,
            address: h.address,
            latitude: h.latitude,
            longitude: h.longitude,
            grade: h.grade,
            criterion_code: h.criterion_code,
            source: h.source,
            status: h.status,
            department_code: h.department_code,
            deadline: h.deadline,
            overdue: h.overdue,
            supervision_level: (),
            created_at: h.created_at,
            updated_at: h.updated_at,
            closed_at: h.closed_at,
        }
    }
}

/// The staff view of `row` on district date `today`, checked as `hazard_dto` checks a row
/// (a stored code or id that does not parse is an error), so both views fail alike.
fn staff<'a>(row: &ListedRef<'a>, today: NaiveDate) -> Result<StaffItem<'a>, ApiError> {
    let status = row.status()?;
    Ok(StaffItem {
        id: Id::new(row.id, stored_uuid)?,
        code: row.code,
        title: row.title,
        description: row.description,
        sector: row.sector,
        street_code: row.street_code,
        address: row.address,
        latitude: row.latitude,
        longitude: row.longitude,
        grade: row.grade()?.into(),
        criterion_code: row.criterion_code,
        source: row.source()?.into(),
        status: status.into(),
        enterprise_id: match row.enterprise_id {
            Some(e) if Id::canonical(e) => Some(Id::Canonical(e)),
            _ => row.enterprise()?.map(Id::Parsed),
        },
        enterprise_name: row.enterprise_name,
        inspection_id: row.inspection_id.map(|i| Id::new(i, stored_uuid)).transpose()?,
        department_code: row.department_code,
        responsible_party: row.responsible_party,
        deadline: row.deadline.map(Day),
        overdue: hazard_domain::deadline::is_overdue(status, row.deadline, today),
        rectification_plan: parse_plan(row.rectification_plan)?.map(Into::into),
        reported_by: Id::new(row.reported_by, stored_uuid)?,
        observed_at: row.observed_at.map(Stamp),
        created_at: Stamp(row.created_at),
        updated_at: Stamp(row.updated_at),
        closed_at: row.closed_at.map(Stamp),
        version: row.version,
        supervision: (),
    })
}

/// Appends `row` as JSON to `out`: the public view when `public`, else the staff view, on
/// district date `today`. The row must have no active listing (`listed` is false).
pub fn write(out: &mut Vec<u8>, row: &ListedRef<'_>, public: bool, today: NaiveDate) -> Result<(), ApiError> {
    let item = staff(row, today)?;
    let written = if public { PublicItem::from(item).write_json(out) } else { item.write_json(out) };
    written.map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::hazards::view::{hazard_dto, views};
    use chrono::{DateTime, NaiveDateTime};
    use hazard_domain::hazard::{Grade, Source, Status};
    use hazard_infra::models::ListedHazard;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use uuid::Uuid;

    /// What the list wrote before it wrote rows directly: the row made a `Hazard`, then
    /// its view, then JSON.
    fn through_wire_types(row: &ListedHazard, public: bool, today: NaiveDate) -> String {
        let view = views(vec![hazard_dto(row.clone(), today).unwrap()], public).pop().unwrap();
        serde_json::to_string(&view).unwrap()
    }

    fn direct(row: &ListedHazard, public: bool, today: NaiveDate) -> String {
        let mut out = Vec::new();
        write(&mut out, &row.as_ref(), public, today).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn instant() -> impl Strategy<Value = NaiveDateTime> {
        (1_500_000_000i64..2_000_000_000, 0u32..1_000_000_000, 0usize..3).prop_map(|(s, n, round)| {
            let n = [n / 1_000 * 1_000, n / 1_000_000 * 1_000_000, 0][round];
            DateTime::from_timestamp(s, n).unwrap().naive_utc()
        })
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof!["[a-z0-9 ]{0,12}", "\\PC{0,12}", "[\"\\\\\u{0}-\u{1f}\u{7f}东城区-]{0,8}"]
    }

    fn date() -> impl Strategy<Value = NaiveDate> {
        (0i64..4000).prop_map(|d| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(d))
    }

    fn row() -> impl Strategy<Value = ListedHazard> {
        let texts = (text(), text(), text(), text(), text(), text(), proptest::option::of(text()));
        let codes = (0usize..5, 0usize..2, 0usize..4, proptest::option::of(text()), proptest::option::of(text()));
        let places = (
            proptest::option::of(-90.0f64..90.0),
            proptest::option::of(-180.0f64..180.0),
            proptest::option::of(date()),
        );
        let ids =
            (any::<u128>(), proptest::option::of(any::<u128>()), proptest::option::of(any::<u128>()), any::<u128>());
        let times =
            (proptest::option::of(instant()), instant(), instant(), proptest::option::of(instant()), 1i64..1_000_000);
        let plan = proptest::option::of((proptest::option::of(text()), proptest::option::of(date())));
        (texts, codes, places, ids, times, plan).prop_map(
            |(
                (code, title, description, sector, street, address, criterion),
                (status, grade, source, enterprise_name, responsible),
                (latitude, longitude, deadline),
                (id, enterprise, inspection, reporter),
                (observed_at, created_at, updated_at, closed_at, version),
                plan,
            )| ListedHazard {
                // Every third id in capitals: stored ids in another spelling read the same.
                id: if id % 3 == 0 {
                    Uuid::from_u128(id).to_string().to_uppercase()
                } else {
                    Uuid::from_u128(id).to_string()
                },
                code,
                title,
                description,
                sector,
                street_code: street,
                address,
                latitude,
                longitude,
                grade: Grade::ALL[grade].as_str().to_owned(),
                criterion_code: criterion,
                source: Source::ALL[source].as_str().to_owned(),
                status: Status::ALL[status].as_str().to_owned(),
                enterprise_id: enterprise.map(|e| Uuid::from_u128(e).to_string()),
                enterprise_name,
                inspection_id: inspection.map(|i| Uuid::from_u128(i).to_string()),
                department_code: responsible.as_ref().map(|_| "fire_rescue".to_owned()),
                responsible_party: responsible,
                deadline,
                rectification_plan: plan.map(|(measures, deadline)| {
                    serde_json::json!({"responsible": null, "measures": measures, "funds": "5万元",
                        "deadline": deadline, "contingency_plan": null})
                    .to_string()
                }),
                reported_by: if reporter % 3 == 0 {
                    Uuid::from_u128(reporter).simple().to_string()
                } else {
                    Uuid::from_u128(reporter).to_string()
                },
                observed_at,
                created_at,
                updated_at,
                closed_at,
                version,
                listed: false,
            },
        )
    }

    proptest! {
        #[test]
        fn a_row_written_directly_reads_exactly_as_its_wire_type(row in row(), today in date()) {
            for public in [false, true] {
                prop_assert_eq!(direct(&row, public, today), through_wire_types(&row, public, today));
            }
        }
    }

    #[test]
    fn a_stored_code_the_domain_does_not_know_is_an_error_not_a_guess() {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut row = row().new_tree(&mut runner).unwrap().current();
        row.status = "lost".into();
        let mut out = Vec::new();
        assert!(write(&mut out, &row.as_ref(), false, NaiveDate::MIN).is_err());
    }
}
