//! Validator errors as the API's field problems: dotted paths, readable messages.

use hazard_domain::FieldError;

use super::ApiError;

impl From<validator::ValidationErrors> for ApiError {
    fn from(e: validator::ValidationErrors) -> Self {
        ApiError::Validation(validation_fields("", &e))
    }
}

/// Flattens nested validator errors into dotted field paths.
pub fn validation_fields(prefix: &str, errors: &validator::ValidationErrors) -> Vec<FieldError> {
    use validator::ValidationErrorsKind;
    let mut out = Vec::new();
    let mut entries: Vec<_> = errors.errors().iter().collect();
    entries.sort_by_key(|(k, _)| k.to_string());
    for (field, kind) in entries {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(errs) => {
                for err in errs {
                    let message = err.message.as_ref().map(ToString::to_string).unwrap_or_else(|| describe(err));
                    out.push(FieldError::new(path.clone(), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => out.extend(validation_fields(&path, inner)),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    out.extend(validation_fields(&format!("{path}[{i}]"), inner));
                }
            }
        }
    }
    out
}

fn describe(err: &validator::ValidationError) -> String {
    let param = |name: &str| err.params.get(name).map(ToString::to_string);
    match err.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            _ => "invalid length".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "out of range".into(),
        },
        other => format!("invalid ({other})"),
    }
}
