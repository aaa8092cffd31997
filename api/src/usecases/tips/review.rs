//! Reject a tip, or reward a verified one (`POST /v1/tips/{id}/reject`, `…/reward`).

use hazard_domain::tip::{self, RewardStatus};
use hazard_domain::Actor;
use hazard_infra::models::TipRow;
use hazard_infra::repo::tips;

use super::{load_for_review, status_of};
use crate::error::ApiError;
use crate::state::AppState;
use crate::usecases::retry_on_conflict;

/// Rejects tip `id` (not a hazard), with a reason.
pub fn reject(st: &AppState, actor: &Actor, id: &str, reason: String) -> Result<TipRow, ApiError> {
    let mut conn = st.conn()?;
    let before = load_for_review(&mut conn, actor, id)?;
    tip::check_review(status_of(&before)?)?;
    let after = TipRow {
        status: tip::TipStatus::Rejected.as_str().into(),
        reject_reason: Some(reason),
        updated_at: st.now_naive(),
        ..before.clone()
    };
    tips::update(&mut conn, &after, before.updated_at).map_err(retry_on_conflict)?;
    Ok(after)
}

/// Moves tip `id`'s reward to `to` with `amount` (举报奖励: pending, then granted).
pub fn reward(st: &AppState, actor: &Actor, id: &str, to: RewardStatus, amount: f64) -> Result<TipRow, ApiError> {
    let mut conn = st.conn()?;
    let before = load_for_review(&mut conn, actor, id)?;
    let current: RewardStatus = before.reward_status.parse().map_err(ApiError::internal)?;
    tip::check_reward(status_of(&before)?, current, to, amount)?;
    let after = TipRow {
        reward_status: to.as_str().into(),
        reward_amount: Some(amount),
        updated_at: st.now_naive(),
        ..before.clone()
    };
    tips::update(&mut conn, &after, before.updated_at).map_err(retry_on_conflict)?;
    Ok(after)
}
