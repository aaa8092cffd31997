//! Short-lived HS256 access tokens.

use chrono::{DateTime, Utc};
use hazard_domain::{Actor, Role};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::verified::{expired, Verified, VerifiedTokens};
use crate::error::ApiError;

const ISSUER: &str = "hazard-api";

/// Seconds a token is still accepted after its `exp` (clock skew between replicas).
const LEEWAY: i64 = 5;

/// What an access token says about its holder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Account id.
    pub sub: Uuid,
    /// Role.
    pub role: Role,
    /// Street scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Enterprise binding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ent: Option<Uuid>,
    /// Issued at (unix seconds).
    pub iat: i64,
    /// Expires at (unix seconds).
    pub exp: i64,
    /// Always `hazard-api`.
    pub iss: String,
    /// The sign-in session (refresh-token family) the token belongs to: ending the
    /// session (logout) voids the token on every replica.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The account's token generation when issued: a change of rights bumps it.
    #[serde(default)]
    pub gen: i64,
}

/// What ties an access token to revocable server-side state (see `auth::session`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Session {
    /// The refresh-token family, when the token came from a sign-in.
    pub sid: Option<String>,
    /// The account's token generation at issue.
    pub generation: i64,
}

/// Signing and verification keys derived from the secret.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    verified: VerifiedTokens,
}

impl JwtKeys {
    /// Keys for an HS256 secret. Only HS256 is accepted on the way in, so `alg: none`
    /// and algorithm-confusion tokens fail.
    pub fn new(secret: &[u8]) -> Result<Self, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY.unsigned_abs();
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss"]);
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            verified: VerifiedTokens::default(),
        })
    }

    /// Issues a token for `actor` in `session`, valid for `ttl_secs` from `now`.
    pub fn issue(
        &self,
        actor: &Actor,
        session: &Session,
        now: DateTime<Utc>,
        ttl_secs: i64,
    ) -> Result<String, ApiError> {
        let claims = Claims {
            sub: actor.user_id,
            role: actor.role,
            street: actor.street_code.clone(),
            ent: actor.enterprise_id,
            iat: now.timestamp(),
            exp: now.timestamp() + ttl_secs,
            iss: ISSUER.into(),
            sid: session.sid.clone(),
            gen: session.generation,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::internal(format!("token signing failed: {e}")))
    }

    /// Verifies signature, algorithm, issuer and expiry (not revocation: see
    /// `auth::session`).
    pub fn verify(&self, token: &str) -> Result<Actor, ApiError> {
        self.verify_session(token).map(|(actor, _)| actor)
    }

    /// Verifies like [`JwtKeys::verify`] and also returns the token's session, which the
    /// caller checks for revocation. A token verified before is answered from memory
    /// (`auth::verified`), its expiry checked again.
    pub fn verify_session(&self, token: &str) -> Result<(Actor, Session), ApiError> {
        self.verify_at(token, i64::try_from(jsonwebtoken::get_current_timestamp()).unwrap_or(i64::MAX))
    }

    /// [`JwtKeys::verify_session`] at `now` (unix seconds) for a remembered token; a new
    /// one is verified by jsonwebtoken against the system clock.
    fn verify_at(&self, token: &str, now: i64) -> Result<(Actor, Session), ApiError> {
        if let Some(known) = self.verified.get(token) {
            if expired(known.expires, now, LEEWAY) {
                return Err(ApiError::unauthorized("the access token has expired"));
            }
            return Ok((known.actor, known.session));
        }
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            match e.kind() {
                ErrorKind::ExpiredSignature => ApiError::unauthorized("the access token has expired"),
                _ => ApiError::unauthorized("the access token is invalid"),
            }
        })?;
        let c = data.claims;
        let session = Session { sid: c.sid, generation: c.gen };
        let actor = Actor { user_id: c.sub, role: c.role, street_code: c.street, enterprise_id: c.ent };
        let known = Verified { actor: actor.clone(), session: session.clone(), expires: c.exp };
        self.verified.put(token, known, now, LEEWAY);
        Ok((actor, session))
    }
}

#[cfg(test)]
mod tests {
    use hazard_domain::Role;

    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::new(b"a-test-secret-that-is-long-enough-for-hs256").unwrap()
    }

    fn token(keys: &JwtKeys, ttl_secs: i64) -> (String, Actor) {
        let actor = Actor {
            user_id: Uuid::new_v4(),
            role: Role::Inspector,
            street_code: Some("s1".into()),
            enterprise_id: None,
        };
        let session = Session { sid: Some("family".into()), generation: 3 };
        (keys.issue(&actor, &session, Utc::now(), ttl_secs).unwrap(), actor)
    }

    fn now() -> i64 {
        Utc::now().timestamp()
    }

    #[test]
    fn a_remembered_token_still_expires() {
        let keys = keys();
        let (t, actor) = token(&keys, 60);
        let (got, session) = keys.verify_at(&t, now()).unwrap();
        assert_eq!(got.user_id, actor.user_id);
        assert_eq!(session, Session { sid: Some("family".into()), generation: 3 });
        assert_eq!(keys.verified.len(), 1);
        // Answered from memory: the same holder, and within the leeway still valid.
        assert_eq!(keys.verify_at(&t, now() + 60 + LEEWAY - 1).unwrap().0.user_id, actor.user_id);
        let late = keys.verify_at(&t, now() + 60 + LEEWAY + 2).unwrap_err();
        assert!(late.to_string().contains("expired"), "{late}");
    }

    #[test]
    fn an_altered_token_is_refused_though_the_original_is_remembered() {
        let keys = keys();
        let (t, _) = token(&keys, 60);
        keys.verify_session(&t).unwrap();
        let mut altered = t.clone().into_bytes();
        let last = altered.len() - 2;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap();
        assert!(keys.verify_session(&altered).unwrap_err().to_string().contains("invalid"));
        let other = JwtKeys::new(b"another-secret-that-is-long-enough-for-hs256").unwrap();
        assert!(other.verify_session(&t).is_err(), "another key's memo does not know the token");
        assert_eq!(keys.verified.len(), 1, "only tokens that verified are remembered");
    }

    #[test]
    fn an_expired_token_is_refused_and_not_remembered() {
        let keys = keys();
        let (t, _) = token(&keys, -60);
        assert!(keys.verify_session(&t).unwrap_err().to_string().contains("expired"));
        assert!(keys.verified.is_empty());
    }
}
