//! Unified social credit codes (统一社会信用代码, GB 32100-2015).

use std::fmt;

use crate::error::DomainError;

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// An 18-character code whose check character is right; the only way to make one is `parse`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uscc(String);

impl Uscc {
    /// Parses and checks a code (upper-cased first, since people type lower case).
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let code = input.trim().to_ascii_uppercase();
        let values: Option<Vec<u32>> =
            code.chars().map(|c| ALPHABET.find(c).and_then(|i| u32::try_from(i).ok())).collect();
        let Some(values) = values.filter(|v| v.len() == 18) else {
            return Err(DomainError::field("uscc", "must be 18 characters from 0-9 and A-Y without I, O, S, V, Z"));
        };
        let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
        let check = (31 - sum % 31) % 31;
        if values[17] != check {
            return Err(DomainError::field("uscc", "check character is wrong"));
        }
        Ok(Self(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes_and_rejects_wrong_checks() {
        // The GB 32100 sample code, and a published company code.
        for ok in ["91350100M000100Y43", "91440300708461136T"] {
            assert_eq!(Uscc::parse(ok).unwrap().as_str(), ok);
        }
        assert!(Uscc::parse(" 91350100m000100y43 ").is_ok());
        for bad in ["91350100M000100Y44", "91440300708461136", "91440300708461136TT", "9144030070846113IT"] {
            assert!(Uscc::parse(bad).is_err(), "{bad}");
        }
    }
}
