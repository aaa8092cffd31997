//! The one reader of `Authorization: Bearer <token>`. The scheme is case-insensitive
//! (RFC 9110 §11.1), so every place that needs the caller's token agrees on who is asking.

use actix_web::http::header::{HeaderMap, AUTHORIZATION};

/// Longest token accepted; a signed access token is far shorter.
const MAX_TOKEN: usize = 4096;

/// Why there is no usable token, so the 401 can say what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// No `Authorization` header at all.
    Absent,
    /// A header that is not `Bearer <token>`.
    Malformed,
}

/// The token of an `Authorization: Bearer <token>` header, whatever the scheme's case.
pub fn token(headers: &HeaderMap) -> Result<&str, Missing> {
    let value = headers.get(AUTHORIZATION).ok_or(Missing::Absent)?;
    let value = value.to_str().map_err(|_| Missing::Malformed)?;
    let (scheme, rest) = value.split_once(' ').ok_or(Missing::Malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(Missing::Malformed);
    }
    let token = rest.trim();
    if token.is_empty() || token.len() > MAX_TOKEN {
        return Err(Missing::Malformed);
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderValue;

    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn scheme_is_case_insensitive() {
        for v in ["Bearer abc", "bearer abc", "BEARER abc", "bEaReR   abc  "] {
            assert_eq!(token(&with(v)), Ok("abc"), "{v}");
        }
    }

    #[test]
    fn other_schemes_and_empty_tokens_are_malformed() {
        for v in ["Basic abc", "Bearer", "Bearer ", "Bearerabc", "Token abc"] {
            assert_eq!(token(&with(v)), Err(Missing::Malformed), "{v}");
        }
        assert_eq!(token(&HeaderMap::new()), Err(Missing::Absent));
        assert_eq!(token(&with(&format!("Bearer {}", "a".repeat(MAX_TOKEN + 1)))), Err(Missing::Malformed));
    }
}
