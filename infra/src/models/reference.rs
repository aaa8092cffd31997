//! The district's reference lists: streets, departments, sectors and major-hazard criteria.

use diesel::prelude::*;

use crate::schema::*;

/// A street (街镇).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = streets)]
pub struct StreetRow {
    /// Stable code.
    pub code: String,
    /// Chinese name.
    pub name: String,
}

/// A responsible department (责任单位).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = departments)]
pub struct DepartmentRow {
    /// Stable code.
    pub code: String,
    /// Chinese name.
    pub name: String,
}

/// A sector (行业领域).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sectors)]
pub struct SectorRow {
    /// Stable code.
    pub code: String,
    /// Chinese name.
    pub name: String,
}

/// A major-hazard criterion clause (重大事故隐患判定标准).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = criteria)]
pub struct CriterionRow {
    /// Stable clause code.
    pub code: String,
    /// The sector it applies to.
    pub sector: String,
    /// The clause text.
    pub text: String,
    /// The standard it comes from.
    pub source: String,
}
