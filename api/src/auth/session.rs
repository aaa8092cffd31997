//! Revocation of access tokens across replicas. A JWT is valid until it expires, so on
//! its own a deactivated account, a demoted one, or a signed-out phone would keep its
//! rights for the token's lifetime. Every authenticated request therefore also checks,
//! against the database, that the account is active, that its token generation is the
//! one in the token (bumped when its role, scope or password changes) and that the
//! token's session was not ended (logout). The answer is cached per token session for
//! `HAZARD_SESSION_RECHECK_SECS` (2 s by default), so a change made through any replica
//! takes effect on all of them within that time, at the cost of one small query per
//! session every few seconds.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::web;
use hazard_domain::Actor;
use hazard_infra::repo::sessions;
use uuid::Uuid;

use super::jwt::Session;
use crate::error::ApiError;
use crate::state::AppState;

type Key = (Uuid, Session);

/// Above this many cached answers, expired ones are dropped.
const PRUNE_ABOVE: usize = 10_000;

/// Recent answers to "is this token's session still valid?".
#[derive(Debug)]
pub struct SessionCache {
    ttl: Duration,
    answers: Mutex<HashMap<Key, (bool, Instant)>>,
}

impl SessionCache {
    /// Answers are reused for `ttl` (zero: ask the database every time).
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, answers: Mutex::new(HashMap::new()) }
    }

    fn cached(&self, key: &Key) -> Option<bool> {
        let answers = self.answers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        answers.get(key).filter(|(_, at)| at.elapsed() < self.ttl).map(|(valid, _)| *valid)
    }

    fn remember(&self, key: Key, valid: bool) {
        if self.ttl.is_zero() {
            return;
        }
        let mut answers = self.answers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if answers.len() > PRUNE_ABOVE {
            let ttl = self.ttl;
            answers.retain(|_, (_, at)| at.elapsed() < ttl);
        }
        answers.insert(key, (valid, Instant::now()));
    }
}

/// Refuses (401) a verified token whose account or session no longer allows it.
pub async fn ensure_current(state: &AppState, actor: &Actor, session: Session) -> Result<(), ApiError> {
    let key = (actor.user_id, session);
    let valid = match state.sessions.cached(&key) {
        Some(valid) => valid,
        None => {
            let st = state.clone();
            let (user, sid, generation) = (actor.user_id.to_string(), key.1.sid.clone(), key.1.generation);
            let found = web::block(move || -> Result<_, ApiError> {
                Ok(sessions::state(&mut *st.conn()?, &user, sid.as_deref())?)
            })
            .await??;
            let valid = found.is_some_and(|s| s.active && s.generation == generation && !s.family_revoked);
            state.sessions.remember(key, valid);
            valid
        }
    };
    if valid {
        Ok(())
    } else {
        Err(ApiError::unauthorized("the access token was revoked: sign in again or refresh it"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_expire() {
        let key = (Uuid::nil(), Session { sid: None, generation: 0 });
        let cache = SessionCache::new(Duration::from_millis(30));
        assert_eq!(cache.cached(&key), None);
        cache.remember(key.clone(), true);
        assert_eq!(cache.cached(&key), Some(true));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(cache.cached(&key), None);
        let never = SessionCache::new(Duration::ZERO);
        never.remember(key.clone(), true);
        assert_eq!(never.cached(&key), None);
    }
}
