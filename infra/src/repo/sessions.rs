//! What an access token's validity depends on beyond its signature: the account is still
//! active, its token generation has not moved on (bumped when its rights change), and the
//! sign-in session (refresh-token family) it came from was not ended. Read by every
//! replica, so a change made through one replica is seen by all.

use diesel::prelude::*;

use crate::schema::{refresh_tokens, users};
use crate::{DbConnection, InfraError};

/// The current state of an account's sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionState {
    /// The account may sign in.
    pub active: bool,
    /// Access tokens issued at an older generation are void.
    pub generation: i64,
    /// The session (refresh-token family) was ended: logout, reuse, or revocation.
    pub family_revoked: bool,
}

/// The state of `user_id`'s session `family` (when the token names one); `None` when
/// the account does not exist.
pub fn state(conn: &mut DbConnection, user_id: &str, family: Option<&str>) -> Result<Option<SessionState>, InfraError> {
    let Some((active, generation)) = users::table
        .find(user_id)
        .select((users::active, users::token_generation))
        .first::<(bool, i64)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let family_revoked = match family {
        None => false,
        Some(f) => diesel::select(diesel::dsl::exists(
            refresh_tokens::table
                .filter(refresh_tokens::family_id.eq(f))
                .filter(refresh_tokens::user_id.eq(user_id))
                .filter(refresh_tokens::revoked_at.is_not_null()),
        ))
        .get_result(conn)?,
    };
    Ok(Some(SessionState { active, generation, family_revoked }))
}

/// The generation new access tokens of `user_id` carry.
pub fn generation(conn: &mut DbConnection, user_id: &str) -> Result<i64, InfraError> {
    Ok(users::table.find(user_id).select(users::token_generation).first(conn)?)
}

/// Voids every access token of `user_id` issued so far (role, scope or activity changed,
/// password reset); the account's refresh tokens, if still valid, get new ones.
pub fn end_access_tokens(conn: &mut DbConnection, user_id: &str) -> Result<(), InfraError> {
    diesel::update(users::table.find(user_id))
        .set(users::token_generation.eq(users::token_generation + 1))
        .execute(conn)?;
    Ok(())
}
