//! The one constructor of a newly reported hazard, shared by filing and by verifying a
//! public tip, so both start a hazard's life the same way.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use hazard_domain::geo::Coordinates;
use hazard_domain::hazard::lifecycle::{check_basis, CriterionRef};
use hazard_domain::hazard::{EventKind, Grade, Source, Status};
use hazard_domain::Actor;
use hazard_infra::models::{HazardRow, NewEvent};
use hazard_infra::repo::hazards;
use hazard_infra::{DbConnection, InfraError};
use uuid::Uuid;

use super::event;
use crate::error::ApiError;
use crate::usecases::lookups::Lookups;

/// What a new hazard is made of, before the rules have looked at it.
#[derive(Debug, Clone)]
pub struct NewHazard {
    /// Its id (a client-made one makes filing safe to retry).
    pub id: Uuid,
    /// Short title.
    pub title: String,
    /// What was found.
    pub description: String,
    /// Sector code.
    pub sector: String,
    /// Street code: where everything attached to the hazard must sit too.
    pub street_code: String,
    /// Address.
    pub address: String,
    /// Where, if known.
    pub coordinates: Option<Coordinates>,
    /// General or major.
    pub grade: Grade,
    /// The major-hazard criterion cited (a code, looked up by [`NewHazard::check`]).
    pub criterion_code: Option<String>,
    /// How it was found.
    pub source: Source,
    /// The enterprise concerned.
    pub enterprise_id: Option<Uuid>,
    /// The enterprise's name when it is not on record.
    pub enterprise_name: Option<String>,
    /// The inspection it was found in.
    pub inspection_id: Option<Uuid>,
    /// When it was observed.
    pub observed_at: Option<NaiveDateTime>,
    /// The public tip it was verified from.
    pub tip_id: Option<String>,
    /// What identifies the request that filed it (retries compare it).
    pub request_hash: String,
}

impl NewHazard {
    /// Checks the codes and the grading basis, and that its enterprise sits in its street;
    /// every unknown code is reported at once. Returns the criterion cited.
    pub fn check(&self, lookups: &mut Lookups<'_>) -> Result<Option<CriterionRef>, ApiError> {
        self.check_codes(lookups)?;
        self.check_rules(lookups)
    }

    /// [`NewHazard::check`] but for the street and sector codes, which the database checks
    /// on insert anyway (foreign keys): filing leaves them to it, a round trip less each,
    /// and [`explain_refusal`] looks them up when it refuses. When another mistake is
    /// found they are looked up here too, so one 422 still lists every mistake.
    pub fn check_rules(&self, lookups: &mut Lookups<'_>) -> Result<Option<CriterionRef>, ApiError> {
        if let Some(e) = self.enterprise_id {
            lookups.enterprise_in("enterprise_id", e, &self.street_code)?;
        }
        let criterion = lookups.criterion("criterion_code", self.criterion_code.as_deref())?;
        if self.criterion_code.is_none() || criterion.is_some() {
            lookups.note(check_basis(self.grade, criterion.as_ref(), &self.sector))?;
        }
        if lookups.failed() {
            self.check_codes(lookups)?;
        }
        Ok(criterion)
    }

    fn check_codes(&self, lookups: &mut Lookups<'_>) -> Result<(), ApiError> {
        lookups.street("street_code", &self.street_code)?;
        lookups.sector("sector", &self.sector)
    }

    /// The stored hazard, reported by `actor` at `now` (district date `filed_on`), and
    /// its `report` event.
    pub fn into_rows(self, actor: &Actor, now: NaiveDateTime, filed_on: NaiveDate) -> (HazardRow, NewEvent) {
        let id = self.id.to_string();
        let reported = Status::Reported.as_str();
        let event = event(actor, &id, EventKind::Report, None, reported, now);
        let row = HazardRow {
            id,
            code: String::new(),
            title: self.title,
            description: self.description,
            sector: self.sector,
            street_code: self.street_code,
            address: self.address,
            latitude: self.coordinates.map(Coordinates::latitude),
            longitude: self.coordinates.map(Coordinates::longitude),
            grade: self.grade.as_str().into(),
            criterion_code: self.criterion_code,
            source: self.source.as_str().into(),
            status: reported.into(),
            enterprise_id: self.enterprise_id.map(|e| e.to_string()),
            enterprise_name: self.enterprise_name,
            inspection_id: self.inspection_id.map(|i| i.to_string()),
            department_code: None,
            responsible_party: None,
            deadline: None,
            rectification_plan: None,
            reported_by: actor.user_id.to_string(),
            observed_at: self.observed_at,
            created_at: now,
            updated_at: now,
            closed_at: None,
            version: 1,
            last_submitted_by: None,
            request_hash: self.request_hash,
            overdue_recorded_for: None,
            reminded_for: None,
            close_days: None,
            tip_id: self.tip_id,
            filed_on,
            listed: false,
            enforced: false,
        };
        (row, event)
    }
}

/// Stores a new hazard, numbering it in the year of its filing date.
pub fn store(conn: &mut DbConnection, row: HazardRow, event: NewEvent) -> Result<HazardRow, InfraError> {
    let year = row.filed_on.year();
    hazards::create(conn, row, year, event)
}

/// Why the database refused a hazard that [`NewHazard::check_rules`] let through: its
/// street or sector code is unknown (a 422 naming the fields), or a record it refers to
/// was removed meanwhile (a 409: retry).
pub fn explain_refusal(conn: &mut DbConnection, street_code: &str, sector: &str, refusal: InfraError) -> ApiError {
    if !matches!(refusal, InfraError::UnknownReference(_)) {
        return refusal.into();
    }
    let mut lookups = Lookups::new(conn);
    let looked_up = lookups.street("street_code", street_code).and_then(|()| lookups.sector("sector", sector));
    match looked_up.and_then(|()| lookups.finish()) {
        Ok(()) => refusal.into(),
        Err(why) => why,
    }
}
