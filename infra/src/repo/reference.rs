//! Reference data: streets, departments, sectors and major-hazard criteria.

use diesel::prelude::*;

use crate::models::{CriterionRow, DepartmentRow, SectorRow, StreetRow};
use crate::schema::{criteria, departments, sectors, streets};
use crate::{DbConnection, InfraError};

/// All streets, in code order.
pub fn streets(conn: &mut DbConnection) -> Result<Vec<StreetRow>, InfraError> {
    Ok(streets::table.order(streets::code).select(StreetRow::as_select()).load(conn)?)
}

/// All departments, in code order.
pub fn departments(conn: &mut DbConnection) -> Result<Vec<DepartmentRow>, InfraError> {
    Ok(departments::table.order(departments::code).select(DepartmentRow::as_select()).load(conn)?)
}

/// All sectors, in code order.
pub fn sectors(conn: &mut DbConnection) -> Result<Vec<SectorRow>, InfraError> {
    Ok(sectors::table.order(sectors::code).select(SectorRow::as_select()).load(conn)?)
}

/// Criteria, optionally of one sector, in code order.
pub fn criteria(conn: &mut DbConnection, sector: Option<&str>) -> Result<Vec<CriterionRow>, InfraError> {
    let mut query = criteria::table.order(criteria::code).select(CriterionRow::as_select()).into_boxed();
    if let Some(s) = sector {
        query = query.filter(criteria::sector.eq(s.to_owned()));
    }
    Ok(query.load(conn)?)
}

/// One criterion.
pub fn criterion(conn: &mut DbConnection, code: &str) -> Result<Option<CriterionRow>, InfraError> {
    Ok(criteria::table.find(code).select(CriterionRow::as_select()).first(conn).optional()?)
}

/// Whether a street exists.
pub fn street_exists(conn: &mut DbConnection, code: &str) -> Result<bool, InfraError> {
    Ok(diesel::select(diesel::dsl::exists(streets::table.find(code))).get_result(conn)?)
}

/// Whether a department exists.
pub fn department_exists(conn: &mut DbConnection, code: &str) -> Result<bool, InfraError> {
    Ok(diesel::select(diesel::dsl::exists(departments::table.find(code))).get_result(conn)?)
}

/// Whether a sector exists.
pub fn sector_exists(conn: &mut DbConnection, code: &str) -> Result<bool, InfraError> {
    Ok(diesel::select(diesel::dsl::exists(sectors::table.find(code))).get_result(conn)?)
}

/// Adds a street; a duplicate code is a conflict.
pub fn add_street(conn: &mut DbConnection, row: &StreetRow) -> Result<(), InfraError> {
    diesel::insert_into(streets::table).values(row).execute(conn)?;
    Ok(())
}

/// Adds a department; a duplicate code is a conflict.
pub fn add_department(conn: &mut DbConnection, row: &DepartmentRow) -> Result<(), InfraError> {
    diesel::insert_into(departments::table).values(row).execute(conn)?;
    Ok(())
}

/// Adds a sector; a duplicate code is a conflict.
pub fn add_sector(conn: &mut DbConnection, row: &SectorRow) -> Result<(), InfraError> {
    diesel::insert_into(sectors::table).values(row).execute(conn)?;
    Ok(())
}

/// Adds a criterion; a duplicate code is a conflict.
pub fn add_criterion(conn: &mut DbConnection, row: &CriterionRow) -> Result<(), InfraError> {
    diesel::insert_into(criteria::table).values(row).execute(conn)?;
    Ok(())
}
