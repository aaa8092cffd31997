//! The one multipart reader: a single image under `file` and short text fields, each read
//! with its own limit, unknown fields refused by name.

use std::collections::HashMap;

use actix_multipart::Multipart;
use futures_util::StreamExt;

use crate::error::ApiError;

/// Longest text field, in bytes.
pub const TEXT_LIMIT: usize = 200;

/// Most parts one form may hold; a form of endless tiny parts is refused early.
const MAX_PARTS: usize = 32;

/// What a form may hold: one file under `file`, and the `texts`, each at most `max_text`
/// bytes.
pub struct Shape<'a> {
    /// The name of the file field.
    pub file: &'a str,
    /// Largest file, in bytes (413 above).
    pub max_file: usize,
    /// The text fields accepted; any other name is a 422 naming it.
    pub texts: &'a [&'a str],
    /// Longest text field, in bytes.
    pub max_text: usize,
}

/// A form read by [`read`]: the file, if sent, and the text fields by name.
#[derive(Debug, Default)]
pub struct Form {
    /// The bytes of the file field.
    pub file: Option<Vec<u8>>,
    file_name: String,
    texts: HashMap<String, String>,
}

impl Form {
    /// The trimmed text of a field, if sent and not blank.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// A number field; a non-number is a 422 naming it.
    pub fn number(&self, name: &str) -> Result<Option<f64>, ApiError> {
        self.text(name).map(|s| s.parse::<f64>().map_err(|_| ApiError::field(name, "must be a number"))).transpose()
    }

    /// The file, or a 422 naming its field.
    pub fn require_file(&mut self) -> Result<Vec<u8>, ApiError> {
        let name = &self.file_name;
        self.file.take().ok_or_else(|| ApiError::field(name, format!("missing field `{name}`")))
    }

    /// The text fields by name, as sent.
    pub fn into_texts(self) -> HashMap<String, String> {
        self.texts
    }
}

fn malformed(e: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest {
        code: "malformed_multipart",
        detail: format!("the multipart body is malformed: {e}"),
        fields: vec![],
    }
}

/// Reads a form whose text fields are `texts` (each at most [`TEXT_LIMIT`] bytes) plus
/// `file`, at most `max_file` bytes (a 413 above).
pub async fn read(multipart: Multipart, max_file: usize, texts: &[&str]) -> Result<Form, ApiError> {
    read_shaped(multipart, &Shape { file: "file", max_file, texts, max_text: TEXT_LIMIT }).await
}

/// Reads a form of `shape`. Stops reading at the first field past its limit.
pub async fn read_shaped(mut multipart: Multipart, shape: &Shape<'_>) -> Result<Form, ApiError> {
    let mut form = Form { file_name: shape.file.to_owned(), ..Form::default() };
    let mut parts = 0;
    while let Some(field) = multipart.next().await {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(malformed(format!("more than {MAX_PARTS} parts")));
        }
        let mut field = field.map_err(malformed)?;
        let name = field.name().unwrap_or("").to_owned();
        let is_file = name == shape.file;
        if !is_file && !shape.texts.contains(&name.as_str()) {
            return Err(ApiError::field(&name, "unknown form field"));
        }
        let limit = if is_file { shape.max_file } else { shape.max_text };
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(malformed)?;
            if data.len() + chunk.len() > limit {
                return Err(if is_file {
                    ApiError::PayloadTooLarge(shape.max_file)
                } else {
                    ApiError::field(&name, format!("must be at most {limit} bytes"))
                });
            }
            data.extend_from_slice(&chunk);
        }
        if is_file {
            form.file = Some(data);
        } else {
            let text = String::from_utf8(data).map_err(|_| ApiError::field(&name, "must be UTF-8 text"))?;
            if let Some(c) = super::strict::forbidden_char(&text) {
                return Err(ApiError::field(&name, super::strict::control_message(c)));
            }
            form.texts.insert(name, text);
        }
    }
    Ok(form)
}
