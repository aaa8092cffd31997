//! The enterprise register: register an enterprise, change one. A USCC is registered once.

use hazard_domain::enterprise::RiskClass;
use hazard_domain::uscc::Uscc;
use hazard_domain::{Actor, Permission};
use hazard_infra::models::EnterpriseRow;
use hazard_infra::repo::enterprises;
use hazard_infra::InfraError;
use hazard_openapi::enterprises::{CreateEnterprise, UpdateEnterprise};
use uuid::Uuid;

use super::lookups::Lookups;
use crate::convert::stored_uuid;
use crate::error::ApiError;
use crate::state::AppState;

fn taken(e: InfraError, uscc: &str) -> ApiError {
    match e {
        InfraError::Conflict(_) => ApiError::conflict(format!("USCC {uscc} is already registered")),
        other => other.into(),
    }
}

/// Loads an enterprise the actor may see (its register scope); otherwise 404.
pub fn load_visible(st: &AppState, actor: &Actor, id: &str) -> Result<EnterpriseRow, ApiError> {
    let row = enterprises::get(&mut *st.conn()?, id)?.ok_or_else(|| ApiError::NotFound("no such enterprise".into()))?;
    if actor.register_scope().admits(&row.street_code, Some(stored_uuid(&row.id)?)) {
        Ok(row)
    } else {
        Err(ApiError::NotFound("no such enterprise".into()))
    }
}

/// Registers an enterprise in a street the actor may register in.
pub fn register(st: &AppState, actor: &Actor, cmd: CreateEnterprise) -> Result<EnterpriseRow, ApiError> {
    actor.may_register_in(&cmd.street_code)?;
    let uscc = Uscc::parse(&cmd.uscc)?;
    let mut conn = st.conn()?;
    let mut lookups = Lookups::new(&mut conn);
    lookups.street("street_code", &cmd.street_code)?;
    lookups.sector("sector", &cmd.sector)?;
    lookups.finish()?;
    let now = st.now_naive();
    let row = EnterpriseRow {
        id: Uuid::now_v7().to_string(),
        name: cmd.name,
        uscc: uscc.as_str().to_owned(),
        street_code: cmd.street_code,
        sector: cmd.sector,
        address: cmd.address,
        risk_class: RiskClass::from(cmd.risk_class).as_str().into(),
        created_at: now,
        updated_at: now,
    };
    enterprises::insert(&mut conn, &row).map_err(|e| taken(e, &row.uscc))?;
    Ok(row)
}

/// Changes enterprise `id` (staff in its street, or administrators).
pub fn update(st: &AppState, actor: &Actor, id: &str, cmd: UpdateEnterprise) -> Result<EnterpriseRow, ApiError> {
    actor.may(Permission::ManageEnterprises)?;
    let uscc = cmd.uscc.as_deref().map(Uscc::parse).transpose()?;
    if let Some(street) = &cmd.street_code {
        actor.may_register_in(street)?;
    }
    let mut row = load_visible(st, actor, id)?;
    let mut conn = st.conn()?;
    let mut lookups = Lookups::new(&mut conn);
    if let Some(s) = &cmd.street_code {
        lookups.street("street_code", s)?;
        row.street_code = s.clone();
    }
    if let Some(s) = &cmd.sector {
        lookups.sector("sector", s)?;
        row.sector = s.clone();
    }
    lookups.finish()?;
    if let Some(n) = cmd.name {
        row.name = n;
    }
    if let Some(a) = cmd.address {
        row.address = a;
    }
    if let Some(u) = uscc {
        row.uscc = u.as_str().to_owned();
    }
    if let Some(c) = cmd.risk_class {
        row.risk_class = RiskClass::from(c).as_str().into();
    }
    row.updated_at = st.now_naive();
    enterprises::update(&mut conn, &row).map_err(|e| taken(e, &row.uscc))?;
    Ok(row)
}
