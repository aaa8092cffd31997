//! Reference data: streets, departments, sectors, major-hazard criteria.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// A coded entry with a Chinese name (street, department or sector).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CodeName {
    /// Stable code: 1-64 of `a-z 0-9 _`.
    #[validate(length(min = 1, max = 64), custom(function = "crate::reference::check_code"))]
    #[schema(min_length = 1, max_length = 64, pattern = r"^[a-z0-9_]+$")]
    pub code: String,
    /// Display name, e.g. 华阳路街道.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

/// A major-hazard criterion clause (判定依据).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Clause code, e.g. `FIRE-01`: 1-32 of `A-Z 0-9 -`.
    #[validate(length(min = 1, max = 32), custom(function = "crate::reference::check_criterion_code"))]
    #[schema(min_length = 1, max_length = 32, pattern = r"^[A-Z0-9-]+$")]
    pub code: String,
    /// The sector it applies to.
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub sector: String,
    /// The clause text.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub text: String,
    /// The standard it comes from.
    #[validate(length(min = 1, max = 300))]
    #[schema(min_length = 1, max_length = 300)]
    pub source: String,
}

/// Reference codes are plain lower-case ASCII, safe in URLs and filters.
pub fn check_code(code: &str) -> Result<(), validator::ValidationError> {
    if code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        Ok(())
    } else {
        Err(validator::ValidationError::new("code").with_message("only a-z, 0-9 and '_'".into()))
    }
}

/// Criterion codes are upper-case, as printed in the catalogue.
pub fn check_criterion_code(code: &str) -> Result<(), validator::ValidationError> {
    if code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-') {
        Ok(())
    } else {
        Err(validator::ValidationError::new("code").with_message("only A-Z, 0-9 and '-'".into()))
    }
}
