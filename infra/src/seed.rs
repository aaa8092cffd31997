//! First-start seeding: the district's reference data (from `infra/seed/reference.json`,
//! a file other districts replace with their own) and the first administrator.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use crate::models::{CriterionRow, DepartmentRow, SectorRow, StreetRow, UserRow};
use crate::schema::{criteria, departments, sectors, streets};
use crate::{password, repo, secrets, DbConnection, InfraError};

const REFERENCE: &str = include_str!("../seed/reference.json");

#[derive(Deserialize)]
struct Named {
    code: String,
    name: String,
}

#[derive(Deserialize)]
struct Criterion {
    code: String,
    sector: String,
    text: String,
    source: String,
}

#[derive(Deserialize)]
struct Reference {
    streets: Vec<Named>,
    departments: Vec<Named>,
    sectors: Vec<Named>,
    criteria: Vec<Criterion>,
}

/// Inserts every reference entry that is missing; entries already present (or edited by
/// an administrator) are left alone, so seeding is idempotent.
pub fn reference_data(conn: &mut DbConnection) -> Result<usize, InfraError> {
    let data: Reference = serde_json::from_str(REFERENCE).map_err(|e| InfraError::Config(format!("seed file: {e}")))?;
    crate::db::write(conn, |conn| {
        let mut added = 0;
        for s in data.streets {
            if !repo::reference::street_exists(conn, &s.code)? {
                added += diesel::insert_into(streets::table)
                    .values(StreetRow { code: s.code, name: s.name })
                    .execute(conn)?;
            }
        }
        for d in data.departments {
            if !repo::reference::department_exists(conn, &d.code)? {
                added += diesel::insert_into(departments::table)
                    .values(DepartmentRow { code: d.code, name: d.name })
                    .execute(conn)?;
            }
        }
        for s in data.sectors {
            if !repo::reference::sector_exists(conn, &s.code)? {
                added += diesel::insert_into(sectors::table)
                    .values(SectorRow { code: s.code, name: s.name })
                    .execute(conn)?;
            }
        }
        for c in data.criteria {
            if repo::reference::criterion(conn, &c.code)?.is_none() {
                let row = CriterionRow { code: c.code, sector: c.sector, text: c.text, source: c.source };
                added += diesel::insert_into(criteria::table).values(row).execute(conn)?;
            }
        }
        Ok(added)
    })
}

/// What first start did about the administrator.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminSeed {
    /// Accounts already existed; nothing was done.
    Existing,
    /// Created with the configured password.
    Created,
    /// Created with this generated password, to be shown once.
    Generated(String),
}

/// Creates the `admin` account on an empty database.
pub fn admin(conn: &mut DbConnection, configured: Option<&str>, now: NaiveDateTime) -> Result<AdminSeed, InfraError> {
    if repo::users::count(conn)? > 0 {
        return Ok(AdminSeed::Existing);
    }
    let (pw, outcome) = match configured {
        Some(p) => (p.to_owned(), AdminSeed::Created),
        None => {
            let p = secrets::random_token(18);
            (p.clone(), AdminSeed::Generated(p))
        }
    };
    let row = UserRow {
        id: Uuid::now_v7().to_string(),
        username: "admin".into(),
        password_hash: password::hash(&pw)?,
        display_name: "系统管理员".into(),
        role: "admin".into(),
        street_code: None,
        department_code: None,
        enterprise_id: None,
        active: true,
        created_at: now,
        updated_at: now,
    };
    match repo::users::insert(conn, &row) {
        Ok(()) => Ok(outcome),
        // Another replica created it first.
        Err(InfraError::Conflict(_)) => Ok(AdminSeed::Existing),
        Err(e) => Err(e),
    }
}
