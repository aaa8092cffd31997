//! Refuses control characters in the path and the query string before any handler runs:
//! 422 naming the parameter (`path` for the path), the same on SQLite and PostgreSQL
//! (PostgreSQL cannot store NUL, SQLite would). Open311 paths answer in the GeoReport
//! error format, with its 400 for a refused parameter. Headers need no check here: the HTTP parser already refuses control
//! characters in them.

use std::borrow::Cow;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::ResponseError;

use crate::error::ApiError;
use crate::extract::strict::{control_message, forbidden_char};
use crate::routes::open311::{render, Format};

/// The first refused input of a request: the parameter's name and the reason.
fn refused(path: &str, query: &str) -> Option<(String, String)> {
    let decoded = percent_decode(path);
    if let Some(c) = forbidden_char(&decoded) {
        return Some(("path".into(), control_message(c)));
    }
    form_urlencoded::parse(query.as_bytes()).find_map(|(k, v)| {
        forbidden_char(&k).or_else(|| forbidden_char(&v)).map(|c| (sanitize(&k), control_message(c)))
    })
}

/// A parameter name fit to show back: its refused characters escaped.
fn sanitize(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { format!("\\u{{{:04x}}}", u32::from(c)) } else { c.to_string() }).collect()
}

fn percent_decode(path: &str) -> Cow<'_, str> {
    if !path.contains('%') {
        return Cow::Borrowed(path);
    }
    // form_urlencoded decodes %XX (and `+`, which a path never needs decoded to see controls).
    let decoded: String = form_urlencoded::parse(format!("p={}", path.replace('&', "%26")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    Cow::Owned(decoded)
}

/// The middleware.
pub async fn middleware<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let raw_path = req.uri().path().to_owned();
    let Some((field, message)) = refused(&raw_path, req.query_string()) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let res = if raw_path.starts_with("/open311/") {
        let format = if raw_path.ends_with(".xml") { Format::Xml } else { Format::Json };
        // GeoReport answers every refused parameter with 400, like the handlers do.
        render::error(format, 400, &format!("{field}: {message}"))
    } else {
        ApiError::field(&field, message).error_response()
    };
    Ok(req.into_response(res).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_parameter_or_the_path() {
        assert_eq!(refused("/v1/hazards", "q=a%00b").map(|r| r.0), Some("q".into()));
        assert_eq!(refused("/v1/public/tips/A%01B", "").map(|r| r.0), Some("path".into()));
        assert_eq!(refused("/v1/hazards", "q=tab%09ok&street=x"), None);
        assert_eq!(refused("/v1/hazards", "q=%E9%95%BF%E5%AE%81"), None);
    }
}
