//! Reference data: streets, departments, sectors and major-hazard criteria. Everyone
//! signed in reads them (phones fill their pickers from here); administrators add entries.

pub mod add_criterion;
pub mod add_department;
pub mod add_sector;
pub mod add_street;
pub mod list_criteria;
pub mod list_departments;
pub mod list_sectors;
pub mod list_streets;
