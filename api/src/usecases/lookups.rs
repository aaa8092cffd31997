//! Reference look-ups that gather every unknown code into one 422, so a form shows all
//! its mistakes at once.

use hazard_domain::access::same_street;
use hazard_domain::hazard::lifecycle::CriterionRef;
use hazard_domain::{DomainError, FieldError};
use hazard_infra::repo::{enterprises, inspections, reference};
use hazard_infra::DbConnection;
use uuid::Uuid;

use crate::error::ApiError;

/// Collects field errors while looking codes up.
pub struct Lookups<'c> {
    conn: &'c mut DbConnection,
    errors: Vec<FieldError>,
}

impl<'c> Lookups<'c> {
    /// Starts a round of look-ups on `conn`.
    pub fn new(conn: &'c mut DbConnection) -> Self {
        Self { conn, errors: Vec::new() }
    }

    /// Notes a refusal from the domain (a 422 adds its fields; anything else is returned).
    pub fn note(&mut self, result: Result<(), DomainError>) -> Result<(), ApiError> {
        match result {
            Ok(()) => Ok(()),
            Err(DomainError::Validation(fields)) => {
                self.errors.extend(fields);
                Ok(())
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Checks a street code.
    pub fn street(&mut self, field: &str, code: &str) -> Result<(), ApiError> {
        if !reference::street_exists(self.conn, code)? {
            self.errors.push(FieldError::new(field, format!("unknown street `{code}`")));
        }
        Ok(())
    }

    /// Checks a sector code.
    pub fn sector(&mut self, field: &str, code: &str) -> Result<(), ApiError> {
        if !reference::sector_exists(self.conn, code)? {
            self.errors.push(FieldError::new(field, format!("unknown sector `{code}`")));
        }
        Ok(())
    }

    /// Checks a department code.
    pub fn department(&mut self, field: &str, code: &str) -> Result<(), ApiError> {
        if !reference::department_exists(self.conn, code)? {
            self.errors.push(FieldError::new(field, format!("unknown department `{code}`")));
        }
        Ok(())
    }

    /// Resolves a criterion code.
    pub fn criterion(&mut self, field: &str, code: Option<&str>) -> Result<Option<CriterionRef>, ApiError> {
        let Some(code) = code else { return Ok(None) };
        match reference::criterion(self.conn, code)? {
            Some(c) => Ok(Some(CriterionRef { code: c.code, sector: c.sector })),
            None => {
                self.errors.push(FieldError::new(field, format!("unknown criterion `{code}`")));
                Ok(None)
            }
        }
    }

    /// Checks that an enterprise exists and sits in the hazard's street.
    pub fn enterprise_in(&mut self, field: &str, id: Uuid, hazard_street: &str) -> Result<(), ApiError> {
        match enterprises::street_of(self.conn, &id.to_string())? {
            None => self.errors.push(FieldError::new(field, "unknown enterprise")),
            Some(street) => self.note(same_street(field, hazard_street, &street))?,
        }
        Ok(())
    }

    /// Loads an inspection, checking it sits in the hazard's street; `None` if unknown.
    pub fn inspection_in(
        &mut self,
        field: &str,
        id: Uuid,
        hazard_street: &str,
    ) -> Result<Option<hazard_infra::models::InspectionRow>, ApiError> {
        match inspections::get(self.conn, &id.to_string())? {
            None => {
                self.errors.push(FieldError::new(field, "unknown inspection"));
                Ok(None)
            }
            Some(i) => {
                self.note(same_street(field, hazard_street, &i.street_code))?;
                Ok(Some(i))
            }
        }
    }

    /// Whether a look-up has failed so far.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The connection, for look-ups of the caller's own.
    pub fn conn(&mut self) -> &mut DbConnection {
        self.conn
    }

    /// `Ok` when every look-up succeeded, else one 422 listing every field.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}
