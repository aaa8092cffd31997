//! The one error type of the API, rendered as RFC 9457 `application/problem+json`.

mod validation;

pub use validation::validation_fields;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use hazard_domain::{DomainError, FieldError};
use hazard_infra::InfraError;
use hazard_openapi::problem::{FieldProblem, Problem};

/// Every way a request can fail, each with one status and one stable `code`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422 `validation_failed`: the body names fields that cannot be accepted.
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    /// 400 with a code: malformed syntax, bad query parameters.
    #[error("{detail}")]
    BadRequest {
        /// Stable code.
        code: &'static str,
        /// What is wrong.
        detail: String,
        /// Fields concerned.
        fields: Vec<FieldError>,
    },
    /// 401 `unauthorized` (or `invalid_credentials` on sign-in).
    #[error("{detail}")]
    Unauthorized {
        /// Stable code.
        code: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// 403 `forbidden`.
    #[error("{0}")]
    Forbidden(String),
    /// 404 `not_found`.
    #[error("{0}")]
    NotFound(String),
    /// 409 with a code (`conflict`, `invalid_transition`).
    #[error("{detail}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// 412 `precondition_failed`: `If-Match` names an old version.
    #[error("the resource has changed since it was read")]
    PreconditionFailed {
        /// The current ETag, so the client can reload and retry.
        current_etag: String,
    },
    /// 413 `payload_too_large`.
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 415 `unsupported_media_type`.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422 `rectification_plan_incomplete`.
    #[error("the rectification plan (五落实) is incomplete: missing {}", .0.join(", "))]
    PlanIncomplete(Vec<&'static str>),
    /// 422 `photo_required`: evidence photos first.
    #[error("{0}")]
    PhotoRequired(String),
    /// 428 `precondition_required`: send `If-Match`.
    #[error("this change needs an If-Match header with the ETag you last read")]
    PreconditionRequired,
    /// 422 `idempotency_key_reused`: the key was used for a different request.
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyKeyReused,
    /// 429 `rate_limited`.
    #[error("too many attempts; retry in {0} seconds")]
    RateLimited(u64),
    /// 503 `unavailable`: the database cannot be reached.
    #[error("the service is temporarily unavailable")]
    Unavailable,
    /// 500 `internal`: logged in full with its cause chain, shown without detail.
    #[error("internal error")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// Whether this is a 409: a use case that may answer a retry instead asks.
    pub fn is_conflict(&self) -> bool {
        matches!(self, ApiError::Conflict { .. })
    }

    /// 500 keeping what went wrong (and what caused that) for the log.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        ApiError::Internal(cause.into())
    }

    /// 422 naming one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }

    /// 401 for a missing or bad token.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        ApiError::Unauthorized { code: "unauthorized", detail: detail.into() }
    }

    /// 409 `conflict`.
    pub fn conflict(detail: impl Into<String>) -> Self {
        ApiError::Conflict { code: "conflict", detail: detail.into() }
    }

    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::Conflict { code, .. } => code,
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::PreconditionFailed { .. } => "precondition_failed",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::PlanIncomplete(_) => "rectification_plan_incomplete",
            ApiError::PhotoRequired(_) => "photo_required",
            ApiError::PreconditionRequired => "precondition_required",
            ApiError::IdempotencyKeyReused => "idempotency_key_reused",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::Unavailable => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The fields the problem names, with their messages.
    pub fn fields(&self) -> Vec<FieldProblem> {
        let fields: &[FieldError] = match self {
            ApiError::Validation(f) | ApiError::BadRequest { fields: f, .. } => f,
            _ => &[],
        };
        let mut out: Vec<FieldProblem> =
            fields.iter().map(|f| FieldProblem { field: f.field.clone(), message: f.message.clone() }).collect();
        if let ApiError::PhotoRequired(detail) = self {
            out = vec![FieldProblem { field: "photos".into(), message: detail.clone() }];
        }
        if let ApiError::PlanIncomplete(missing) = self {
            out = missing
                .iter()
                .map(|m| FieldProblem {
                    field: format!("rectification_plan.{m}"), message: "required (五落实)".into()
                })
                .collect();
        }
        out
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_)
            | ApiError::PlanIncomplete(_)
            | ApiError::PhotoRequired(_)
            | ApiError::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = %cause_chain(cause.as_ref()), "internal error");
        }
        let code = self.code();
        let problem = Problem {
            kind: format!("https://hazard-api.example/problems/{}", code.replace('_', "-")),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.to_string(),
            code: code.to_owned(),
            errors: self.fields(),
        };
        let mut res = HttpResponse::build(status);
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        match self {
            ApiError::RateLimited(secs) => {
                res.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            ApiError::Unauthorized { .. } => {
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::PreconditionFailed { current_etag } => {
                if let Ok(v) = HeaderValue::from_str(current_etag) {
                    res.insert_header((header::ETAG, v));
                }
            }
            _ => {}
        }
        res.body(serde_json::to_string(&problem).unwrap_or_default())
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Validation(f) => ApiError::Validation(f),
            DomainError::InvalidTransition(d) => ApiError::Conflict { code: "invalid_transition", detail: d },
            DomainError::Forbidden(d) => ApiError::Forbidden(d),
            DomainError::PlanIncomplete(m) => ApiError::PlanIncomplete(m),
            DomainError::PhotoRequired(d) => ApiError::PhotoRequired(d),
        }
    }
}

impl From<InfraError> for ApiError {
    fn from(e: InfraError) -> Self {
        match e {
            InfraError::NotFound => ApiError::NotFound("not found".into()),
            InfraError::Conflict(what) => ApiError::conflict(format!("conflicts with existing data ({what})")),
            InfraError::UnknownReference(what) => {
                ApiError::conflict(format!("refers to a record that no longer exists ({what}); retry"))
            }
            InfraError::Unavailable(detail) => {
                tracing::warn!(error = %detail, "a backing service is unavailable");
                ApiError::Unavailable
            }
            other => ApiError::Internal(Box::new(other)),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::internal(e)
    }
}

/// `error: cause: cause of the cause`, so the log shows why, not only what.
pub fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

/// Runs blocking database work on the thread pool and flattens both error layers. In a
/// keyed request the work joins the request's unit (see [`crate::idempotency::ticket`]).
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let ticket = crate::idempotency::ticket::Ticket::current();
    actix_web::web::block(move || {
        let _entered = crate::idempotency::ticket::Ticket::enter(ticket);
        f()
    })
    .await?
}
