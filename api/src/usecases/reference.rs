//! Reference data (administrators): add a street, department, sector or criterion.

use hazard_domain::{Actor, Permission};
use hazard_infra::models::{CriterionRow, DepartmentRow, SectorRow, StreetRow};
use hazard_infra::repo::reference;
use hazard_infra::InfraError;
use hazard_openapi::reference::{CodeName, Criterion};

use super::lookups::Lookups;
use crate::error::ApiError;
use crate::state::AppState;

/// An entry to add.
pub enum Entry {
    /// A street (街镇).
    Street(CodeName),
    /// A department.
    Department(CodeName),
    /// A sector.
    Sector(CodeName),
    /// A major-hazard criterion (its sector must exist).
    Criterion(Criterion),
}

/// Adds `entry`; a code already in use is a 409.
pub fn add(st: &AppState, actor: &Actor, entry: Entry) -> Result<(), ApiError> {
    actor.may(Permission::ManageReference)?;
    let mut conn = st.conn()?;
    let (what, code, saved) = match entry {
        Entry::Street(b) => {
            ("street", b.code.clone(), reference::add_street(&mut conn, &StreetRow { code: b.code, name: b.name }))
        }
        Entry::Department(b) => (
            "department",
            b.code.clone(),
            reference::add_department(&mut conn, &DepartmentRow { code: b.code, name: b.name }),
        ),
        Entry::Sector(b) => {
            ("sector", b.code.clone(), reference::add_sector(&mut conn, &SectorRow { code: b.code, name: b.name }))
        }
        Entry::Criterion(b) => {
            let mut lookups = Lookups::new(&mut conn);
            lookups.sector("sector", &b.sector)?;
            lookups.finish()?;
            let row = CriterionRow { code: b.code.clone(), sector: b.sector, text: b.text, source: b.source };
            ("criterion", b.code, reference::add_criterion(&mut conn, &row))
        }
    };
    match saved {
        Err(InfraError::Conflict(_)) => Err(ApiError::conflict(format!("{what} `{code}` already exists"))),
        other => Ok(other?),
    }
}
