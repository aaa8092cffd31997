//! WGS-84 coordinates, checked once at the edge and trusted afterwards.

use crate::error::{DomainError, FieldError};

/// A validated WGS-84 point (what phone GPS reports).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    latitude: f64,
    longitude: f64,
}

impl Coordinates {
    /// Parses a latitude/longitude pair, naming each bad field.
    pub fn parse(latitude: f64, longitude: f64) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        if !latitude.is_finite() || !(-90.0..=90.0).contains(&latitude) {
            errors.push(FieldError::new("latitude", "must be between -90 and 90"));
        }
        if !longitude.is_finite() || !(-180.0..=180.0).contains(&longitude) {
            errors.push(FieldError::new("longitude", "must be between -180 and 180"));
        }
        if errors.is_empty() {
            Ok(Self { latitude, longitude })
        } else {
            Err(DomainError::Validation(errors))
        }
    }

    /// Parses an optional pair: both or neither (a lone coordinate names the missing one).
    pub fn parse_optional(latitude: Option<f64>, longitude: Option<f64>) -> Result<Option<Self>, DomainError> {
        match (latitude, longitude) {
            (Some(lat), Some(lon)) => Self::parse(lat, lon).map(Some),
            (None, None) => Ok(None),
            (None, Some(_)) => Err(DomainError::field("latitude", "give both coordinates or neither")),
            (Some(_), None) => Err(DomainError::field("longitude", "give both coordinates or neither")),
        }
    }

    /// Degrees north.
    pub fn latitude(self) -> f64 {
        self.latitude
    }

    /// Degrees east.
    pub fn longitude(self) -> f64 {
        self.longitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_enforced_per_field() {
        assert!(Coordinates::parse(31.22, 121.42).is_ok());
        assert!(Coordinates::parse(-90.0, 180.0).is_ok());
        let Err(DomainError::Validation(f)) = Coordinates::parse(91.0, 121.0) else { panic!() };
        assert_eq!(f[0].field, "latitude");
        let Err(DomainError::Validation(f)) = Coordinates::parse(f64::NAN, -181.0) else { panic!() };
        assert_eq!(f.len(), 2);
        assert_eq!(Coordinates::parse_optional(None, None), Ok(None));
        let Err(DomainError::Validation(f)) = Coordinates::parse_optional(None, Some(121.0)) else { panic!() };
        assert_eq!(f[0].field, "latitude");
        assert!(Coordinates::parse_optional(Some(31.0), Some(121.0)).unwrap().is_some());
    }
}
