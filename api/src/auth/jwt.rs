//! Short-lived HS256 access tokens.

use chrono::{DateTime, Utc};
use hazard_domain::{Actor, Role};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ApiError;

const ISSUER: &str = "hazard-api";

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
}

/// Signing and verification keys derived from the secret.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    /// Keys for an HS256 secret. Only HS256 is accepted on the way in, so `alg: none`
    /// and algorithm-confusion tokens fail.
    pub fn new(secret: &[u8]) -> Result<Self, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss"]);
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
        })
    }

    /// Issues a token for `actor`, valid for `ttl_secs` from `now`.
    pub fn issue(&self, actor: &Actor, now: DateTime<Utc>, ttl_secs: i64) -> Result<String, ApiError> {
        let claims = Claims {
            sub: actor.user_id,
            role: actor.role,
            street: actor.street_code.clone(),
            ent: actor.enterprise_id,
            iat: now.timestamp(),
            exp: now.timestamp() + ttl_secs,
            iss: ISSUER.into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::internal(format!("token signing failed: {e}")))
    }

    /// Verifies signature, algorithm, issuer and expiry.
    pub fn verify(&self, token: &str) -> Result<Actor, ApiError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            match e.kind() {
                ErrorKind::ExpiredSignature => ApiError::unauthorized("the access token has expired"),
                _ => ApiError::unauthorized("the access token is invalid"),
            }
        })?;
        let c = data.claims;
        Ok(Actor { user_id: c.sub, role: c.role, street_code: c.street, enterprise_id: c.ent })
    }
}
