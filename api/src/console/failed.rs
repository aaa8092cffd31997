//! A refused form: shown again with what was typed and the problems next to their
//! fields. Every page with forms asks it the same three questions ([`Failed::value`],
//! [`Failed::problem`], [`refusal`]).

use super::labels;
use crate::error::ApiError;

/// A form that was sent and refused: shown again with what was typed and why.
#[derive(Debug, Clone, Default)]
pub struct Failed {
    /// Which form (`approve`, `list`, `enforce`, …).
    pub form: String,
    /// The fields as typed.
    pub values: Vec<(String, String)>,
    /// Problems by field.
    pub fields: Vec<(String, String)>,
    /// The whole problem, in words.
    pub message: String,
    /// The page was stale (someone else changed the hazard): reload.
    pub stale: bool,
}

impl Failed {
    /// The refusal `e` of form `form` with `values`.
    pub fn of(form: &str, values: Vec<(String, String)>, e: &ApiError) -> Failed {
        Failed {
            form: form.to_owned(),
            values,
            fields: e.fields().into_iter().map(|f| (f.field, f.message)).collect(),
            message: labels::problem(e),
            stale: e.code() == "precondition_failed",
        }
    }

    /// What was typed into `field`, else empty.
    pub fn value(&self, field: &str) -> String {
        self.values.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The problems with `field`, joined, if it was refused for any.
    pub fn problem(&self, field: &str) -> Option<String> {
        let found: Vec<&str> = self.fields.iter().filter(|(k, _)| k == field).map(|(_, m)| m.as_str()).collect();
        (!found.is_empty()).then(|| found.join("；"))
    }
}

/// The page's refusal if it was of form `form` (the one shown open, with its values).
pub fn refusal<'a>(failed: &'a Option<Failed>, form: &str) -> Option<&'a Failed> {
    failed.as_ref().filter(|f| f.form == form)
}
