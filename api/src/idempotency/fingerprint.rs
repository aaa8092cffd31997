//! What identifies a request across retries: a digest of its method, target, media type
//! and normalised body.

use hazard_infra::secrets::sha256_hex;

/// What identifies a request across retries: method, target, media type and body.
/// Public so that tests can stand in for a request that died holding its key.
pub fn fingerprint(method: &str, uri: &str, full_type: &str, bytes: &[u8]) -> String {
    let content_type = full_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let mut material = format!("{method} {uri} {content_type}\n").into_bytes();
    material.extend_from_slice(&normalised_body(full_type, &content_type, bytes));
    sha256_hex(&material)
}

/// What identifies a body across retries. JSON bodies count by their value, so a retry
/// that re-serialises the same object with other spacing or key order still matches;
/// multipart bodies count without their boundary, which clients pick anew per attempt.
fn normalised_body(full_type: &str, content_type: &str, bytes: &[u8]) -> Vec<u8> {
    if content_type == "application/json" {
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
            return serde_json::to_vec(&canonical(v)).unwrap_or_else(|_| bytes.to_vec());
        }
    }
    if content_type == "multipart/form-data" {
        let boundary = full_type
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("boundary="))
            .map(|b| b.trim_matches('"'))
            .find(|b| !b.is_empty());
        if let Some(b) = boundary {
            return replace_all(bytes, b.as_bytes(), b"BOUNDARY");
        }
    }
    bytes.to_vec()
}

fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

fn canonical(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, canonical(v))).collect())
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_normalise_across_retries() {
        let a = normalised_body("application/json", "application/json", br#"{"b":1, "a":[{"y":2,"x":1}]}"#);
        let b = normalised_body("application/json", "application/json", br#"{"a":[{"x":1,"y":2}],"b":1}"#);
        assert_eq!(a, b);
        let m1 = normalised_body("multipart/form-data; boundary=abc", "multipart/form-data", b"--abc\r\nX\r\n--abc--");
        let m2 =
            normalised_body("multipart/form-data; boundary=\"zz9\"", "multipart/form-data", b"--zz9\r\nX\r\n--zz9--");
        assert_eq!(m1, m2);
        let m3 = normalised_body("multipart/form-data; boundary=abc", "multipart/form-data", b"--abc\r\nY\r\n--abc--");
        assert_ne!(m1, m3);
    }
}
