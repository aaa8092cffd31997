//! LEC risk scoring (D = L × E × C). A risk score, never the legal grade.

use crate::error::{DomainError, FieldError};

const L: [f64; 7] = [10.0, 6.0, 3.0, 1.0, 0.5, 0.2, 0.1];
const E: [f64; 6] = [10.0, 6.0, 3.0, 2.0, 1.0, 0.5];
const C: [f64; 6] = [100.0, 40.0, 15.0, 7.0, 3.0, 1.0];

/// The five LEC bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskLevel {
    /// D > 320.
    Extreme,
    /// 160 < D ≤ 320.
    High,
    /// 70 < D ≤ 160.
    Significant,
    /// 20 ≤ D ≤ 70.
    General,
    /// D < 20.
    Low,
}

/// A validated LEC score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lec {
    /// Likelihood.
    pub l: f64,
    /// Exposure.
    pub e: f64,
    /// Consequence.
    pub c: f64,
}

impl Lec {
    /// Accepts only the values of the LEC tables.
    pub fn parse(l: f64, e: f64, c: f64) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        for (name, v, allowed) in [("lec.l", l, &L[..]), ("lec.e", e, &E[..]), ("lec.c", c, &C[..])] {
            if !allowed.contains(&v) {
                errors.push(FieldError::new(name, format!("must be one of {allowed:?}")));
            }
        }
        if errors.is_empty() {
            Ok(Self { l, e, c })
        } else {
            Err(DomainError::Validation(errors))
        }
    }

    /// D = L × E × C.
    pub fn score(self) -> f64 {
        self.l * self.e * self.c
    }

    /// The band of the score.
    pub fn level(self) -> RiskLevel {
        match self.score() {
            d if d > 320.0 => RiskLevel::Extreme,
            d if d > 160.0 => RiskLevel::High,
            d if d > 70.0 => RiskLevel::Significant,
            d if d >= 20.0 => RiskLevel::General,
            _ => RiskLevel::Low,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        assert_eq!(Lec::parse(10.0, 10.0, 100.0).unwrap().level(), RiskLevel::Extreme);
        assert_eq!(Lec::parse(6.0, 6.0, 7.0).unwrap().level(), RiskLevel::High); // 252
        assert_eq!(Lec::parse(3.0, 6.0, 7.0).unwrap().level(), RiskLevel::Significant); // 126
        assert_eq!(Lec::parse(1.0, 6.0, 7.0).unwrap().level(), RiskLevel::General); // 42
        assert_eq!(Lec::parse(0.5, 1.0, 1.0).unwrap().level(), RiskLevel::Low);
        assert!(Lec::parse(4.0, 6.0, 7.0).is_err());
    }
}
