//! Reference data as the console shows it: codes with their Chinese names, for the
//! pickers of forms and filters and for naming codes in tables.

use hazard_infra::repo::reference;
use hazard_infra::DbConnection;

use crate::error::ApiError;

/// A code and its name.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The code the API takes.
    pub code: String,
    /// What people read.
    pub name: String,
}

/// Streets, sectors and departments.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// 街镇.
    pub streets: Vec<Choice>,
    /// 行业领域.
    pub sectors: Vec<Choice>,
    /// 责任单位.
    pub departments: Vec<Choice>,
}

impl Names {
    /// Loads the reference lists.
    pub fn load(conn: &mut DbConnection) -> Result<Names, ApiError> {
        Ok(Names {
            streets: reference::streets(conn)?.into_iter().map(|r| Choice { code: r.code, name: r.name }).collect(),
            sectors: reference::sectors(conn)?.into_iter().map(|r| Choice { code: r.code, name: r.name }).collect(),
            departments: reference::departments(conn)?
                .into_iter()
                .map(|r| Choice { code: r.code, name: r.name })
                .collect(),
        })
    }

    fn find(list: &[Choice], code: &str) -> String {
        list.iter().find(|c| c.code == code).map_or_else(|| code.to_owned(), |c| c.name.clone())
    }

    /// A street's name (its code when unknown).
    pub fn street(&self, code: &str) -> String {
        Self::find(&self.streets, code)
    }

    /// A sector's name.
    pub fn sector(&self, code: &str) -> String {
        Self::find(&self.sectors, code)
    }

    /// A department's name.
    pub fn department(&self, code: &str) -> String {
        Self::find(&self.departments, code)
    }

    /// The streets `street` allows: a street-scoped account's own only.
    pub fn streets_within(&self, street: Option<&str>) -> Vec<Choice> {
        self.streets.iter().filter(|c| street.is_none_or(|s| s == c.code)).cloned().collect()
    }
}
