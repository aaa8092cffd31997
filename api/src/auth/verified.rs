//! Access tokens this process has already verified. A phone or a console sends the same
//! token with every request for its whole lifetime (15 minutes by default), and checking
//! it again each time (base64, HMAC-SHA256, JSON) was 3-4 % of the server's CPU on a page
//! of the hazard list (issue 13). The answer for a token cannot change while the process
//! runs (the signing key is fixed at start-up) except through time, so a hit re-checks
//! expiry with the same rule and leeway as the first verification; revocation is not
//! decided here but per request by `auth::session`, as before.
//!
//! Only tokens that verified are kept, keyed by their whole text, so a forged or altered
//! token never matches an entry, and the memo holds at most [`CAPACITY`] entries: a caller
//! cannot grow it without minting valid tokens, which needs the secret.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use hazard_domain::Actor;

use super::jwt::Session;

/// The most tokens remembered: about as many as people signed in within a token's
/// lifetime in a district, at a few hundred bytes each.
pub const CAPACITY: usize = 4096;

/// What a verified token said.
#[derive(Debug, Clone)]
pub struct Verified {
    /// Its holder.
    pub actor: Actor,
    /// Its session, which the caller checks for revocation.
    pub session: Session,
    /// When it expires (unix seconds).
    pub expires: i64,
}

/// The memo: token text → what it said.
#[derive(Debug, Default)]
pub struct VerifiedTokens {
    entries: Mutex<HashMap<Box<str>, Verified>>,
}

impl VerifiedTokens {
    /// What `token` said when it verified, if it is remembered.
    pub fn get(&self, token: &str) -> Option<Verified> {
        self.lock().get(token).cloned()
    }

    /// Remembers `verified` for `token`. When full, first forgets the tokens expired
    /// before `now` (unix seconds) minus `leeway`, then, if that freed nothing, all of
    /// them: the memo only saves work, and every token it forgets verifies again.
    pub fn put(&self, token: &str, verified: Verified, now: i64, leeway: i64) {
        let mut entries = self.lock();
        if entries.len() >= CAPACITY && !entries.contains_key(token) {
            entries.retain(|_, v| !expired(v.expires, now, leeway));
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(token.into(), verified);
    }

    /// How many tokens are remembered.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Box<str>, Verified>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// jsonwebtoken's own rule: a token has expired once `exp < now - leeway`.
pub fn expired(expires: i64, now: i64, leeway: i64) -> bool {
    expires < now - leeway
}

#[cfg(test)]
mod tests {
    use hazard_domain::Role;
    use uuid::Uuid;

    use super::*;

    fn verified(expires: i64) -> Verified {
        Verified {
            actor: Actor { user_id: Uuid::nil(), role: Role::Inspector, street_code: None, enterprise_id: None },
            session: Session { sid: Some("s".into()), generation: 1 },
            expires,
        }
    }

    #[test]
    fn expiry_follows_the_leeway() {
        assert!(!expired(100, 100, 0));
        assert!(expired(99, 100, 0));
        assert!(!expired(95, 100, 5));
        assert!(expired(94, 100, 5));
    }

    #[test]
    fn a_token_is_found_only_by_its_exact_text() {
        let memo = VerifiedTokens::default();
        memo.put("a.b.c", verified(200), 100, 5);
        assert_eq!(memo.get("a.b.c").map(|v| v.expires), Some(200));
        assert!(memo.get("a.b.d").is_none());
        assert!(memo.get("a.b.c ").is_none());
    }

    #[test]
    fn a_full_memo_forgets_expired_tokens_first_and_never_grows_past_capacity() {
        let memo = VerifiedTokens::default();
        for i in 0..CAPACITY {
            // Every other token has expired by t = 100.
            memo.put(&format!("t{i}"), verified(if i % 2 == 0 { 50 } else { 500 }), 10, 5);
        }
        assert_eq!(memo.len(), CAPACITY);
        memo.put("new", verified(500), 100, 5);
        assert_eq!(memo.len(), CAPACITY / 2 + 1);
        assert!(memo.get("t1").is_some() && memo.get("t0").is_none() && memo.get("new").is_some());

        let full = VerifiedTokens::default();
        for i in 0..CAPACITY {
            full.put(&format!("t{i}"), verified(500), 10, 5);
        }
        full.put("t0", verified(500), 100, 5);
        assert_eq!(full.len(), CAPACITY, "a token already remembered replaces its entry");
        full.put("new", verified(500), 100, 5);
        assert_eq!(full.len(), 1, "nothing had expired: everything is forgotten");
        assert!(full.get("new").is_some());
    }
}
